/**
 * The real MCP servers the tests talk to, started over stdio from this package's own
 * node_modules (never downloaded at test time), and a connected SDK client for each.
 */
import { mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const require = createRequire(import.meta.url);

/** How to start a stdio server: a command and its arguments. */
export interface ServerCommand {
  readonly command: string;
  readonly args: readonly string[];
}

function binOf(packageName: string, binName: string): string {
  const manifestPath = require.resolve(`${packageName}/package.json`);
  const manifest = require(manifestPath) as { bin: Record<string, string> };
  const bin = manifest.bin[binName];
  if (bin === undefined) throw new Error(`${packageName} has no bin '${binName}'`);
  return join(dirname(manifestPath), bin);
}

/** `@modelcontextprotocol/server-everything` over stdio. */
export function everythingServer(): ServerCommand {
  return {
    command: process.execPath,
    args: [binOf("@modelcontextprotocol/server-everything", "mcp-server-everything"), "stdio"],
  };
}

/** `@modelcontextprotocol/server-filesystem` over stdio, allowed into `root`. */
export function filesystemServer(root: string): ServerCommand {
  return {
    command: process.execPath,
    args: [binOf("@modelcontextprotocol/server-filesystem", "mcp-server-filesystem"), root],
  };
}

/** A small server of these tests (`fixture-server.mjs`), written with the real SDK. */
export function fixtureServer(...args: string[]): ServerCommand {
  const path = join(dirname(fileURLToPath(import.meta.url)), "fixture-server.mjs");
  return { command: process.execPath, args: [path, ...args] };
}

/** A fresh directory with a `notes.txt`, for the filesystem server. */
export function scratchDirectory(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "cg-mcp-")));
  writeFileSync(join(root, "notes.txt"), "solar panels: 22% efficient\n");
  return root;
}

/** An SDK client connected to `server` over stdio. */
export async function connectClient(
  server: ServerCommand,
  options: ConstructorParameters<typeof Client>[1] = {},
): Promise<Client> {
  const client = new Client({ name: "connectorguard-tests", version: "1.0.0" }, options);
  await client.connect(
    new StdioClientTransport({ command: server.command, args: [...server.args], stderr: "ignore" }),
  );
  return client;
}
