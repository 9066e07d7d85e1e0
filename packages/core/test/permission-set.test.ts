import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ConnectorSchemaError,
  createGuard,
  InvalidOptionError,
  PermissionGrants,
  PermissionSet,
  parseConnectorSchema,
  permissionProblem,
} from "./support/core-internals.js";

/** The reference: a grant covers a permission when their segments agree one by one. */
function referenceCovers(grant: string, permission: string): boolean {
  const held = grant.split(":");
  const wanted = permission.split(":");
  if (grant === "*") return true;
  const openEnded = held[held.length - 1] === "**";
  const fixed = openEnded ? held.slice(0, -1) : held;
  if (openEnded ? wanted.length < fixed.length + 1 : wanted.length !== fixed.length) return false;
  return fixed.every((segment, index) => segment === "*" || segment === wanted[index]);
}

// Few distinct segments, so random pairs often agree: the interesting cases are frequent.
const segment = fc.constantFrom("db", "dbx", "read", "write", "all", "Db", "admin", "a");
const literal = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(":"));
const grant = fc
  .tuple(
    fc.array(fc.oneof(segment, fc.constant("*")), { minLength: 1, maxLength: 4 }),
    fc.boolean(),
  )
  .map(([parts, openEnded]) => (openEnded ? [...parts, "**"] : parts).join(":"))
  .filter((text) => text.split(":").some((part) => part !== "*" && part !== "**"));

describe("PermissionSet", () => {
  it("matches exactly, and wildcards segment by segment", () => {
    const held = new PermissionSet(["db:*", "files:**", "llm:call"]);
    expect(held.covers("llm:call")).toBe(true);
    expect(held.covers("db:read")).toBe(true);
    expect(held.covers("dbx:read")).toBe(false);
    expect(held.covers("db:read:all")).toBe(false);
    expect(held.covers("db")).toBe(false);
    expect(held.covers("files:read")).toBe(true);
    expect(held.covers("files:read:all")).toBe(true);
    expect(held.covers("files")).toBe(false);
    expect(held.missing(["db:write", "db:write:all", "LLM:call"])).toEqual([
      "db:write:all",
      "LLM:call",
    ]);
    expect(held.toArray()).toEqual(["db:*", "files:**", "llm:call"]);
  });

  it("accepts a wildcard in the middle and revokes a grant as it was written", () => {
    const held = new PermissionSet(["tenant:*:read"]);
    expect(held.covers("tenant:acme:read")).toBe(true);
    expect(held.covers("tenant:acme:write")).toBe(false);
    expect(held.delete("tenant:acme:read")).toBe(false);
    expect(held.delete("tenant:*:read")).toBe(true);
    expect(held.covers("tenant:acme:read")).toBe(false);
  });

  it("refuses a grant of everything unless allowWildcardAll is set", () => {
    for (const everything of ["*", "**", "*:*", "*:**"]) {
      expect(() => new PermissionSet([everything])).toThrow(/grants every permission/);
    }
    const root = new PermissionSet(["*"], { allowWildcardAll: true });
    expect(root.covers("anything:at:all")).toBe(true);
    expect(new PermissionSet(["*:*"], { allowWildcardAll: true }).covers("a")).toBe(false);
  });

  it("agrees with the reference segment matcher on 10,000 random pairs", () => {
    fc.assert(
      fc.property(grant, literal, (granted, required) => {
        expect(new PermissionSet([granted]).covers(required)).toBe(
          referenceCovers(granted, required),
        );
      }),
      { numRuns: 10_000 },
    );
  });

  it("denies a corpus of look-alikes: prefixes, case, empty segments, confusables", () => {
    const held = new PermissionSet(["admin", "db:read", "files:*"]);
    const lookAlikes = [
      "administrator",
      "admi",
      "Admin",
      "ADMIN",
      "\u0430dmin", // Cyrillic a
      "adm\u0131n", // dotless i
      "admin\u200b", // zero-width space
      "db:Read",
      "db:read:",
      "db::read",
      ":db:read",
      "db",
      "dbread",
      "db:read:all",
      "files",
      "files:",
      "fіles:read", // Cyrillic i
    ];
    for (const permission of lookAlikes) expect(held.covers(permission)).toBe(false);
    expect(held.missing(lookAlikes)).toEqual(lookAlikes);
  });
});

describe("permissionProblem", () => {
  it("names what is wrong with a malformed permission", () => {
    expect(permissionProblem("db:read", "required")).toBeUndefined();
    expect(permissionProblem("", "grant")).toBe("must not be empty");
    expect(permissionProblem("db::read", "grant")).toBe("has an empty segment");
    expect(permissionProblem("db:", "grant")).toBe("has an empty segment");
    expect(permissionProblem("db:re*d", "grant")).toMatch(/partial wildcard in segment 're\*d'/);
    expect(permissionProblem("**:db", "grant")).toMatch(/'\*\*' may only end a grant/);
    expect(permissionProblem("db:*", "required")).toMatch(/must not contain wildcards/);
    expect(permissionProblem("db\nread", "grant")).toMatch(/control, format or whitespace/);
    expect(permissionProblem("db read", "grant")).toMatch(/control, format or whitespace/);
    expect(permissionProblem("db:\u202eread", "grant")).toMatch(/control, format/);
    expect(permissionProblem("db:\ud800", "grant")).toMatch(/lone surrogate/);
    expect(permissionProblem("x".repeat(257), "grant")).toMatch(/longer than 256/);
    expect(permissionProblem(42, "grant")).toBe("must be a string (got number)");
  });
});

describe("PermissionGrants", () => {
  it("validates each grant when it is made and matches wildcards", () => {
    const grants = new PermissionGrants({ "agent-1": ["db:*"] });
    expect(grants.holdsAll("agent-1", ["db:read", "db:write"])).toBe(true);
    expect(grants.missing("agent-1", ["db:read", "files:read"])).toEqual(["files:read"]);
    expect(grants.holdsAll("nobody", [])).toBe(true);
    expect(grants.holdsAll("nobody", ["db:read"])).toBe(false);
    expect(() => grants.grant("agent-1", "*")).toThrow(InvalidOptionError);
    expect(() => grants.grant("agent-1", "db::x")).toThrow(
      'permission "db::x" has an empty segment',
    );
    expect(grants.revoke("agent-1", "db:*")).toBe(true);
    expect(grants.permissionsOf("agent-1")).toEqual([]);
  });
});

describe("permissions in configuration", () => {
  it("refuses wildcards and malformed entries in a connector's requiredPermissions", () => {
    const parse = () =>
      parseConnectorSchema({ name: "db", version: "1", required_permissions: ["db:read", "db:*"] });
    expect(parse).toThrow(ConnectorSchemaError);
    expect(parse).toThrow(
      "connector 'db': required_permissions [1] must not contain wildcards (a required permission is literal)",
    );
    expect(() =>
      parseConnectorSchema({ name: "db", version: "1", requiredPermissions: ["db::read"] }),
    ).toThrow("connector 'db': requiredPermissions [0] has an empty segment");
  });

  it("names the agent and the index of a malformed grant", () => {
    expect(() =>
      createGuard({ connectors: [], agents: { bot: { permissions: ["db:read", "*"] } } }),
    ).toThrow(/^agents\.bot\.permissions\[1\] "\*" grants every permission/);
    expect(
      createGuard({
        connectors: [],
        agents: { root: { permissions: ["*"] } },
        allowWildcardAll: true,
      }).validator.permissionsOf("root"),
    ).toEqual(["*"]);
  });
});
