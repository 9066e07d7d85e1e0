import { InvalidOptionError } from "@aumai/connectorguard";
import { describeValue } from "@aumai/connectorguard/adapter-kit";
import { mergeConfigs } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import type { ToolRunnableConfig } from "@langchain/core/tools";
import type { GuardSettings } from "./guard-settings.js";
import { type GuardedToolCall, guardToolCall } from "./guard-tool-call.js";
import { guardedToolBrand, isGuardedTool } from "./is-guarded-tool.js";
import type { RunContext } from "./langchain-guard-options.js";
import { toolPin } from "./tool-pin.js";

/** The parts of a LangChain tool the guard wraps; every `ClientTool` has them. */
interface InvokableTool {
  readonly name: string;
  readonly description?: string;
  readonly schema?: unknown;
  readonly defaultConfig?: ToolRunnableConfig;
  invoke(input: unknown, config?: ToolRunnableConfig): Promise<unknown>;
  /** The deprecated entry point of `StructuredTool`, still public. */
  call?(input: unknown, config?: ToolRunnableConfig, tags?: string[]): Promise<unknown>;
}

/**
 * Returns a tool that behaves as `tool` in every way — same class, name, description, schema,
 * `returnDirect`, response format — except that `invoke` (and the deprecated `call`) ask the
 * guard first. The original is not modified. `position` names the tool in error messages.
 * The tool's definition hash (`toolPin`) is computed here, once, and sent with every call.
 */
export function createGuardedTool<Tool extends object>(
  tool: Tool,
  settings: GuardSettings,
  position: string,
): Tool {
  const original = checkTool(tool, position);
  if (isGuardedTool(tool)) {
    throw new InvalidOptionError(
      `${position} ('${original.name}') is already guarded; guarding it twice would decide and count every call twice`,
    );
  }
  const connectorName = settings.connectorNameOf(original.name);
  const toolDefinitionHash = toolPin(original);
  const describe = (input: unknown, config: ToolRunnableConfig | undefined): GuardedToolCall => {
    const toolCall = isToolCall(input) ? input : undefined;
    let run: RunContext | undefined;
    const readRun = () => {
      run ??= runContext(config, original.defaultConfig);
      return run;
    };
    return {
      toolName: original.name,
      connectorName,
      sourceAgent: settings.agentIdOf(readRun),
      capabilityToken: settings.capabilityTokenOf(readRun),
      toolDefinitionHash,
      inputData: toolCall !== undefined ? (toolCall.args ?? {}) : directInput(input),
      toolCallId: toolCall?.id ?? config?.toolCall?.id,
      tool: original,
    };
  };

  // Delegating to the original keeps every field and method LangChain reads (name, schema,
  // lc_kwargs, bindTools conversion…) without copying, and `instanceof` still holds.
  const guarded = Object.create(tool) as Tool;
  const properties: PropertyDescriptorMap = {
    [guardedToolBrand]: { value: true },
    invoke: {
      value: (input: unknown, config?: ToolRunnableConfig) =>
        guardToolCall(
          settings,
          () => describe(input, config),
          (target, validated) =>
            (target as InvokableTool).invoke(withArguments(input, validated), config),
        ),
      writable: true,
      configurable: true,
    },
  };
  if (typeof original.call === "function") {
    const call = original.call;
    properties.call = {
      value: (input: unknown, config?: ToolRunnableConfig, tags?: string[]) =>
        guardToolCall(
          settings,
          () => describe(input, config),
          (target, validated) => call.call(target, withArguments(input, validated), config, tags),
        ),
      writable: true,
      configurable: true,
    };
  }
  Object.defineProperties(guarded, properties);
  return guarded;
}

function checkTool(tool: unknown, position: string): InvokableTool {
  if (typeof tool !== "object" || tool === null) {
    throw new InvalidOptionError(
      `${position} must be a LangChain tool (got ${describeValue(tool)})`,
    );
  }
  const candidate = tool as Partial<InvokableTool>;
  if (typeof candidate.invoke !== "function") {
    const name = typeof candidate.name === "string" ? ` ('${candidate.name}')` : "";
    throw new InvalidOptionError(
      `${position}${name} has no invoke method: a provider-side (server) tool runs at the model provider and cannot be guarded; give it to the agent unguarded`,
    );
  }
  if (typeof candidate.name !== "string" || candidate.name.trim() === "") {
    throw new InvalidOptionError(`${position} has no name; a tool needs one to be guarded`);
  }
  return candidate as InvokableTool;
}

/** A direct call's input; a string-input tool (`Tool`, `DynamicTool`) sees `{ input }`. */
/**
 * The tool's input with the arguments the guard validated in place of the ones it was called
 * with: a tool call's `args`, or a plain-object input. A string input (a `DynamicTool`'s) is
 * checked as `{ input }` and passed on as the string it was.
 */
function withArguments(input: unknown, validated: unknown): unknown {
  if (isToolCall(input)) return { ...input, args: validated };
  if (typeof input === "string" || input === undefined || input === null) return input;
  return validated;
}

function directInput(input: unknown): unknown {
  if (typeof input === "string") return { input };
  return input ?? {};
}

function isToolCall(input: unknown): input is { args: unknown; id?: string } {
  return (
    typeof input === "object" &&
    input !== null &&
    (input as { type?: unknown }).type === "tool_call"
  );
}

/** The run's config as the tool itself will see it: the given config, else the ambient run's. */
function runContext(
  config: ToolRunnableConfig | undefined,
  defaultConfig: ToolRunnableConfig | undefined,
): RunContext {
  const given =
    config ?? (AsyncLocalStorageProviderSingleton.getRunnableConfig() as RunContext | undefined);
  if (defaultConfig === undefined) return given ?? {};
  return mergeConfigs(defaultConfig, given);
}
