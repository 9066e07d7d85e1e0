import { randomBytes } from "node:crypto";
import { createGuard } from "@aumai/connectorguard";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { mayCall, mcpToolDefinitionHash } from "../src/index.js";
import { LiveToolDefinitions } from "../src/live-tool-definitions.js";

const secret = randomBytes(32);
const sign = (subject: string, scope: string) =>
  new SignJWT({ scope })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(subject)
    .setIssuer("auth.test")
    .setAudience("connectorguard")
    .setExpirationTime("5m")
    .sign(secret);

describe("mayCall", () => {
  const connectors = [
    { name: "read", version: "1" },
    { name: "write", version: "1", requiredPermissions: ["files:write"] },
  ];

  it("answers from static grants (wildcards included) without deciding or auditing", async () => {
    const guard = createGuard({ connectors, agents: { editor: { permissions: ["files:*"] } } });
    expect(await mayCall(guard, { agentId: "editor" }, "write")).toBe(true);
    expect(await mayCall(guard, { agentId: "reader" }, "write")).toBe(false);
    expect(await mayCall(guard, { agentId: "reader" }, "read")).toBe(true);
    expect(await mayCall(guard, { agentId: "editor" }, "delete")).toBe(false);
    expect(await mayCall(guard, {}, "read")).toBe(false);
    expect(guard.auditLog.size).toBe(0);
  });

  it("answers from a capability token's scope, and refuses a bad token", async () => {
    const guard = createGuard({
      connectors,
      capabilityTokens: {
        algorithms: ["HS256"],
        key: secret,
        issuer: "auth.test",
        audience: "connectorguard",
      },
    });
    expect(
      await mayCall(guard, { capabilityToken: await sign("bot", "files:write") }, "write"),
    ).toBe(true);
    expect(await mayCall(guard, { capabilityToken: await sign("bot", "") }, "write")).toBe(false);
    expect(await mayCall(guard, { capabilityToken: "not-a-token" }, "read")).toBe(false);
    // Tokens are required by default once configured.
    expect(await mayCall(guard, { agentId: "bot" }, "read")).toBe(false);
  });
});

describe("LiveToolDefinitions", () => {
  const tool = (name: string, description: string) => ({
    name,
    description,
    inputSchema: { type: "object" },
  });

  it("reads the list on demand, and again after a change, never answering with the old one", async () => {
    let version = 1;
    let reads = 0;
    const live = new LiveToolDefinitions(async () => {
      reads++;
      return [tool("a", `v${version}`), tool("b", "b")];
    });
    expect(await live.hashOf("a")).toBe(mcpToolDefinitionHash(tool("a", "v1")));
    expect(await live.hashOf("b")).toBe(mcpToolDefinitionHash(tool("b", "b")));
    expect(reads).toBe(1);
    version = 2;
    const refreshed = live.invalidate();
    expect(live.knownHashOf("a")).toBeUndefined();
    await refreshed;
    expect(await live.hashOf("a")).toBe(mcpToolDefinitionHash(tool("a", "v2")));
    expect(await live.hashOf("missing")).toBeUndefined();
    expect(reads).toBe(2);
  });

  it("never answers undefined for a listed tool when a change lands between two awaits", async () => {
    for (let depth = 0; depth < 12; depth++) {
      let version = 1;
      const live = new LiveToolDefinitions(async () => [tool("a", `v${version}`)]);
      const answer = live.hashOf("a");
      for (let turn = 0; turn < depth; turn++) await null;
      version = 2;
      void live.invalidate();
      const hash = await answer;
      expect([1, 2].map((served) => mcpToolDefinitionHash(tool("a", `v${served}`)))).toContain(
        hash,
      );
    }
  });

  it("fails closed when the list cannot be read, and tries again on the next call", async () => {
    let failing = true;
    const live = new LiveToolDefinitions(async () => {
      if (failing) throw new Error("server gone");
      return [tool("a", "v1")];
    });
    expect(await live.hashOf("a")).toBeUndefined();
    failing = false;
    expect(await live.hashOf("a")).toBe(mcpToolDefinitionHash(tool("a", "v1")));
  });
});
