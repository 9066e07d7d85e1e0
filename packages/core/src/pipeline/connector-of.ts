import type { RegisteredConnector } from "../registry/connector-registry.js";
import type { DecisionContext } from "./decision-context.js";

/**
 * The connector the registry check found. A check placed before the registry check is a
 * wiring mistake; it fails loudly and the runner denies the call.
 */
export function connectorOf(context: DecisionContext): RegisteredConnector {
  const connector = context.connector;
  if (connector === undefined) throw new Error("a connector check ran before the registry check");
  return connector;
}
