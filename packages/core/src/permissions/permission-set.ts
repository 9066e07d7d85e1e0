import { InvalidOptionError } from "../errors/invalid-option-error.js";
import {
  MULTI_SEGMENT_WILDCARD,
  PERMISSION_SEPARATOR,
  type PermissionSyntaxOptions,
  permissionProblem,
  SINGLE_SEGMENT_WILDCARD,
} from "./permission-syntax.js";

/** A grant with wildcards, split once into segments. */
interface WildcardGrant {
  readonly text: string;
  /** The segments before a final `**`, or all of them when there is none. */
  readonly segments: readonly string[];
  /** True when the grant ends with `**` (one or more further segments). */
  readonly openEnded: boolean;
}

/**
 * The permissions one holder (an agent, a capability token) holds, and the question the
 * pipeline asks of them: which of these required permissions are not covered? A literal grant
 * covers exactly itself; `*` stands for one whole segment and a final `**` for one or more, so
 * `db:*` covers `db:read` but neither `dbx:read` nor `db:read:all`, and `db:**` covers both
 * `db:read` and `db:read:all`. A bare `*` (like `**`) covers everything and is refused unless
 * `allowWildcardAll` is set. Matching is segment by segment and case-sensitive; no regular
 * expression is ever built from a permission.
 *
 * @example
 * const held = new PermissionSet(["db:*", "files:read"]);
 * held.covers("db:write"); // true
 * held.missing(["db:write", "db:write:all", "files:write"]); // ["db:write:all", "files:write"]
 */
export class PermissionSet {
  private readonly exact = new Set<string>();
  private wildcards: WildcardGrant[] = [];
  private readonly options: PermissionSyntaxOptions;

  /** Throws `InvalidOptionError` naming the first malformed permission. */
  constructor(permissions: Iterable<string> = [], options: PermissionSyntaxOptions = {}) {
    this.options = options;
    for (const permission of permissions) this.add(permission);
  }

  /** Adds a grant; throws `InvalidOptionError` when it is malformed. */
  add(permission: string): void {
    const problem = permissionProblem(permission, "grant", this.options);
    if (problem !== undefined) {
      throw new InvalidOptionError(`permission ${JSON.stringify(permission)} ${problem}`);
    }
    if (this.exact.has(permission) || this.wildcards.some((grant) => grant.text === permission)) {
      return;
    }
    if (!permission.includes(SINGLE_SEGMENT_WILDCARD)) {
      this.exact.add(permission);
      return;
    }
    const segments = permission.split(PERMISSION_SEPARATOR);
    const openEnded =
      segments[segments.length - 1] === MULTI_SEGMENT_WILDCARD || permission === "*";
    this.wildcards.push({
      text: permission,
      segments: openEnded ? segments.slice(0, -1) : segments,
      openEnded,
    });
  }

  /** Removes a grant as it was written; returns whether it was held. */
  delete(permission: string): boolean {
    if (this.exact.delete(permission)) return true;
    const before = this.wildcards.length;
    this.wildcards = this.wildcards.filter((grant) => grant.text !== permission);
    return this.wildcards.length !== before;
  }

  /** True when some grant covers the literal permission `required`. */
  covers(required: string): boolean {
    if (this.exact.has(required)) return true;
    if (this.wildcards.length === 0) return false;
    const segments = required.split(PERMISSION_SEPARATOR);
    for (const grant of this.wildcards) if (matches(grant, segments)) return true;
    return false;
  }

  /** True when every permission in `required` is covered; allocates nothing. */
  coversAll(required: readonly string[]): boolean {
    for (const permission of required) if (!this.covers(permission)) return false;
    return true;
  }

  /** The permissions in `required` that no grant covers, in the order given. */
  missing(required: readonly string[]): string[] {
    const missing: string[] = [];
    for (const permission of required) if (!this.covers(permission)) missing.push(permission);
    return missing;
  }

  /** The grants as written, sorted. */
  toArray(): string[] {
    return [...this.exact, ...this.wildcards.map((grant) => grant.text)].sort();
  }

  /** How many grants are held. */
  get size(): number {
    return this.exact.size + this.wildcards.length;
  }
}

function matches(grant: WildcardGrant, required: readonly string[]): boolean {
  const fixed = grant.segments;
  if (grant.openEnded ? required.length <= fixed.length : required.length !== fixed.length) {
    return false;
  }
  for (let index = 0; index < fixed.length; index++) {
    const segment = fixed[index] as string;
    const wanted = required[index] as string;
    // A wildcard stands for a segment, and an empty string is not one.
    if (segment === SINGLE_SEGMENT_WILDCARD ? wanted === "" : segment !== wanted) return false;
  }
  for (let index = fixed.length; index < required.length; index++) {
    if (required[index] === "") return false;
  }
  return true;
}
