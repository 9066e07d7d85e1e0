/**
 * Runs the package's real `connectorguard-mcp mcp-proxy` binary (from source, through tsx)
 * in front of a stdio server, and writes the policy files it reads.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerCommand } from "./mcp-servers.js";

const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The proxy binary's command line, with `serverCommand` after `--`. */
export function proxyCommand(proxyArgs: readonly string[], server: ServerCommand): ServerCommand {
  return {
    command: process.execPath,
    args: [
      "--import",
      "tsx",
      join(packageDirectory, "src", "cli.ts"),
      "mcp-proxy",
      ...proxyArgs,
      "--",
      server.command,
      ...server.args,
    ],
  };
}

/** Writes `policy` as JSON into `directory` and returns its path. */
export function writePolicy(directory: string, policy: object, name = "policy.json"): string {
  const path = join(directory, name);
  writeFileSync(path, JSON.stringify(policy, null, 2));
  return path;
}

/** The fields of an audit record the tests read. */
export interface AuditRecord {
  readonly connectionAttempt: { readonly connectorName: string; readonly sourceAgent: string };
  readonly result: { readonly allowed: boolean; readonly check?: string; readonly reason: string };
  readonly outcome?: { readonly status: string; readonly error?: string };
}

/** The audit file's entries (one JSON record a line). */
export function readAuditRecords(text: string): AuditRecord[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => JSON.parse(line) as AuditRecord)
    .filter((record) => record.connectionAttempt !== undefined);
}
