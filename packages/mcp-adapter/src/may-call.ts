import type { Guard } from "@aumai/connectorguard";
import { PermissionSet } from "@aumai/connectorguard/adapter-kit";

/** Who is asking: an agent id, a capability token, or both. */
export interface McpIdentity {
  readonly agentId?: string;
  readonly capabilityToken?: string;
}

/**
 * Whether `identity` could call `connectorName` at all — it is registered and the identity
 * holds its permissions (statically, or in a token that verifies) — without deciding a call:
 * no rate-limit slot is taken and nothing is audited. Used to hide tools from `tools/list`;
 * every call is still decided by the guard.
 *
 * @example
 * const visible = tools.filter((tool) => mayCall(guard, { agentId: "bot" }, tool.name));
 */
export async function mayCall(
  guard: Guard,
  identity: McpIdentity,
  connectorName: string,
): Promise<boolean> {
  const connector = guard.registry.find(connectorName);
  if (connector === undefined) return false;
  const required = connector.schema.requiredPermissions ?? [];
  const tokens = guard.validator.capabilityTokens;
  if (identity.capabilityToken !== undefined) {
    if (tokens === undefined) return false;
    const verification = await tokens.verify(identity.capabilityToken);
    return verification.valid && verification.permissions.coversAll(required);
  }
  if (tokens?.required === true || identity.agentId === undefined) return false;
  const held = new PermissionSet(guard.validator.permissionsOf(identity.agentId), {
    allowWildcardAll: true,
  });
  return held.coversAll(required);
}
