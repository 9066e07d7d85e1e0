/** The agent id used when an attempt names none. */
export const DEFAULT_SOURCE_AGENT = "unknown";

/** What a caller passes to the guard: only `connectorName` is required. */
export interface ConnectionAttemptInit {
  /** The connector (tool) being called. */
  readonly connectorName: string;
  /**
   * The calling agent's id; defaults to `"unknown"`. A verified capability token's `sub`
   * replaces it.
   */
  readonly sourceAgent?: string;
  /** The call's input, checked against the connector's `inputSchema`; defaults to `{}`. */
  readonly inputData?: unknown;
  /** When the call was attempted; defaults to now. */
  readonly timestamp?: Date;
  /**
   * A capability token (a compact JWT) proving who the agent is and what it holds. Checked
   * when the guard is configured with `capabilityTokens`; never recorded in the audit trail.
   * Adapters take it from the framework's call context, never from model output.
   */
  readonly capabilityToken?: string;
  /**
   * The hash of the live tool's definition (`toolDefinitionHash({ description, inputSchema })`),
   * compared with the connector's `pin`. Adapters compute it from the tool they wrap.
   */
  readonly toolDefinitionHash?: string;
  /**
   * Set by adapters (and the MCP proxy): a call that names no agent and carries no token is
   * denied rather than run as `"unknown"`, since there a missing identity is a wiring mistake.
   * A string says, in the denial, how to pass one in that setting. Never recorded.
   */
  readonly identityRequired?: boolean | string;
}

/** One call of an agent to a connector, as the guard records it (never with the token). */
export interface ConnectionAttempt {
  readonly connectorName: string;
  /** The agent: the verified token's `sub` when a token was accepted, else the name given. */
  readonly sourceAgent: string;
  readonly inputData: unknown;
  readonly timestamp: Date;
  /** The tool definition hash the attempt carried, when it carried one. */
  readonly toolDefinitionHash?: string;
}

/**
 * Fills an attempt's defaults — agent `"unknown"`, input `{}`, timestamp `now` (default: the
 * current time) — and leaves out
 * the capability token. Tolerates a malformed init (the pipeline denies it with a reason): a
 * name that is not a string is recorded as a description of its type.
 *
 * @example
 * createConnectionAttempt({ connectorName: "calculator" }).sourceAgent; // "unknown"
 */
export function createConnectionAttempt(
  init: ConnectionAttemptInit,
  now?: Date,
): ConnectionAttempt {
  const given = (typeof init === "object" && init !== null ? init : {}) as Partial<
    Record<keyof ConnectionAttemptInit, unknown>
  >;
  const hash = given.toolDefinitionHash;
  return buildConnectionAttempt(
    nameOf(given.connectorName, "connectorName"),
    given.sourceAgent === undefined
      ? DEFAULT_SOURCE_AGENT
      : nameOf(given.sourceAgent, "sourceAgent"),
    given.inputData === undefined ? {} : given.inputData,
    given.timestamp instanceof Date ? given.timestamp : (now ?? new Date()),
    hash === undefined ? undefined : nameOf(hash, "toolDefinitionHash"),
  );
}

/**
 * A `ConnectionAttempt` built as an object literal. Copies on the hot path go through it
 * rather than `{ ...attempt, field }`: on Node 20 that spread leaves V8's fast path and costs
 * about 50 times as much (≈370 ns against ≈7 ns, `pnpm bench` machine).
 */
export function buildConnectionAttempt(
  connectorName: string,
  sourceAgent: string,
  inputData: unknown,
  timestamp: Date,
  toolDefinitionHash: string | undefined,
): ConnectionAttempt {
  return toolDefinitionHash === undefined
    ? { connectorName, sourceAgent, inputData, timestamp }
    : { connectorName, sourceAgent, inputData, timestamp, toolDefinitionHash };
}

function nameOf(value: unknown, field: string): string {
  return typeof value === "string" ? value : `[invalid ${field}: ${typeof value}]`;
}
