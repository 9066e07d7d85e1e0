import { randomUUID } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { acquireFileLock } from "../audit/file-lock.js";
import { writeNewFileSynced } from "../audit/write-new-file-synced.js";
import { ConnectorSchemaError } from "../errors/connector-schema-error.js";
import { RegistryFileError } from "../errors/registry-file-error.js";
import {
  type NormalizedConnectorSchema,
  parseConnectorSchema,
} from "../schema/connector-schema.js";
import { isPlainRecord } from "../support/is-plain-record.js";

/** The default registry file, as in the reference CLI. */
export const DEFAULT_REGISTRY_FILE = ".connectorguard_registry.json";

/** How long `register` waits for another `register` to finish with the file. */
const lockWaitMs = 15_000;

/**
 * Reads the CLI's registry file: `{ "connectors": { "<name>": <definition> } }`. A missing file
 * reads as `undefined`; anything unreadable or malformed is a `RegistryFileError`.
 *
 * @example
 * const connectors = await readRegistryFile(".connectorguard_registry.json");
 * connectors?.map((connector) => connector.name);
 */
export async function readRegistryFile(
  path: string,
): Promise<NormalizedConnectorSchema[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new RegistryFileError(path, `cannot read the file (${code ?? String(error)})`, {
      cause: error,
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new RegistryFileError(
      path,
      `not valid JSON (${(error as Error).message}); fix or remove the file`,
      { cause: error },
    );
  }
  const connectors = isPlainRecord(document) ? document.connectors : undefined;
  if (!isPlainRecord(connectors)) {
    throw new RegistryFileError(
      path,
      'not a registry file: expected { "connectors": { "<name>": <definition> } }',
    );
  }
  return Object.entries(connectors).map(([name, definition]) => {
    try {
      const connector = parseConnectorSchema(definition);
      if (connector.name !== name) {
        throw new RegistryFileError(
          path,
          `connectors.${name} holds a connector named '${connector.name}'`,
        );
      }
      return connector;
    } catch (error) {
      if (!ConnectorSchemaError.isInstance(error)) throw error;
      throw new RegistryFileError(path, `connectors.${name}: ${error.message}`, { cause: error });
    }
  });
}

/**
 * Changes the registry file under its lock: reads it (a corrupt file throws and stays as it
 * is), lets `change` edit the connectors by name, and writes the result atomically (a
 * temporary file, fsynced, renamed over the old one). Concurrent callers wait their turn,
 * so none of their changes is lost.
 *
 * @example
 * await updateRegistryFile(".connectorguard_registry.json", (connectors) => {
 *   connectors.set(schema.name, schema);
 * });
 */
export async function updateRegistryFile<Result>(
  path: string,
  change: (connectors: Map<string, NormalizedConnectorSchema>) => Result,
): Promise<Result> {
  const lock = await acquireFileLock(path, {
    waitMs: lockWaitMs,
    purpose: `registry file ${path}`,
  });
  try {
    const current = (await readRegistryFile(path)) ?? [];
    const connectors = new Map(current.map((connector) => [connector.name, connector]));
    const result = change(connectors);
    const sorted = [...connectors.values()].sort((left, right) =>
      left.name < right.name ? -1 : left.name > right.name ? 1 : 0,
    );
    const document = { connectors: Object.fromEntries(sorted.map((item) => [item.name, item])) };
    await writeAtomically(path, `${JSON.stringify(document, null, 2)}\n`);
    return result;
  } finally {
    await lock.release();
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const draft = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeNewFileSynced(draft, text);
    await rename(draft, path);
  } catch (error) {
    await unlink(draft).catch(() => {});
    throw error;
  }
  // The rename itself is durable only once the folder is synced.
  const folder = await open(dirname(path), "r");
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
