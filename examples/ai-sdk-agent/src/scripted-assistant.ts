import { MockLanguageModelV3 } from "ai/test";

type CallOptions = Parameters<MockLanguageModelV3["doGenerate"]>[0];
type GenerateResult = Awaited<ReturnType<MockLanguageModelV3["doGenerate"]>>;
type PromptMessage = CallOptions["prompt"][number];

/** One tool call the assistant makes. */
export interface PlannedCall {
  readonly toolName: string;
  readonly input: Record<string, unknown>;
}

const usage: GenerateResult["usage"] = {
  inputTokens: { total: 50, noCache: 50, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 20, text: 20, reasoning: 0 },
};

/**
 * The AI SDK's own mock model, scripted: turn N makes the tool calls of `plan[N]`; after the
 * plan it answers with a report of every tool result it was handed, so the output shows what
 * the model learnt from each denial. No network, no API key.
 */
export function scriptedAssistant(plan: readonly (readonly PlannedCall[])[]): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    doGenerate: async ({ prompt }): Promise<GenerateResult> => {
      const turn = prompt.filter((message) => message.role === "assistant").length;
      const calls = plan[turn];
      if (calls === undefined) {
        return {
          content: [{ type: "text", text: reportOf(prompt) }],
          finishReason: { unified: "stop", raw: "stop" },
          usage,
          warnings: [],
        };
      }
      return {
        content: calls.map((call, index) => ({
          type: "tool-call" as const,
          toolCallId: `turn-${turn}-call-${index}`,
          toolName: call.toolName,
          input: JSON.stringify(call.input),
        })),
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage,
        warnings: [],
      };
    },
  });
}

/** The final answer: one line per tool result the model saw, refusals quoted. */
function reportOf(prompt: readonly PromptMessage[]): string {
  const lines: string[] = [];
  for (const message of prompt) {
    if (message.role !== "tool") continue;
    for (const part of message.content) {
      if (part.type !== "tool-result") continue;
      const output = part.output;
      lines.push(
        output.type === "error-text"
          ? `  - ${part.toolName}: refused, I was told "${output.value}"`
          : `  - ${part.toolName}: done`,
      );
    }
  }
  return `Here is what happened with my tools:\n${lines.join("\n")}`;
}
