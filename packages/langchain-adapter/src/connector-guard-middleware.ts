import { ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import type { AgentMiddleware, Runtime } from "langchain";
import { resolveGuardSettings } from "./guard-settings.js";
import { guardToolCall } from "./guard-tool-call.js";
import type { LangChainGuardOptions, RunContext } from "./langchain-guard-options.js";
import { toolPin } from "./tool-pin.js";

/**
 * A LangChain v1 `createAgent` middleware (`wrapToolCall`) that puts the guard in front of every
 * tool call of the agent — for those who prefer middleware to wrapped tools. Same options, same
 * decisions and the same audit as `guardTools`; use one or the other, not both, or every call
 * is decided (and counted against its rate limit) twice.
 *
 * A denied call never reaches the tool: the model receives an error `ToolMessage` with the
 * reason, or, with `onDenied: "throw"`, `InterceptorError` ends the run; a result withheld by
 * `outputCheck: "enforce"` is handled the same way (`OutputValidationError`). The capability
 * token and the tool's definition hash (computed once per tool) go with every call. A tool error passes
 * through unchanged and is audited with the call, as is a tool result that is an error
 * `ToolMessage` (for instance from an inner error-handling middleware).
 *
 * @example
 * const agent = createAgent({
 *   model,
 *   tools: [lookupOrder, refundPayment],
 *   middleware: [connectorGuardMiddleware({ guard })],
 * });
 * await agent.invoke({ messages }, { configurable: { agentId: "support-bot" } });
 */
export function connectorGuardMiddleware(
  options: LangChainGuardOptions,
): AgentMiddleware<undefined, undefined, unknown> {
  const settings = resolveGuardSettings(options, "connectorGuardMiddleware");
  // Each tool's definition is hashed once, the first time the agent calls it.
  const pins = new WeakMap<object, string>();
  const pinOf = (tool: object): string => {
    let pin = pins.get(tool);
    if (pin === undefined) {
      pin = toolPin(tool as Parameters<typeof toolPin>[0]);
      pins.set(tool, pin);
    }
    return pin;
  };
  const wrapToolCall: NonNullable<AgentMiddleware["wrapToolCall"]> = async (request, handler) => {
    const { toolCall } = request;
    // Undefined for a tool the agent does not know; a pinned connector then denies it.
    const tool: object | undefined = request.tool ?? undefined;
    try {
      return await guardToolCall(
        settings,
        () => {
          let run: RunContext | undefined;
          const readRun = () => {
            run ??= middlewareRunContext(request.runtime);
            return run;
          };
          return {
            toolName: toolCall.name,
            connectorName: settings.connectorNameOf(toolCall.name),
            sourceAgent: settings.agentIdOf(readRun),
            capabilityToken: settings.capabilityTokenOf(readRun),
            toolDefinitionHash: tool === undefined ? undefined : pinOf(tool),
            inputData: toolCall.args,
            toolCallId: toolCall.id ?? "",
            tool,
          };
        },
        async (target, validated) => {
          // The tool runs on the arguments the guard validated.
          const checked = {
            ...request,
            toolCall: { ...toolCall, args: validated as typeof toolCall.args },
          };
          const result = await handler(
            target === tool ? checked : { ...checked, tool: target as typeof request.tool },
          );
          if (ToolMessage.isInstance(result) && result.status === "error") {
            throw new ToolErrorResult(result);
          }
          return result;
        },
      );
    } catch (error) {
      if (error instanceof ToolErrorResult) return error.toolMessage;
      throw error;
    }
  };
  // What langchain's `createMiddleware` returns, built here so that `langchain` is never loaded
  // by this package: users of `guardTools` alone need only `@langchain/core`. A test compares
  // this object with `createMiddleware`'s on the lowest and the highest supported langchain.
  return {
    [Symbol.for("AgentMiddleware")]: true,
    name: "ConnectorGuardMiddleware",
    wrapToolCall,
  } as AgentMiddleware<undefined, undefined, unknown>;
}

/**
 * Carries an error `ToolMessage` out of the guarded run, so that the audit records the call as
 * failed; it is unwrapped before LangChain sees anything.
 */
class ToolErrorResult extends Error {
  readonly toolMessage: ToolMessage;

  constructor(toolMessage: ToolMessage) {
    super(toolMessage.text);
    this.name = "ToolErrorMessage";
    this.toolMessage = toolMessage;
  }
}

/**
 * A middleware sees the graph's runtime (`configurable`, `context`) but not the run's metadata;
 * that comes from LangChain's ambient run config, so both identity sources work here too.
 */
function middlewareRunContext(runtime: Runtime<unknown>): RunContext {
  const ambient = AsyncLocalStorageProviderSingleton.getRunnableConfig() as
    | RunnableConfig
    | undefined;
  return {
    ...ambient,
    configurable: runtime.configurable ?? ambient?.configurable,
    context: runtime.context,
  };
}
