import { hasLoneSurrogate } from "../support/well-formed-text.js";

/** The separator between the segments of a permission: `db:read` has segments `db` and `read`. */
export const PERMISSION_SEPARATOR = ":";

/** A grant segment that matches exactly one segment of a required permission. */
export const SINGLE_SEGMENT_WILDCARD = "*";

/**
 * A grant's last segment that matches one or more remaining segments: `db:**` covers `db:read`
 * and `db:read:all`, but not `db` itself.
 */
export const MULTI_SEGMENT_WILDCARD = "**";

/** The longest permission accepted, in UTF-16 code units. */
export const MAX_PERMISSION_LENGTH = 256;

/** Whether a permission is held (a grant, which may use wildcards) or required (literal only). */
export type PermissionUsage = "grant" | "required";

/** Options of {@link permissionProblem}. */
export interface PermissionSyntaxOptions {
  /**
   * Accept grants made only of wildcards (`*`, `**`, `*:*`…), which cover every permission
   * or nearly so. Refused unless set: a careful team names what an agent holds.
   */
  readonly allowWildcardAll?: boolean;
}

// Control and format characters (bidi overrides, zero-width joiners) and whitespace: none of
// them belongs in a permission, and whitespace separates scopes in a token's `scope` claim.
const forbiddenCharacters = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\s]/u;

/**
 * Why `permission` is not acceptable, or undefined when it is. A permission is one or more
 * non-empty segments separated by `:`, compared exactly (case-sensitive, code unit by code
 * unit). A grant may use `*` as a whole segment (exactly one segment) and `**` as its last
 * segment (one or more segments); a required permission is literal. Control, format and
 * whitespace characters and lone surrogates are refused.
 *
 * @example
 * permissionProblem("db:read", "required"); // undefined
 * permissionProblem("db::read", "grant"); // "has an empty segment"
 * permissionProblem("*", "grant"); // "grants every permission (bare wildcard); …"
 */
export function permissionProblem(
  permission: unknown,
  usage: PermissionUsage,
  options: PermissionSyntaxOptions = {},
): string | undefined {
  if (typeof permission !== "string") return `must be a string (got ${typeof permission})`;
  if (permission.length === 0) return "must not be empty";
  if (permission.length > MAX_PERMISSION_LENGTH) {
    return `is longer than ${MAX_PERMISSION_LENGTH} characters`;
  }
  if (hasLoneSurrogate(permission)) return "contains a lone surrogate (not valid Unicode)";
  if (forbiddenCharacters.test(permission)) {
    return "contains a control, format or whitespace character";
  }
  const segments = permission.split(PERMISSION_SEPARATOR);
  let literalSegments = 0;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as string;
    if (segment === "") return "has an empty segment";
    const isWildcard = segment === SINGLE_SEGMENT_WILDCARD || segment === MULTI_SEGMENT_WILDCARD;
    if (!isWildcard) {
      if (segment.includes("*")) {
        return `has a partial wildcard in segment '${segment}' (a wildcard is a whole segment: '*' or a final '**')`;
      }
      literalSegments++;
      continue;
    }
    if (usage === "required")
      return "must not contain wildcards (a required permission is literal)";
    if (segment === MULTI_SEGMENT_WILDCARD && index !== segments.length - 1) {
      return "uses '**' before its last segment ('**' may only end a grant)";
    }
  }
  if (literalSegments === 0 && options.allowWildcardAll !== true) {
    return "grants every permission (a grant made only of wildcards); name what the agent holds, or set allowWildcardAll";
  }
  return undefined;
}
