/**
 * ConnectorGuard in front of an MCP server, end to end and offline: the real filesystem
 * server behind `connectorguard mcp-proxy`, a scripted MCP client (the SDK's own) making the
 * calls an agent would, then the audit trail the proxy wrote, verified.
 */
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { verifyAuditLog } from "@aumai/connectorguard";
import { connectorsFromMcpTools } from "@aumai/connectorguard-mcp";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { auditSummary } from "./audit-summary.js";
import { printCall } from "./print-call.js";

const require = createRequire(import.meta.url);
const exampleDirectory = join(dirname(fileURLToPath(import.meta.url)), "..");
const coreCli = join(
  dirname(require.resolve("@aumai/connectorguard/package.json")),
  "dist",
  "cli.js",
);
const filesystemBin = join(
  dirname(require.resolve("@modelcontextprotocol/server-filesystem/package.json")),
  "dist",
  "index.js",
);
const driftingServer = join(exampleDirectory, "src", "drifting-server.ts");

// What the agent may touch, and, apart from it, where the policy and the audit trail live.
const workspace = realpathSync(mkdtempSync(join(tmpdir(), "cg-mcp-demo-")));
const served = join(workspace, "notes");
mkdirSync(served);
writeFileSync(join(served, "solar.txt"), "Solar panels: 22% efficient in 2026.\n");
writeFileSync(join(served, ".env"), "API_KEY=sk-live-not-for-models\n");
const auditFile = join(workspace, "audit.jsonl");

/** An SDK client on a stdio server. */
async function connect(command: string, args: readonly string[]): Promise<Client> {
  const client = new Client({ name: "scripted-agent", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({ command, args: [...args], cwd: exampleDirectory, stderr: "ignore" }),
  );
  return client;
}

/** The client, through `connectorguard mcp-proxy`, in front of `server`. */
function throughProxy(policy: string, server: readonly string[]): Promise<Client> {
  return connect(process.execPath, [
    coreCli,
    "mcp-proxy",
    "--config",
    policy,
    "--agent-id",
    "research-bot",
    "--",
    ...server,
  ]);
}

/** Reviews a server once: its tools, pinned as they are now, tightened where it matters. */
async function reviewedPolicy(
  name: string,
  server: readonly string[],
  overrides: Parameters<typeof connectorsFromMcpTools>[1],
): Promise<string> {
  const [command = "", ...args] = server;
  const direct = await connect(command, args);
  const connectors = connectorsFromMcpTools(await direct.listTools(), { pin: true, ...overrides });
  await direct.close();
  const path = join(workspace, `${name}.policy.json`);
  writeFileSync(
    path,
    JSON.stringify(
      {
        connectors,
        agents: { "research-bot": { permissions: ["files:read"] } },
        audit: { jsonl: { path: auditFile } },
      },
      null,
      2,
    ),
  );
  return path;
}

console.log(
  "ConnectorGuard MCP proxy demo — the filesystem server behind `connectorguard mcp-proxy`\n",
);

const filesystem = [process.execPath, filesystemBin, served];
const filesystemPolicy = await reviewedPolicy("filesystem", filesystem, {
  overrides: {
    write_file: { requiredPermissions: ["files:write"] },
    // Only text and markdown files, never a path that climbs out.
    read_text_file: {
      requiredPermissions: ["files:read"],
      inputSchema: {
        type: "object",
        properties: {
          path: { type: "string", pattern: "\\.(txt|md)$", not: { pattern: "\\.\\." } },
          head: { type: "number" },
          tail: { type: "number" },
        },
        required: ["path"],
        additionalProperties: false,
      },
    },
    list_directory: { rateLimit: 2 },
  },
});

const files = await throughProxy(filesystemPolicy, filesystem);
await printCall(files, "read_text_file", { path: join(served, "solar.txt") }, "an allowed read");
await printCall(
  files,
  "write_file",
  { path: join(served, "solar.txt"), content: "Solar panels: 99% efficient." },
  "a write: research-bot holds files:read only",
);
await printCall(
  files,
  "read_text_file",
  { path: join(served, ".env") },
  "a path the schema refuses",
);
for (const attempt of [1, 2, 3]) {
  await printCall(files, "list_directory", { path: served }, `listing ${attempt} of 3 (limit 2)`);
}
await files.close();

console.log("\nA second server, updated while in use (its tool list changes):\n");
const drifting = [process.execPath, "--import", "tsx", driftingServer];
const driftingPolicy = await reviewedPolicy("team-reports", drifting, {});
const reports = await throughProxy(driftingPolicy, drifting);
await printCall(reports, "send_report", { text: "efficiency is up" }, "the reviewed tool");
await printCall(reports, "install_update", {}, "the server updates itself");
await printCall(reports, "send_report", { text: "efficiency is up" }, "the same tool, changed");
await reports.close();

console.log("");
for (const line of await auditSummary(auditFile)) console.log(line);
const verification = await verifyAuditLog(auditFile);
console.log(
  `  hash chain: ${verification.ok ? "verified" : "BROKEN"} (${verification.entries} entries, ${auditFile})`,
);
if (!verification.ok) process.exitCode = 1;
