/**
 * A scripted language model for the AI SDK's own mock classes (`MockLanguageModelV3` of
 * AI SDK 6, `MockLanguageModelV4` of AI SDK 7 — same constructor shape): step N of the
 * script is what the model answers on its Nth call, either tool calls or a final text. Every
 * prompt the model receives is kept, so a test can read what the model saw after each step.
 */

/** One tool call the model makes. */
export interface ScriptedToolCall {
  readonly toolName: string;
  readonly input: unknown;
}

/** One model turn: tool calls, or a final answer. */
export type ScriptStep = readonly ScriptedToolCall[] | string;

/** A message of a prompt as the model receives it (the fields the tests read). */
export interface PromptMessage {
  readonly role: string;
  readonly content: unknown;
}

/** The handlers the SDK's mock model classes accept. */
export interface MockModelHandlers {
  doGenerate: (options: { prompt: PromptMessage[] }) => Promise<never>;
  doStream: (options: { prompt: PromptMessage[] }) => Promise<never>;
}

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/**
 * Builds handlers that play `script`; `prompts[n]` is the prompt of the model's call n.
 *
 * @example
 * const { handlers, prompts } = scriptModel([[{ toolName: "calculator", input: { expression: "1+1" } }], "done"]);
 * const model = new MockLanguageModelV3(handlers);
 */
export function scriptModel(script: readonly ScriptStep[]) {
  const prompts: PromptMessage[][] = [];
  const next = (prompt: PromptMessage[]): ScriptStep => {
    prompts.push(prompt);
    const step = script[prompts.length - 1];
    if (step === undefined) throw new Error(`the script has no step ${prompts.length}`);
    return step;
  };
  const callId = (index: number) => `call-${prompts.length}-${index}`;

  const handlers = {
    doGenerate: async ({ prompt }: { prompt: PromptMessage[] }) => {
      const step = next(prompt);
      const content =
        typeof step === "string"
          ? [{ type: "text", text: step }]
          : step.map((call, index) => ({
              type: "tool-call",
              toolCallId: callId(index),
              toolName: call.toolName,
              input: JSON.stringify(call.input),
            }));
      return { content, finishReason: finishReason(step), usage, warnings: [] };
    },
    doStream: async ({ prompt }: { prompt: PromptMessage[] }) => {
      const step = next(prompt);
      const parts: unknown[] = [{ type: "stream-start", warnings: [] }];
      if (typeof step === "string") {
        parts.push(
          { type: "text-start", id: "text-1" },
          { type: "text-delta", id: "text-1", delta: step },
          { type: "text-end", id: "text-1" },
        );
      } else {
        step.forEach((call, index) => {
          parts.push({
            type: "tool-call",
            toolCallId: callId(index),
            toolName: call.toolName,
            input: JSON.stringify(call.input),
          });
        });
      }
      parts.push({ type: "finish", finishReason: finishReason(step), usage });
      return { stream: arrayStream(parts) };
    },
  } as unknown as MockModelHandlers;
  return { handlers, prompts };
}

function finishReason(step: ScriptStep) {
  return { unified: typeof step === "string" ? "stop" : "tool-calls", raw: undefined };
}

function arrayStream(parts: readonly unknown[]): ReadableStream<unknown> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}

/** A tool's result as the model reads it in its next prompt. */
export interface ToolOutputSeen {
  readonly toolName: string;
  readonly type: string;
  /** The text the model reads: the value, the error text, or the denial reason. */
  readonly text: string;
}

/**
 * The tool results the model received in `prompt` from its previous step (the last tool
 * message), as text.
 *
 * @example
 * toolOutputsSeen(prompts[1]); // [{ toolName: "shell", type: "error-text", text: "…not registered" }]
 */
export function toolOutputsSeen(prompt: readonly PromptMessage[] | undefined): ToolOutputSeen[] {
  const toolMessage = [...(prompt ?? [])].reverse().find((message) => message.role === "tool");
  if (toolMessage === undefined) return [];
  const parts = toolMessage.content as {
    type: string;
    toolName?: string;
    output?: { type: string; value?: unknown; reason?: string };
  }[];
  return parts
    .filter((part) => part.type === "tool-result")
    .map((part) => ({
      toolName: part.toolName ?? "",
      type: part.output?.type ?? "",
      text:
        part.output?.reason ??
        (typeof part.output?.value === "string"
          ? part.output.value
          : JSON.stringify(part.output?.value)),
    }));
}
