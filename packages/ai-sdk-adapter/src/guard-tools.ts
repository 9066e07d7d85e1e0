import { InvalidOptionError } from "@aumai/connectorguard";
import type { ToolSet } from "ai";
import { guardExecute } from "./guard-execute.js";
import { type GuardToolsConfig, ON_DENIED_VALUES, type OnDenied } from "./guard-tools-config.js";
import { resolveIdentityConfig } from "./resolve-identity-config.js";
import type { ExecuteFunction } from "./tool-call-binding.js";

const guardedMark = Symbol.for("aumai.connectorguard.ai-sdk.guarded-tool");

/**
 * Puts every tool of an AI SDK tool set behind the guard. The result has the same keys, and
 * each tool keeps its description, input schema and everything else; only `execute` changes:
 * each call is decided by the guard (registry, permission, rate limit, input schema), run only
 * when allowed, and recorded in the audit log with its outcome.
 *
 * The calling agent is `config.agentId`, or read from the call's context by
 * `config.resolveAgentId`, or by default the context's `agentId` (`experimental_context` in
 * AI SDK 5/6, the tool's `toolsContext` entry in AI SDK 7) — never the model's arguments. With
 * none found the core's default agent `"unknown"` applies, which holds no permissions.
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
export function guardTools<TOOLS extends ToolSet>(tools: TOOLS, config: GuardToolsConfig): TOOLS {
  if (typeof tools !== "object" || tools === null || Array.isArray(tools)) {
    throw new InvalidOptionError(
      `guardTools: tools must be an object of tools keyed by name (got ${Array.isArray(tools) ? "an array" : String(tools)})`,
    );
  }
  const { guard, resolveAgent, connectorNameOf } = resolveIdentityConfig(config, "guardTools");
  const onDenied: OnDenied = config.onDenied ?? "tool-error";
  if (!ON_DENIED_VALUES.includes(onDenied)) {
    throw new InvalidOptionError(
      `guardTools: onDenied must be one of ${ON_DENIED_VALUES.map((value) => `"${value}"`).join(", ")} (got ${JSON.stringify(onDenied)})`,
    );
  }

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
      onDenied,
    };
    guarded[toolName] = withExecute(tool, guardExecute(execute as ExecuteFunction, binding));
  }
  return guarded as TOOLS;
}

/** A copy of `tool` with another `execute`; hidden properties (the SDK sets some) are kept. */
function withExecute(tool: object, execute: ExecuteFunction): object {
  const copy = Object.create(
    Object.getPrototypeOf(tool),
    Object.getOwnPropertyDescriptors(tool),
  ) as Record<string | symbol, unknown>;
  Object.defineProperty(copy, "execute", {
    value: execute,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  Object.defineProperty(copy, guardedMark, { value: true });
  return copy;
}
