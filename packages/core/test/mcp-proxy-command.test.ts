import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/commands/run-cli.js";
import { memoryIo } from "./support/memory-io.js";
import { spawnCli } from "./support/spawn-cli.js";

describe("connectorguard mcp-proxy", () => {
  it("says in one line to install @aumai/connectorguard-mcp when it cannot be loaded", async () => {
    // The built binary, in a directory of no project: the core does not depend on the MCP
    // package, so neither the project nor the core can resolve it. (pnpm's shims put the
    // whole store on NODE_PATH; a user's shell does not.)
    const cwd = await mkdtemp(join(tmpdir(), "cg-no-mcp-"));
    const run = await spawnCli(cwd, ["mcp-proxy", "--config", "policy.yaml", "--", "server"], {
      env: { NODE_PATH: "" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^connectorguard: error: mcp-proxy needs .*install @aumai\/connectorguard-mcp/,
    );
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
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
