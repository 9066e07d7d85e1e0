import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run-cli.js";
import { memoryIo } from "./support/memory-io.js";
import { spawnCli } from "./support/spawn-cli.js";

describe("connectorguard mcp-proxy", () => {
  it("says in one line to install @aumai/connectorguard-mcp when it cannot be loaded", async () => {
    // The core does not depend on the MCP package, so from here it cannot be resolved.
    const { io, written } = memoryIo();
    const code = await runCli(["mcp-proxy", "--config", "policy.yaml", "--", "server"], io);
    expect(code).toBe(2);
    expect(written.stderr).toMatch(
      /^connectorguard: error: mcp-proxy needs .*install @aumai\/connectorguard-mcp/,
    );
    expect(written.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("requires --config and lists itself in help", async () => {
    const { io, written } = memoryIo();
    expect(await runCli(["mcp-proxy", "--", "server"], io)).toBe(2);
    expect(written.stderr).toContain("mcp-proxy: --config POLICY is required");
    const help = memoryIo();
    expect(await runCli(["mcp-proxy", "--help"], help.io)).toBe(0);
    expect(help.written.stdout).toContain("-- <server command> [args…]");
  });
});
