import { InvalidOptionError } from "@aumai/connectorguard";
import { guardExecute } from "./guard-execute.js";
import type { GuardToolsConfig } from "./guard-tools-config.js";
import { resolveIdentityConfig } from "./resolve-identity-config.js";
import type { ExecuteFunction } from "./tool-call-binding.js";
import { isToolCallDenial } from "./tool-call-denial.js";
import { type PinnableTool, toolDefinitionHashOf } from "./tool-definition-hash-of.js";

const guardedMark = Symbol.for("aumai.connectorguard.ai-sdk.guarded-tool");

/**
 * A tool set of AI SDK 6 or 7, described by the one property every kind of tool has, so
 * the adapter's types do not tie it to one major of the SDK.
 */
export type AnyToolSet = Readonly<Record<string, { readonly inputSchema: unknown }>>;

/**
 * Puts every tool of an AI SDK tool set behind the guard. The result has the same keys, and
 * each tool keeps its description, input schema and everything else; only `execute` changes:
 * each call is decided by the guard (registry, permission, rate limit, input schema), run only
 * when allowed, and recorded in the audit log with its outcome.
 *
 * The calling agent is `config.agentId`, or read from the call's context by
 * `config.resolveAgentId`, or by default the context's `agentId` (`experimental_context` in
 * AI SDK 6, the tool's `toolsContext` entry in AI SDK 7) — never the model's arguments. With
 * none found the core's default agent `"unknown"` applies, which holds no permissions. The
 * call's capability token comes from the same context (`capabilityToken`, or
 * `config.resolveCapabilityToken`); each tool's definition hash (see `toolPin`) is computed
 * here, once, and checked against its connector's `pin` on every call. A result withheld by
 * `outputCheck: "enforce"` is handled as a denial.
 *
 * Tools without `execute` (client-side and provider-executed tools) are returned as they
 * are: guard those with {@link connectorGuardApproval}.
 *
 * @example
 * const tools = guardTools(
 *   { search: tool({ inputSchema: z.object({ query: z.string() }), execute: search }) },
 *   { guard, agentId: "research-bot" },
 * );
 * await generateText({ model, tools, prompt: "Find recent papers on solar panels" });
 */
export function guardTools<TOOLS extends AnyToolSet>(
  tools: TOOLS,
  config: GuardToolsConfig,
): TOOLS {
  if (typeof tools !== "object" || tools === null || Array.isArray(tools)) {
    throw new InvalidOptionError(
      `guardTools: tools must be an object of tools keyed by name (got ${Array.isArray(tools) ? "an array" : String(tools)})`,
    );
  }
  const { guard, onDenied, identityRequired, resolveAgent, resolveToken, connectorNameOf } =
    resolveIdentityConfig(config, "guardTools");

  const guarded: Record<string, unknown> = {};
  for (const [toolName, tool] of Object.entries(tools) as [string, unknown][]) {
    if (typeof tool !== "object" || tool === null) {
      throw new InvalidOptionError(
        `guardTools: tools.${toolName} must be a tool made with tool() or dynamicTool() (got ${String(tool)})`,
      );
    }
    if (guardedMark in tool) {
      throw new InvalidOptionError(
        `guardTools: tools.${toolName} is already guarded; guarding it again would decide every call twice`,
      );
    }
    const execute = (tool as { execute?: unknown }).execute;
    if (execute === undefined) {
      guarded[toolName] = tool;
      continue;
    }
    if (typeof execute !== "function") {
      throw new InvalidOptionError(
        `guardTools: tools.${toolName}.execute must be a function (got ${typeof execute})`,
      );
    }
    const binding = {
      guard,
      toolName,
      connectorName: connectorNameOf(toolName),
      resolveAgent,
      resolveToken,
      toolDefinitionHash: definitionHash(tool as PinnableTool, toolName),
      onDenied,
      identityRequired,
    };
    const replaced: Record<string, unknown> = {
      execute: guardExecute(execute as ExecuteFunction, binding),
    };
    const toModelOutput = (tool as { toModelOutput?: unknown }).toModelOutput;
    if (onDenied === "result" && typeof toModelOutput === "function") {
      replaced.toModelOutput = passDenialsThrough(toModelOutput as ToModelOutput);
    }
    guarded[toolName] = withReplaced(tool, replaced);
  }
  return guarded as TOOLS;
}

/**
 * The tool's definition hash, computed once here and sent with every call. A schema the SDK
 * could not send to the model either is refused now, naming the tool.
 */
function definitionHash(tool: PinnableTool, toolName: string): string | Promise<string> {
  let hash: string | Promise<string>;
  try {
    hash = toolDefinitionHashOf(tool);
  } catch (error) {
    throw new InvalidOptionError(
      `guardTools: tools.${toolName}.inputSchema has no JSON Schema form to pin (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  // A lazy schema that fails rejects every call; this keeps it from also being unhandled.
  if (typeof hash !== "string") hash.catch(() => undefined);
  return hash;
}

type ToModelOutput = (options: { output: unknown }) => unknown;

/** The tool's own `toModelOutput` expects its real output, so a denial bypasses it as JSON. */
function passDenialsThrough(toModelOutput: ToModelOutput): ToModelOutput {
  return (options) =>
    isToolCallDenial(options.output)
      ? { type: "json", value: options.output }
      : toModelOutput(options);
}

/** A copy of `tool` with some properties replaced; hidden ones (the SDK sets some) are kept. */
function withReplaced(tool: object, replaced: Record<string, unknown>): object {
  const copy = Object.create(Object.getPrototypeOf(tool), Object.getOwnPropertyDescriptors(tool));
  for (const [key, value] of Object.entries(replaced)) {
    Object.defineProperty(copy, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  Object.defineProperty(copy, guardedMark, { value: true });
  return copy;
}
