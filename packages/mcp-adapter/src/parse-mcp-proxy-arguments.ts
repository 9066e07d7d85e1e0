import { parseArgs } from "node:util";
import { InvalidOptionError } from "@aumai/connectorguard";
import type { McpProxyOptions } from "./run-mcp-proxy.js";

/** The usage line of `mcp-proxy`. */
export const MCP_PROXY_USAGE =
  "mcp-proxy --config POLICY [--agent-id ID] [--listen HOST:PORT] [--filter-tools] -- <server command> [args…]";

/**
 * Reads `mcp-proxy`'s arguments: the options before `--`, the server's command and arguments
 * after it (passed on untouched, flags included). Throws `InvalidOptionError` naming the
 * problem: an unknown option, a missing `--config`, no command.
 *
 * @example
 * parseMcpProxyArguments(["--config", "policy.yaml", "--", "mcp-server-filesystem", "/data"]);
 * // { config: "policy.yaml", command: ["mcp-server-filesystem", "/data"], filterTools: false }
 */
export function parseMcpProxyArguments(
  args: readonly string[],
): Omit<McpProxyOptions, "env" | "stderr"> {
  const separator = args.indexOf("--");
  const own = separator === -1 ? [...args] : args.slice(0, separator);
  const command = separator === -1 ? [] : args.slice(separator + 1);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: own,
      options: {
        config: { type: "string" },
        "agent-id": { type: "string" },
        listen: { type: "string" },
        "filter-tools": { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new InvalidOptionError(
      `mcp-proxy: ${message} (usage: ${MCP_PROXY_USAGE}; the server's command goes after --)`,
    );
  }
  const config = values.config;
  if (typeof config !== "string" || config === "") {
    throw new InvalidOptionError(
      `mcp-proxy: --config POLICY is required (usage: ${MCP_PROXY_USAGE})`,
    );
  }
  if (command.length === 0) {
    throw new InvalidOptionError(
      `mcp-proxy: give the server's command after -- (usage: ${MCP_PROXY_USAGE})`,
    );
  }
  const agentId = values["agent-id"];
  const listen = values.listen;
  return {
    config,
    command,
    filterTools: values["filter-tools"] === true,
    ...(typeof agentId === "string" ? { agentId } : {}),
    ...(typeof listen === "string" ? { listen } : {}),
  };
}
