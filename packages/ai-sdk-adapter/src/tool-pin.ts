import { InvalidOptionError } from "@aumai/connectorguard";
import { type PinnableTool, toolDefinitionHashOf } from "./tool-definition-hash-of.js";

/**
 * The pin of an AI SDK tool: the core's `toolDefinitionHash` over the tool's description and
 * the JSON Schema of its input as the SDK sends it to the model (`asSchema(...).jsonSchema`),
 * `sha256:<hex>`. Put it in the tool's connector as `pin`; `guardTools` sends the live
 * definition's hash with every call, so a tool whose description or schema changed after it
 * was pinned is denied at the `pin` check.
 *
 * Throws `InvalidOptionError` for a schema whose JSON Schema is only available as a promise:
 * pin such a tool with `toolDefinitionHash({ description, inputSchema: await schema.jsonSchema })`.
 *
 * @example
 * const guard = createGuard({
 *   connectors: [{ name: "search", version: "1", pin: toolPin(tools.search) }],
 * });
 */
export function toolPin(tool: PinnableTool): string {
  const hash = toolDefinitionHashOf(tool);
  if (typeof hash === "string") return hash;
  hash.catch(() => undefined);
  throw new InvalidOptionError(
    "toolPin: this tool's JSON Schema is a promise; hash it with toolDefinitionHash({ description, inputSchema: await schema.jsonSchema })",
  );
}
