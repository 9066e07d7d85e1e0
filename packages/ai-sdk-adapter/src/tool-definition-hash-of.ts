import { toolDefinitionHash } from "@aumai/connectorguard";
import { asSchema } from "ai";
import { isPromiseLike } from "./is-promise-like.js";

/** The parts of an AI SDK tool its pin covers. */
export interface PinnableTool {
  readonly description?: string;
  /** A zod schema, a `jsonSchema(...)`, any Standard Schema: what `tool({ inputSchema })` takes. */
  readonly inputSchema: unknown;
}

/**
 * The hash of a tool's definition — its description and the JSON Schema the SDK sends the
 * model for its input, converted by the SDK's own `asSchema(...).jsonSchema` — or a promise
 * of it when the schema's JSON Schema is itself a promise (`jsonSchema(promise)`). Throws
 * when the schema has no JSON Schema form, as the SDK would when it sends the tool.
 *
 * @example
 * toolDefinitionHashOf({ description: "Add", inputSchema: z.object({ a: z.number() }) }); // "sha256:…"
 */
export function toolDefinitionHashOf(tool: PinnableTool): string | Promise<string> {
  const inputSchema = asSchema(tool.inputSchema as Parameters<typeof asSchema>[0]).jsonSchema;
  const hash = (schema: unknown) =>
    toolDefinitionHash({ description: tool.description, inputSchema: schema });
  return isPromiseLike(inputSchema) ? Promise.resolve(inputSchema).then(hash) : hash(inputSchema);
}
