import { pinMismatchReason } from "../pinning/pin-mismatch-reason.js";
import { connectorOf } from "./connector-of.js";
import type { PipelineCheck } from "./pipeline-check.js";

/**
 * Does the live tool's definition hash match the connector's pin, when it has one? A changed
 * definition (a "rug pull") is denied until the pin is updated.
 *
 * @example
 * const checks = [registryCheck(registry), pinCheck(), …];
 */
export function pinCheck(): PipelineCheck {
  return {
    name: "pin",
    run(context) {
      const schema = connectorOf(context).schema;
      const pin = schema.pin;
      const current: unknown = context.attempt.toolDefinitionHash;
      if (pin === undefined || current === pin) return undefined;
      return { check: "pin", reason: pinMismatchReason(schema.name, current, pin) };
    },
  };
}
