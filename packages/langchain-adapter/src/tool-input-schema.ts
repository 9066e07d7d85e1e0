import { ConnectorSchemaError, type JsonSchema } from "@aumai/connectorguard";
import { toJsonSchema } from "@langchain/core/utils/json_schema";

/**
 * The JSON Schema of what a model may send a tool, derived from the tool's own schema, in the
 * dialect each declares: zod 4 through `z.toJSONSchema` (2020-12, objects closed as LangChain
 * sends them to the model), zod 3 through `zod-to-json-schema` (draft-07), a JSON Schema as it
 * is written (its `$schema`, or the guard's `schemaDialect` when it has none). The input side
 * is used: a field with a default is optional. Returns undefined for a tool without a schema.
 *
 * @example
 * const lookupOrder = tool(async ({ orderId }) => findOrder(orderId), {
 *   name: "lookup_order",
 *   schema: z.object({ orderId: z.string().regex(/^A-\d+$/) }),
 * });
 * toolInputSchema(lookupOrder);
 * // { $schema: "https://json-schema.org/draft/2020-12/schema", type: "object",
 * //   properties: { orderId: { type: "string", pattern: "^A-\\d+$" } },
 * //   required: ["orderId"], additionalProperties: false }
 */
export function toolInputSchema(tool: {
  readonly name: string;
  readonly schema?: unknown;
}): JsonSchema | undefined {
  if (tool.schema === undefined || tool.schema === null) return undefined;
  let converted: unknown;
  try {
    converted = toJsonSchema(tool.schema as Parameters<typeof toJsonSchema>[0], { io: "input" });
  } catch (error) {
    throw new ConnectorSchemaError(
      `tool '${tool.name}': its schema cannot be expressed as JSON Schema for the guard: ${error instanceof Error ? error.message : String(error)}`,
      "inputSchema",
      { cause: error },
    );
  }
  if (typeof converted === "boolean") return converted;
  if (typeof converted !== "object" || converted === null || Array.isArray(converted)) {
    throw new ConnectorSchemaError(
      `tool '${tool.name}': its schema is neither a zod schema nor a JSON Schema object`,
      "inputSchema",
    );
  }
  return converted as JsonSchema;
}
