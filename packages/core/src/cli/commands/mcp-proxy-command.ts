import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CliCommand } from "../cli-command.js";
import type { CliIo } from "../cli-io.js";
import { CliUsageError } from "../cli-usage-error.js";

/** The package that implements the proxy; the core never depends on it. */
const mcpPackage = "@aumai/connectorguard-mcp";

/** What the core needs of that package. */
interface McpProxyModule {
  runMcpProxyCommand(
    options: {
      config: string;
      command: readonly string[];
      agentId?: string;
      listen?: string;
      filterTools?: boolean;
    },
    io: CliIo,
  ): Promise<number>;
}

/**
 * `mcp-proxy`: puts the guard in front of an MCP server, from `@aumai/connectorguard-mcp`,
 * loaded only when this command runs — from the current directory's project first (where an
 * application installs it), else from wherever the core can reach it.
 *
 * @example
 * // connectorguard mcp-proxy --config policy.yaml --agent-id desktop-user -- npx -y @modelcontextprotocol/server-filesystem /data
 */
export const mcpProxyCommand: CliCommand = {
  name: "mcp-proxy",
  summary: "Guard an MCP server: serve MCP in front of it, every tools/call decided and audited.",
  details:
    "Starts the server's command (after --) over stdio and serves MCP on stdio, or Streamable HTTP with --listen; the identity is --agent-id, or over HTTP each request's bearer capability token (the policy's capabilityTokens). Needs the @aumai/connectorguard-mcp package.",
  usage:
    "--config POLICY [--agent-id ID] [--listen HOST:PORT] [--filter-tools] -- <server command> [args…]",
  positionals: {
    name: "-- COMMAND…",
    description: "The MCP server's command and its arguments, after --.",
    max: Number.MAX_SAFE_INTEGER,
  },
  options: {
    config: {
      type: "string",
      value: "POLICY",
      description: "Policy file: connectors, agents, capability tokens, audit sinks.",
      required: true,
    },
    "agent-id": { type: "string", value: "ID", description: "The agent every call is made as." },
    listen: {
      type: "string",
      value: "HOST:PORT",
      description: "Serve Streamable HTTP at http://HOST:PORT/mcp instead of stdio.",
    },
    "filter-tools": {
      type: "boolean",
      description: "Hide the tools the identity may not call from tools/list.",
    },
  },
  async run(context) {
    const proxy = await importMcpPackage();
    const agentId = context.given("agent-id");
    const listen = context.given("listen");
    return proxy.runMcpProxyCommand(
      {
        config: context.text("config"),
        command: context.positionals,
        filterTools: context.values["filter-tools"] === true,
        ...(agentId === undefined ? {} : { agentId }),
        ...(listen === undefined ? {} : { listen }),
      },
      context.io,
    );
  },
};

async function importMcpPackage(): Promise<McpProxyModule> {
  const fromProject = projectEntry();
  try {
    // A name held in a value, not a literal: bundlers must not try to resolve it at build time.
    const specifier: string = fromProject ?? mcpPackage;
    return (await import(specifier)) as McpProxyModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new CliUsageError(
        `mcp-proxy needs the ${mcpPackage} package: install ${mcpPackage} (npm install ${mcpPackage} @modelcontextprotocol/sdk)`,
      );
    }
    throw error;
  }
}

/** The package's ESM entry as the project in the current directory resolves it, if it does. */
function projectEntry(): string | undefined {
  try {
    const manifestPath = createRequire(join(process.cwd(), "package.json")).resolve(
      `${mcpPackage}/package.json`,
    );
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
      exports?: { ".": { import?: { default?: string } } };
    };
    const entry = manifest.exports?.["."]?.import?.default ?? "./dist/index.js";
    return pathToFileURL(join(dirname(manifestPath), entry)).href;
  } catch {
    return undefined;
  }
}
