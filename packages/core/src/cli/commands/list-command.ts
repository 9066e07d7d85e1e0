import type { CliCommand } from "../cli-command.js";
import { loadCliPolicy } from "../load-cli-policy.js";
import { configOption, outputOption, registryFileOption } from "../shared-options.js";

/**
 * `list`: the registered connectors, from the registry file and the policy file, with each
 * connector's own mode, pin and output check where it sets them.
 *
 * @example
 * // connectorguard list
 * // openai-chat  v1.0.0  rate limit 30/window  permissions: llm:call  input schema: yes
 * // search       v2.0.0  rate limit 60/window  permissions: none  input schema: no  mode: shadow  pin: sha256:9f86d081884c…
 */
export const listCommand: CliCommand = {
  name: "list",
  summary: "Show the registered connectors.",
  details:
    "Lists the registry file's connectors, and the policy file's with --config. A connector's own mode, pin (shortened; --output json shows it whole) and output check are shown when it sets them.",
  usage: "[--registry-file PATH] [--config PATH] [--output text|json]",
  options: {
    "registry-file": registryFileOption,
    config: configOption,
    output: outputOption,
  },
  async run(context) {
    const policy = await loadCliPolicy(context, { requireConnectors: false });
    const connectors = [...policy.connectors].sort((left, right) =>
      left.name < right.name ? -1 : left.name > right.name ? 1 : 0,
    );
    if (context.text("output") === "json") {
      context.io.stdout.write(`${JSON.stringify(connectors, null, 2)}\n`);
      return 0;
    }
    if (connectors.length === 0) {
      const why = policy.registryFound ? "" : ` (${policy.registryFile} does not exist)`;
      context.io.stdout.write(`No connectors registered${why}.\n`);
      return 0;
    }
    const widest = (values: readonly string[]) => Math.max(...values.map((value) => value.length));
    const width = widest(connectors.map((connector) => connector.name));
    const versionWidth = widest(connectors.map((connector) => connector.version)) + 1;
    const limitWidth = widest(connectors.map((connector) => String(connector.rateLimit)));
    const permissionsWidth = widest(
      connectors.map((connector) => connector.requiredPermissions.join(", ") || "none"),
    );
    for (const connector of connectors) {
      const permissions = connector.requiredPermissions.join(", ") || "none";
      const hasInputSchema = connector.inputSchema === undefined ? "no" : "yes";
      const overrides = [
        connector.mode === undefined ? "" : `  mode: ${connector.mode}`,
        connector.pin === undefined ? "" : `  pin: ${connector.pin.slice(0, 19)}…`,
        connector.outputCheck === undefined ? "" : `  output check: ${connector.outputCheck}`,
      ].join("");
      context.io.stdout.write(
        `${connector.name.padEnd(width)}  ${`v${connector.version}`.padEnd(versionWidth)}  rate limit ${`${connector.rateLimit}/window`.padEnd(limitWidth + "/window".length)}  permissions: ${permissions.padEnd(permissionsWidth)}  input schema: ${overrides === "" ? hasInputSchema : hasInputSchema.padEnd(3)}${overrides}\n`,
      );
    }
    return 0;
  },
};
