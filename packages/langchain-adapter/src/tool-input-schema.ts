import { ConnectorSchemaError, type JsonSchema } from "@aumai/connectorguard";
import { toJsonSchema } from "@langchain/core/utils/json_schema";

/**
 * The JSON Schema of what a model may send a tool, derived from the tool's own schema (zod 3,
 * zod 4, or JSON Schema): the input side of the schema (a field with a default is optional),
 * in draft-07, the dialect the guard compiles. A top-level `$schema` is dropped, since the
 * guard decides the dialect. Returns undefined for a tool without a schema.
 *
 * @example
 * const lookupOrder = tool(async ({ orderId }) => findOrder(orderId), {
 *   name: "lookup_order",
 *   schema: z.object({ orderId: z.string().regex(/^A-\d+$/) }),
 * });
 * toolInputSchema(lookupOrder);
 * // { type: "object", properties: { orderId: { type: "string", pattern: "^A-\\d+$" } },
 * //   required: ["orderId"], additionalProperties: false }
 */
export function toolInputSchema(tool: {
  readonly name: string;
  readonly schema?: unknown;
}): JsonSchema | undefined {
  if (tool.schema === undefined || tool.schema === null) return undefined;
  let converted: unknown;
  try {
    converted = toJsonSchema(tool.schema as Parameters<typeof toJsonSchema>[0], {
      target: "draft-7",
      io: "input",
    });
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
  const { $schema: _dialect, ...schema } = converted as Record<string, unknown>;
  return schema;
}
