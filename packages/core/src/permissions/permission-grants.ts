import { PermissionSet } from "./permission-set.js";
import type { PermissionSyntaxOptions } from "./permission-syntax.js";

/** Initial grants: agent id → the permissions it holds. */
export type AgentPermissionMap =
  | Readonly<Record<string, Iterable<string>>>
  | ReadonlyMap<string, Iterable<string>>;

/**
 * Static permission grants per agent. An agent holds exactly what was granted to it; an
 * unknown agent holds nothing. Grants may use segment wildcards (see {@link PermissionSet});
 * a malformed grant is refused with `InvalidOptionError` when it is made, never at call time.
 *
 * @example
 * const grants = new PermissionGrants({ "agent-1": ["db:read"] });
 * grants.grant("agent-1", "files:*");
 * grants.missing("agent-1", ["db:read", "files:write", "db:admin"]); // ["db:admin"]
 */
export class PermissionGrants {
  private readonly grants = new Map<string, PermissionSet>();
  private readonly options: PermissionSyntaxOptions;

  constructor(initial?: AgentPermissionMap, options: PermissionSyntaxOptions = {}) {
    this.options = options;
    if (initial === undefined) return;
    const entries = initial instanceof Map ? initial.entries() : Object.entries(initial);
    for (const [agent, permissions] of entries) {
      for (const permission of permissions as Iterable<string>) this.grant(agent, permission);
    }
  }

  /** Gives `agent` the permission `permission`; throws `InvalidOptionError` if it is malformed. */
  grant(agent: string, permission: string): void {
    let held = this.grants.get(agent);
    if (held === undefined) {
      held = new PermissionSet([], this.options);
      held.add(permission);
      this.grants.set(agent, held);
      return;
    }
    held.add(permission);
  }

  /** Takes `permission` (as it was granted) away from `agent`; returns whether it was held. */
  revoke(agent: string, permission: string): boolean {
    const held = this.grants.get(agent);
    if (held === undefined || !held.delete(permission)) return false;
    if (held.size === 0) this.grants.delete(agent);
    return true;
  }

  /** The permissions `agent` holds, as granted (a copy, sorted). */
  permissionsOf(agent: string): string[] {
    return this.grants.get(agent)?.toArray() ?? [];
  }

  /** True when `agent`'s grants cover every permission in `required`; allocates nothing. */
  holdsAll(agent: string, required: readonly string[]): boolean {
    if (required.length === 0) return true;
    return this.grants.get(agent)?.coversAll(required) ?? false;
  }

  /** The permissions in `required` that `agent`'s grants do not cover, in the order given. */
  missing(agent: string, required: readonly string[]): string[] {
    if (required.length === 0) return [];
    const held = this.grants.get(agent);
    if (held === undefined) return [...required];
    return held.missing(required);
  }
}
