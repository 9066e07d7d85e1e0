import type { PermissionCheck, PermissionVerdict } from "../permissions/permission-check.js";
import { isPromiseLike } from "../support/is-promise-like.js";
import type { UnidentifiedPolicy } from "../values/unidentified-policy.js";
import { connectorOf } from "./connector-of.js";
import type { DecisionContext } from "./decision-context.js";
import type { CheckVerdict, PipelineCheck } from "./pipeline-check.js";

/** Why a call that names no agent is denied, and how to name one. */
export const UNIDENTIFIED_REASON =
  "the call names no agent and carries no capability token: pass the agent's id (agentId, resolveAgentId, or agentId in the framework's call context) or a capability token; unidentified calls are denied";

/**
 * Does the agent hold every permission the connector requires? Static grants, or a verified
 * capability token (whose `sub` then names the agent for the rest of the pipeline).
 *
 * @example
 * const checks = [registryCheck(registry), pinCheck(), permissionStep(permissions), …];
 */
export function permissionStep(
  permissions: PermissionCheck,
  unidentified: UnidentifiedPolicy = "allow",
): PipelineCheck {
  return {
    name: "permission",
    run(context) {
      const { sourceAgent, capabilityToken, identityRequired } = context.attempt;
      if (
        sourceAgent === undefined &&
        capabilityToken === undefined &&
        (unidentified === "deny" || (identityRequired !== undefined && identityRequired !== false))
      ) {
        const reason =
          typeof identityRequired === "string"
            ? `the call names no agent and carries no capability token: ${identityRequired}`
            : UNIDENTIFIED_REASON;
        return { check: "permission", reason };
      }
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
