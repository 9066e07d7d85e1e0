import { describeType } from "../support/describe-type.js";
import { reasonText } from "../support/reason-text.js";

/**
 * Why a call to a pinned connector was denied: it carried no definition hash, or another one.
 *
 * @example
 * pinMismatchReason("search", undefined, "sha256:…");
 * // "connector 'search' is pinned to sha256:… but the call carries no tool definition hash"
 */
export function pinMismatchReason(connectorName: string, current: unknown, pin: string): string {
  const name = reasonText(connectorName);
  if (current === undefined) {
    return `connector '${name}' is pinned to ${pin} but the call carries no tool definition hash`;
  }
  const shown = typeof current === "string" ? reasonText(current, 80) : describeType(current);
  return `tool definition of '${name}' changed since it was pinned (pinned ${pin}, now ${shown}); calls are denied until the pin is updated`;
}
