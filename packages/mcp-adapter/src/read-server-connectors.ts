import { InvalidOptionError, type NormalizedConnectorSchema } from "@aumai/connectorguard";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { connectorsFromMcpTools, type McpConnectorOptions } from "./connectors-from-mcp-tools.js";
import { findExecutable } from "./find-executable.js";
import type { McpTool } from "./mcp-tool.js";

/**
 * Connects to a server once — a stdio command, or one Streamable HTTP URL — reads every page
 * of its `tools/list`, and returns `connectorsFromMcpTools` of it: the starting point of a
 * policy file, to review and tighten. The server's stderr is discarded.
 *
 * @example
 * const connectors = await readServerConnectors(["mcp-server-filesystem", "/data"], { pin: true });
 * writeFileSync("policy.json", JSON.stringify({ connectors }, null, 2));
 */
export async function readServerConnectors(
  server: readonly string[],
  options: McpConnectorOptions = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<NormalizedConnectorSchema[]> {
  const [command, ...args] = server;
  if (command === undefined || command === "") {
    throw new InvalidOptionError("connectors: give the server's command after --");
  }
  const isUrl = /^https?:\/\//i.test(command);
  if (!isUrl && findExecutable(command, env) === undefined) {
    throw new InvalidOptionError(
      `connectors: server command '${command}' not found (PATH or path)`,
    );
  }
  const client = new Client({ name: "connectorguard-mcp", version: "1.0.0" });
  const serverEnv = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  await client.connect(
    isUrl
      ? new StreamableHTTPClientTransport(new URL(command))
      : new StdioClientTransport({ command, args, env: serverEnv, stderr: "ignore" }),
  );
  try {
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? undefined : { cursor });
      tools.push(...(page.tools as McpTool[]));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return connectorsFromMcpTools(tools, options);
  } finally {
    await client.close();
  }
}
