import { readFile } from "node:fs/promises";
import { parseConfigText } from "../../config/parse-config-text.js";
import { ConnectorSchemaError } from "../../errors/connector-schema-error.js";
import { ConnectorRegistry } from "../../registry/connector-registry.js";
import { parseConnectorSchema } from "../../schema/connector-schema.js";
import type { CliCommand } from "../cli-command.js";
import { CliUsageError } from "../cli-usage-error.js";
import { describeFileError } from "../describe-file-error.js";
import { updateRegistryFile } from "../registry-file.js";
import { registryFileOption } from "../shared-options.js";

/**
 * `register --schema PATH [--registry-file PATH]`: validates a connector definition and merges
 * it into the registry file, replacing one of the same name.
 *
 * @example
 * // connectorguard register --schema connectors/openai-chat.json
 * // Registered connector 'openai-chat' v1.0.0 -> .connectorguard_registry.json
 */
export const registerCommand: CliCommand = {
  name: "register",
  summary: "Register a connector definition in the registry file.",
  details:
    "The definition is the reference's snake_case JSON, camelCase JSON, or YAML. It replaces a connector of the same name; the registry file is created if missing and rewritten atomically, and a corrupt one is refused and left as it is.",
  usage: "--schema PATH [--registry-file PATH]",
  options: {
    schema: {
      type: "string",
      value: "PATH",
      description: "Connector definition file.",
      required: true,
    },
    "registry-file": registryFileOption,
  },
  async run(context) {
    const schemaPath = context.text("schema");
    const text = await readFile(schemaPath, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new CliUsageError(`cannot read ${schemaPath}: ${describeFileError(error)}`);
    });
    const schema = parseConnectorSchema(parseConfigText(text, schemaPath).value, {
      source: schemaPath,
    });
    // Compiles its JSON Schemas: an invalid one is refused now, not when an agent calls.
    try {
      new ConnectorRegistry().register(schema);
    } catch (error) {
      if (!ConnectorSchemaError.isInstance(error)) throw error;
      throw new CliUsageError(`${schemaPath}: ${error.message}`);
    }
    const registryFile = context.text("registry-file");
    const previous = await updateRegistryFile(registryFile, (connectors) => {
      const replaced = connectors.get(schema.name);
      connectors.set(schema.name, schema);
      return replaced;
    });
    const replaced = previous === undefined ? "" : ` (replaced v${previous.version})`;
    context.io.stdout.write(
      `Registered connector '${schema.name}' v${schema.version} -> ${registryFile}${replaced}\n`,
    );
    return 0;
  },
};
