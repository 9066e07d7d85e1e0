import { type ToolDefinition, toolDefinitionHash } from "../pinning/tool-definition-hash.js";
import { isPromiseLike } from "../support/is-promise-like.js";

/**
 * Each tool's definition hash, computed once per tool object and kept as long as the tool
 * is: the adapters send it with every call for the `pin` check. A definition read
 * asynchronously (a lazy schema) is hashed once it resolves; a failure is kept, so every
 * call of that tool is denied rather than the lookup retried on every call.
 *
 * @example
 * const hashes = new ToolDefinitionHashCache<Tool>((tool) => ({ description: tool.description, inputSchema: tool.schema }));
 * hashes.hashOf(searchTool); // "sha256:…"
 */
export class ToolDefinitionHashCache<Tool extends object> {
  private readonly hashes = new WeakMap<Tool, string | Promise<string>>();

  constructor(
    private readonly definitionOf: (tool: Tool) => ToolDefinition | PromiseLike<ToolDefinition>,
  ) {}

  /** The hash of `tool`'s definition, as `toolDefinitionHash` computes it. */
  hashOf(tool: Tool): string | Promise<string> {
    let hash = this.hashes.get(tool);
    if (hash === undefined) {
      const definition = this.definitionOf(tool);
      hash = isPromiseLike(definition)
        ? Promise.resolve(definition).then(toolDefinitionHash)
        : toolDefinitionHash(definition);
      // A lazy schema that fails rejects every call; this keeps it from also being unhandled.
      if (typeof hash !== "string") hash.catch(() => undefined);
      this.hashes.set(tool, hash);
    }
    return hash;
  }
}
