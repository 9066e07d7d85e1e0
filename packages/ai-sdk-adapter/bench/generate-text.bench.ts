/**
 * The cost of the guard inside a real AI SDK loop: a two-step `generateText` (the model calls
 * one tool, then answers) with the guarded tool, against the same run with the bare tool,
 * measured in this run, on AI SDK 6 and 7. The two runs alternate call by call, so drift on a
 * shared machine hits both alike.
 */
import { AuditLog, createGuard } from "@aumai/connectorguard";
import * as ai6 from "ai";
import { MockLanguageModelV3 } from "ai/test";
import * as ai7 from "ai-v7";
import { MockLanguageModelV4 } from "ai-v7/test";
import { z } from "zod";
import { measure, note, type ReportRow, report } from "../../core/bench/harness.js";
import { guardTools, toolPin } from "../src/index.js";
import { measureInterleaved } from "./measure-interleaved.js";

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/** Calls the calculator when the last message is the user's, answers once it has the result. */
const modelHandlers = {
  doGenerate: async ({ prompt }: { prompt: { role: string }[] }) =>
    prompt.at(-1)?.role === "tool"
      ? {
          content: [{ type: "text", text: "5" }],
          finishReason: { unified: "stop", raw: undefined },
          usage,
          warnings: [],
        }
      : {
          content: [
            {
              type: "tool-call",
              toolCallId: "call-1",
              toolName: "calculator",
              input: '{"a":2,"b":3}',
            },
          ],
          finishReason: { unified: "tool-calls", raw: undefined },
          usage,
          warnings: [],
        },
} as never;

const calculator = ai6.tool({
  description: "Add two numbers",
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  execute: async ({ a, b }) => a + b,
});

/** `hardened`: the tool pinned to its definition and its result checked under enforce. */
function benchGuard(hardened = false) {
  const extra = hardened
    ? {
        pin: toolPin(calculator),
        outputSchema: { type: "number" },
        outputCheck: "enforce" as const,
      }
    : {};
  return createGuard({
    connectors: [
      {
        ...extra,
        name: "calculator",
        version: "1.0.0",
        rateLimit: 1_000_000,
        inputSchema: {
          type: "object",
          properties: { a: { type: "number" }, b: { type: "number" } },
          required: ["a", "b"],
        },
      },
    ],
    // A short window keeps the limiter's log small while the benchmark runs for seconds.
    rateLimitWindowSeconds: 0.05,
    audit: new AuditLog({ maxEntries: 1_000 }),
  });
}

export default async function generateTextBenchmarks(): Promise<void> {
  const bareTools = { calculator };
  const guardedTools = guardTools(bareTools, { guard: benchGuard(), agentId: "bench-agent" });
  const hardenedTools = guardTools(bareTools, { guard: benchGuard(true), agentId: "bench-agent" });

  const model6 = new MockLanguageModelV3(modelHandlers);
  const run6 = (tools: ai6.ToolSet) => () =>
    ai6.generateText({ model: model6, tools, prompt: "2 + 3?", stopWhen: ai6.stepCountIs(2) });
  const model7 = new MockLanguageModelV4(modelHandlers);
  const run7 = (tools: ai6.ToolSet) => () =>
    ai7.generateText({
      model: model7,
      tools: tools as unknown as ai7.ToolSet,
      prompt: "2 + 3?",
      stopWhen: ai7.isStepCount(2),
    });

  const rows: ReportRow[] = [];
  for (const [label, run] of [
    ["AI SDK 6", run6],
    ["AI SDK 7", run7],
  ] as const) {
    const [bare, guarded] = await measureInterleaved(
      [`${label} generateText, bare tool`, run(bareTools)],
      [`${label} generateText, guarded tool`, run(guardedTools)],
    );
    rows.push({ measurement: bare }, { measurement: guarded, baseline: bare, target: "<= 1.02" });
  }
  report("AI SDK: two-step generateText with one tool call", rows);

  const bareExecute = () => calculator.execute?.({ a: 2, b: 3 }, { toolCallId: "c", messages: [] });
  const guardedExecute = () =>
    guardedTools.calculator.execute?.({ a: 2, b: 3 }, { toolCallId: "c", messages: [] });
  const hardenedExecute = () =>
    hardenedTools.calculator.execute?.({ a: 2, b: 3 }, { toolCallId: "c", messages: [] });
  const bareCall = await measure("bare execute()", bareExecute);
  const guardedCall = await measure("guarded execute() (decide + run + audit)", guardedExecute);
  const hardenedCall = await measure("guarded execute(), pinned, output enforced", hardenedExecute);
  report("AI SDK: the tool's execute alone", [
    { measurement: bareCall },
    { measurement: guardedCall, baseline: bareCall },
    { measurement: hardenedCall, baseline: bareCall },
  ]);
  const overhead = (measurement: { medianNs: number }) =>
    ((measurement.medianNs - bareCall.medianNs) / 1000).toFixed(2);
  note(
    `guard overhead per tool call: ${overhead(guardedCall)} µs; pinned with the output enforced: ${overhead(hardenedCall)} µs`,
  );
}
