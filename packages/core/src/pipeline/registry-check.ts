import type { ConnectorRegistry } from "../registry/connector-registry.js";
import { describeType } from "../support/describe-type.js";
import { reasonText } from "../support/reason-text.js";
import type { PipelineCheck } from "./pipeline-check.js";

/**
 * Is the connector registered? Anything unknown is denied. Finds the connector, and with it
 * the mode that applies, for the checks after it.
 *
 * @example
 * const checks = [registryCheck(registry), pinCheck(), …];
 */
export function registryCheck(registry: ConnectorRegistry): PipelineCheck {
  return {
    name: "registry",
    run(context) {
      const attempt = context.attempt;
      if (typeof attempt !== "object" || attempt === null) {
        return { check: "registry", reason: "the attempt must be an object" };
      }
      const connectorName: unknown = attempt.connectorName;
      if (typeof connectorName !== "string") {
        return {
          check: "registry",
          reason: `connectorName must be a string (got ${describeType(connectorName)})`,
        };
      }
      const connector = registry.find(connectorName);
      if (connector === undefined) {
        return {
          check: "registry",
          reason: `connector '${reasonText(connectorName)}' is not registered`,
        };
      }
      context.connector = connector;
      const mode = connector.schema.mode;
      if (mode !== undefined) context.mode = mode;
      return undefined;
    },
  };
}
