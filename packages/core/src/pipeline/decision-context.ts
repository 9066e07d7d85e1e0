import type { RegisteredConnector } from "../registry/connector-registry.js";
import type { ConnectionAttemptInit } from "../values/connection-attempt.js";
import type { GuardMode } from "../values/guard-mode.js";

/**
 * What the checks of one decision learn as they run, in order: the registry check finds the
 * connector (and so the mode that applies), the permission check the agent the rate limit
 * counts. One object per decision, so no check takes more than one argument.
 */
export interface DecisionContext {
  /** The attempt as read once by the guard. */
  readonly attempt: ConnectionAttemptInit;
  /** A `performance.now()` reading: `latencyMs` runs from it. */
  readonly startedAt: number;
  /** The guard-wide mode until the registry check finds the connector's own. */
  mode: GuardMode;
  /** Set by the registry check. */
  connector: RegisteredConnector | undefined;
  /** Set by the permission check: the verified token's `sub`, or the name given. */
  agent: string;
  /** Set when a verified capability token named the agent. */
  verifiedAgent: string | undefined;
  /** Set when the rate-limit store failed and `onStoreError: "allow"` let the call go on. */
  storeFailure: string | undefined;
  /**
   * Set by the audit check when the sink held room for this call's entry: the entry must be
   * appended through it (or the room released). Opaque to the pipeline.
   */
  auditReservation: unknown;
  /**
   * Set by the input-schema check: the JSON snapshot of the input it validated, which is what
   * the tool must be handed.
   */
  input: unknown;
}

/**
 * A fresh context for one decision.
 *
 * @example
 * const context = createDecisionContext({ connectorName: "search" }, performance.now(), "enforce");
 */
export function createDecisionContext(
  attempt: ConnectionAttemptInit,
  startedAt: number,
  mode: GuardMode,
): DecisionContext {
  return {
    attempt,
    startedAt,
    mode,
    connector: undefined,
    agent: "",
    verifiedAgent: undefined,
    storeFailure: undefined,
    auditReservation: undefined,
    input: undefined,
  };
}
