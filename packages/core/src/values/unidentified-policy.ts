/**
 * What the guard does with a call that names no agent and carries no token: `"allow"` runs it
 * as the agent `"unknown"` (the reference library's behaviour, the core's default); `"deny"`
 * refuses it at the permission check (the adapters' and the MCP proxy's default).
 */
export type UnidentifiedPolicy = "deny" | "allow";

/** Why an `agents` entry named "unknown" is refused, in code and in the policy file. */
export const UNIDENTIFIED_AGENT_NAME_PROBLEM =
  "is the name the guard gives calls that name no agent: granting it permissions would grant them to every unidentified call; name the agent something else";
