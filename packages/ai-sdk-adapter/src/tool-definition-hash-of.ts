import { type ToolDefinition, toolDefinitionHash } from "@aumai/connectorguard";
import { isPromiseLike } from "@aumai/connectorguard/adapter-kit";
import { asSchema } from "ai";

/** The parts of an AI SDK tool its pin covers. */
export interface PinnableTool {
  readonly description?: string;
  /** A zod schema, a `jsonSchema(...)`, any Standard Schema: what `tool({ inputSchema })` takes. */
  readonly inputSchema: unknown;
}

/**
 * A tool's definition as its pin covers it — its description and the JSON Schema the SDK
 * sends the model for its input, converted by the SDK's own `asSchema(...).jsonSchema` — or a
 * promise of it when that JSON Schema is itself a promise (`jsonSchema(promise)`). Throws
 * when the schema has no JSON Schema form, as the SDK would when it sends the tool.
 *
 * @example
 * toolDefinitionOf({ description: "Add", inputSchema: z.object({ a: z.number() }) });
 * // { description: "Add", inputSchema: { type: "object", … } }
 */
export function toolDefinitionOf(tool: PinnableTool): ToolDefinition | Promise<ToolDefinition> {
  const inputSchema = asSchema(tool.inputSchema as Parameters<typeof asSchema>[0]).jsonSchema;
  const definition = (schema: unknown): ToolDefinition => ({
    description: tool.description,
    inputSchema: schema,
  });
  return isPromiseLike(inputSchema)
    ? Promise.resolve(inputSchema).then(definition)
    : definition(inputSchema);
}

/**
 * The hash of a tool's definition (see {@link toolDefinitionOf}), or a promise of it.
 *
 * @example
 * toolDefinitionHashOf({ description: "Add", inputSchema: z.object({ a: z.number() }) }); // "sha256:…"
 */
export function toolDefinitionHashOf(tool: PinnableTool): string | Promise<string> {
  const definition = toolDefinitionOf(tool);
  return isPromiseLike(definition)
    ? Promise.resolve(definition).then(toolDefinitionHash)
    : toolDefinitionHash(definition);
}
