import type { PermissionCheck, PermissionVerdict } from "../permissions/permission-check.js";
import { isPromiseLike } from "../support/is-promise-like.js";
import { connectorOf } from "./connector-of.js";
import type { DecisionContext } from "./decision-context.js";
import type { CheckVerdict, PipelineCheck } from "./pipeline-check.js";

/**
 * Does the agent hold every permission the connector requires? Static grants, or a verified
 * capability token (whose `sub` then names the agent for the rest of the pipeline).
 *
 * @example
 * const checks = [registryCheck(registry), pinCheck(), permissionStep(permissions), …];
 */
export function permissionStep(permissions: PermissionCheck): PipelineCheck {
  return {
    name: "permission",
    run(context) {
      const required = connectorOf(context).schema.requiredPermissions;
      const verdict = permissions.check(context.attempt, required);
      if (isPromiseLike(verdict)) return verdict.then((settled) => settle(settled, context));
      return settle(verdict, context);
    },
  };
}

function settle(verdict: PermissionVerdict, context: DecisionContext): CheckVerdict {
  context.verifiedAgent = verdict.verifiedAgent;
  if (!verdict.held) return { check: "permission", reason: verdict.reason };
  context.agent = verdict.agent;
  return undefined;
}
