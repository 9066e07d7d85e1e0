/** The agent id used when an attempt names none. */
export const DEFAULT_SOURCE_AGENT = "unknown";

/** What a caller passes to the guard: only `connectorName` is required. */
export interface ConnectionAttemptInit {
  /** The connector (tool) being called. */
  readonly connectorName: string;
  /** The calling agent's id; defaults to `"unknown"`. */
  readonly sourceAgent?: string;
  /** The call's input, checked against the connector's `inputSchema`; defaults to `{}`. */
  readonly inputData?: unknown;
  /** When the call was attempted; defaults to now. */
  readonly timestamp?: Date;
}

/** One call of an agent to a connector, as the guard records it. */
export interface ConnectionAttempt {
  readonly connectorName: string;
  readonly sourceAgent: string;
  readonly inputData: unknown;
  readonly timestamp: Date;
}

/**
 * Fills an attempt's defaults: agent `"unknown"`, input `{}`, timestamp now.
 *
 * @example
 * createConnectionAttempt({ connectorName: "calculator" }).sourceAgent; // "unknown"
 */
export function createConnectionAttempt(init: ConnectionAttemptInit): ConnectionAttempt {
  return {
    connectorName: init.connectorName,
    sourceAgent: init.sourceAgent ?? DEFAULT_SOURCE_AGENT,
    inputData: init.inputData === undefined ? {} : init.inputData,
    timestamp: init.timestamp ?? new Date(),
  };
}
