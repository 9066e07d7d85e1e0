/**
 * Runs the same scenario on AI SDK 6 (`ai`) and AI SDK 7 (`ai-v7`, an npm alias), each with
 * its own mock model class, passing the agent's identity the way that major does:
 * `experimental_context` in 6, each tool's `toolsContext` entry in 7.
 */
import * as ai6 from "ai";
import { MockLanguageModelV3 } from "ai/test";
import * as ai7 from "ai-v7";
import { MockLanguageModelV4 } from "ai-v7/test";
import { type PromptMessage, type ScriptStep, scriptModel } from "./scripted-model.js";

/** One content part of a step, as the tests read it. */
export interface ContentPart {
  readonly type: string;
  readonly toolName?: string;
  readonly output?: unknown;
  readonly error?: unknown;
}

/** What a run returns to the tests, the same for every entry point and major. */
export interface RunResult {
  readonly text: string;
  readonly steps: readonly { readonly content: readonly ContentPart[] }[];
  /** The prompt of each model call. */
  readonly prompts: readonly PromptMessage[][];
}

/** One run: a script for the model, the tools, and the agent id to put in the context. */
export interface RunOptions {
  readonly script: readonly ScriptStep[];
  readonly tools: ai6.ToolSet;
  readonly agentId?: string;
  /** More fields of the context the agent id travels in (e.g. a capability token). */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly stopWhen?: (options: {
    steps: readonly { content: readonly ContentPart[] }[];
  }) => boolean;
}

export interface SdkUnderTest {
  readonly label: string;
  generateText(options: RunOptions): Promise<RunResult>;
  streamText(options: RunOptions): Promise<RunResult>;
  agentGenerate(options: RunOptions): Promise<RunResult>;
}

const maxSteps = 10;

/** The context of a run: the agent id and any other fields, or undefined when there are none. */
function runContext({ agentId, context }: RunOptions): Record<string, unknown> | undefined {
  if (agentId === undefined && context === undefined) return undefined;
  return agentId === undefined ? { ...context } : { ...context, agentId };
}

const sdk6: SdkUnderTest = {
  label: "AI SDK 6",
  async generateText(options) {
    const { script, tools, stopWhen } = options;
    const { handlers, prompts } = scriptModel(script);
    const result = await ai6.generateText({
      model: new MockLanguageModelV3(handlers),
      tools,
      prompt: "Research solar panels and save a summary.",
      stopWhen: [ai6.stepCountIs(maxSteps), ...(stopWhen ? [stopWhen] : [])],
      experimental_context: runContext(options),
    });
    return { text: result.text, steps: result.steps, prompts };
  },
  async streamText(options) {
    const { script, tools, stopWhen } = options;
    const { handlers, prompts } = scriptModel(script);
    const result = ai6.streamText({
      model: new MockLanguageModelV3(handlers),
      tools,
      prompt: "Research solar panels and save a summary.",
      stopWhen: [ai6.stepCountIs(maxSteps), ...(stopWhen ? [stopWhen] : [])],
      experimental_context: runContext(options),
    });
    return { text: await result.text, steps: await result.steps, prompts };
  },
  async agentGenerate(options) {
    const { script, tools, stopWhen } = options;
    const { handlers, prompts } = scriptModel(script);
    const agent = new ai6.ToolLoopAgent({
      model: new MockLanguageModelV3(handlers),
      tools,
      stopWhen: [ai6.stepCountIs(maxSteps), ...(stopWhen ? [stopWhen] : [])],
      experimental_context: runContext(options),
    });
    const result = await agent.generate({ prompt: "Research solar panels and save a summary." });
    return { text: result.text, steps: result.steps, prompts };
  },
};

// `tool()` has no runtime behaviour in either major, so the same tool objects serve both. AI SDK
// 7 types `toolsContext` only for tools that declare a `contextSchema`; at run time it hands
// every tool its entry, which is what these untyped runs rely on.
const asToolSet7 = (tools: ai6.ToolSet) => tools as unknown as ai7.ToolSet;
const toolsContextFor = (tools: ai6.ToolSet, context: Record<string, unknown> | undefined) =>
  context === undefined
    ? undefined
    : Object.fromEntries(Object.keys(tools).map((toolName) => [toolName, context]));

const sdk7: SdkUnderTest = {
  label: "AI SDK 7",
  async generateText(options) {
    const { script, tools, stopWhen } = options;
    const { handlers, prompts } = scriptModel(script);
    const result = await ai7.generateText({
      model: new MockLanguageModelV4(handlers),
      tools: asToolSet7(tools),
      prompt: "Research solar panels and save a summary.",
      stopWhen: [ai7.isStepCount(maxSteps), ...(stopWhen ? [stopWhen] : [])],
      toolsContext: toolsContextFor(tools, runContext(options)),
    } as Parameters<typeof ai7.generateText>[0]);
    return { text: result.text, steps: result.steps, prompts };
  },
  async streamText(options) {
    const { script, tools, stopWhen } = options;
    const { handlers, prompts } = scriptModel(script);
    const result = ai7.streamText({
      model: new MockLanguageModelV4(handlers),
      tools: asToolSet7(tools),
      prompt: "Research solar panels and save a summary.",
      stopWhen: [ai7.isStepCount(maxSteps), ...(stopWhen ? [stopWhen] : [])],
      toolsContext: toolsContextFor(tools, runContext(options)),
    } as Parameters<typeof ai7.streamText>[0]);
    return { text: await result.text, steps: await result.steps, prompts };
  },
  async agentGenerate(options) {
    const { script, tools, stopWhen } = options;
    const { handlers, prompts } = scriptModel(script);
    const agent = new ai7.ToolLoopAgent({
      model: new MockLanguageModelV4(handlers),
      tools: asToolSet7(tools),
      stopWhen: [ai7.isStepCount(maxSteps), ...(stopWhen ? [stopWhen] : [])],
      toolsContext: toolsContextFor(tools, runContext(options)) as never,
    });
    const result = await agent.generate({ prompt: "Research solar panels and save a summary." });
    return { text: result.text, steps: result.steps, prompts };
  },
};

/** Both majors, for `describe.each`. */
export const sdksUnderTest: readonly SdkUnderTest[] = [sdk6, sdk7];
