#!/usr/bin/env node
import { MCP_PROXY_USAGE, parseMcpProxyArguments } from "./parse-mcp-proxy-arguments.js";
import { CONNECTORS_USAGE, runConnectorsCommand } from "./run-connectors-command.js";
import { runMcpProxyCommand } from "./run-mcp-proxy-cli.js";

const [subcommand, ...rest] = process.argv.slice(2);
if (subcommand === "--help" || subcommand === "-h" || subcommand === undefined) {
  process.stderr.write(
    [
      `Usage: connectorguard-mcp ${MCP_PROXY_USAGE}`,
      `       connectorguard-mcp ${CONNECTORS_USAGE}`,
      "",
      "mcp-proxy   serve MCP in front of a server: every tools/call is decided and audited by the policy; everything else passes through.",
      "connectors  print a policy with one connector per tool of the server (its schemas verbatim; --pin pins each tool), to review.",
      "",
    ].join("\n"),
  );
  process.exitCode = subcommand === undefined ? 2 : 0;
} else if (subcommand === "connectors") {
  process.exitCode = await runConnectorsCommand(rest, process);
} else if (subcommand !== "mcp-proxy") {
  process.stderr.write(
    `connectorguard-mcp: error: unknown command '${subcommand}' (commands: mcp-proxy, connectors)\n`,
  );
  process.exitCode = 2;
} else {
  let interrupt: () => void = () => {};
  const interrupted = new Promise<void>((resolve) => {
    interrupt = resolve;
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => interrupt());
  let options: ReturnType<typeof parseMcpProxyArguments> | undefined;
  try {
    options = parseMcpProxyArguments(rest);
  } catch (error) {
    process.stderr.write(
      `connectorguard-mcp: error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
  }
  if (options !== undefined) {
    process.exitCode = await runMcpProxyCommand(options, {
      stderr: process.stderr,
      env: process.env,
      interrupted,
    });
    // stdin keeps the event loop alive after the proxy stopped.
    process.exit();
  }
}
