import { createHash } from "node:crypto";
import { canonicalJson } from "../support/canonical-json.js";
import { toJsonValue } from "../support/to-json-value.js";

/** What a pin covers: the text the model reads and the input the tool accepts. */
export interface ToolDefinition {
  /** The tool's description, as the model sees it. */
  readonly description?: string;
  /** The tool's input JSON Schema, as the model sees it. */
  readonly inputSchema?: unknown;
}

/**
 * The pin of a tool definition: `sha256:` and the hex SHA-256 of the canonical JSON of
 * `{ description, inputSchema }` (keys sorted, no whitespace), so the same definition always
 * gives the same pin, and any change to its description or schema — a "rug pull" by the
 * server behind the tool — gives another. Put it in the connector's `pin`; the adapters pass
 * the live tool's hash on each attempt as `toolDefinitionHash`.
 *
 * @example
 * const pin = toolDefinitionHash({ description: tool.description, inputSchema: tool.schema });
 * // "sha256:3b1f…"
 * registry.register({ name: "search", version: "1", pin });
 */
export function toolDefinitionHash(definition: ToolDefinition): string {
  const canonical = canonicalJson(
    toJsonValue({ description: definition.description, inputSchema: definition.inputSchema }),
  );
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}
