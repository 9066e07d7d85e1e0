import { readServerConnectors } from "./read-server-connectors.js";

/** The usage line of `connectors`. */
export const CONNECTORS_USAGE = "connectors [--pin] -- <server command> [args…] | -- <server URL>";

/**
 * `connectorguard-mcp connectors [--pin] -- <server>`: prints a policy file (JSON, which is
 * also YAML) with one connector per tool of the server, its schemas verbatim and, with
 * `--pin`, each tool pinned — the policy to review, tighten and give `mcp-proxy`. Returns the
 * exit code: 0, or 2 with one line on stderr.
 *
 * @example
 * // connectorguard-mcp connectors --pin -- npx -y @modelcontextprotocol/server-filesystem ~/notes > notes.policy.json
 */
export async function runConnectorsCommand(
  args: readonly string[],
  io: {
    readonly stdout: { write(text: string): unknown };
    readonly stderr: { write(text: string): unknown };
    readonly env: Readonly<Record<string, string | undefined>>;
  },
): Promise<number> {
  const separator = args.indexOf("--");
  const own = separator === -1 ? args : args.slice(0, separator);
  const unknown = own.find((arg) => arg !== "--pin");
  try {
    if (unknown !== undefined || separator === -1) {
      const problem =
        unknown === undefined
          ? "give the server's command after --"
          : `unknown option '${unknown}'`;
      throw new Error(`${problem} (usage: connectorguard-mcp ${CONNECTORS_USAGE})`);
    }
    const connectors = await readServerConnectors(
      args.slice(separator + 1),
      { pin: own.includes("--pin") },
      io.env,
    );
    io.stdout.write(`${JSON.stringify({ connectors }, null, 2)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`connectorguard-mcp: error: ${message.replace(/\s*\n\s*/g, " ")}\n`);
    return 2;
  }
}
