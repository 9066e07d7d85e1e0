/** Initial grants: agent id → the permissions it holds. */
export type AgentPermissionMap =
  | Readonly<Record<string, Iterable<string>>>
  | ReadonlyMap<string, Iterable<string>>;

/**
 * Static permission grants per agent. An agent holds exactly what was granted to it; an
 * unknown agent holds nothing.
 *
 * @example
 * const grants = new PermissionGrants({ "agent-1": ["db:read"] });
 * grants.grant("agent-1", "db:write");
 * grants.missing("agent-1", ["db:read", "db:write", "db:admin"]); // ["db:admin"]
 */
export class PermissionGrants {
  private readonly grants = new Map<string, Set<string>>();

  constructor(initial?: AgentPermissionMap) {
    if (initial === undefined) return;
    const entries = initial instanceof Map ? initial.entries() : Object.entries(initial);
    for (const [agent, permissions] of entries) {
      for (const permission of permissions as Iterable<string>) this.grant(agent, permission);
    }
  }

  /** Gives `agent` the permission `permission`. */
  grant(agent: string, permission: string): void {
    let held = this.grants.get(agent);
    if (held === undefined) {
      held = new Set();
      this.grants.set(agent, held);
    }
    held.add(permission);
  }

  /** Takes `permission` away from `agent`; returns whether the agent held it. */
  revoke(agent: string, permission: string): boolean {
    const held = this.grants.get(agent);
    if (held === undefined || !held.delete(permission)) return false;
    if (held.size === 0) this.grants.delete(agent);
    return true;
  }

  /** The permissions `agent` holds (a copy, sorted). */
  permissionsOf(agent: string): string[] {
    return [...(this.grants.get(agent) ?? [])].sort();
  }

  /** The permissions in `required` that `agent` does not hold, in the order given. */
  missing(agent: string, required: readonly string[]): string[] {
    if (required.length === 0) return [];
    const held = this.grants.get(agent);
    if (held === undefined) return [...required];
    const missing: string[] = [];
    for (const permission of required) if (!held.has(permission)) missing.push(permission);
    return missing;
  }
}
