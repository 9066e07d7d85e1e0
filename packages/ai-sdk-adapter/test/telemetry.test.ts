import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { generateText, stepCountIs } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardTools } from "../src/index.js";
import { researchAgent, researchGuard, researchTools } from "./support/research-tools.js";
import { scriptModel } from "./support/scripted-model.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(() => {
  trace.disable();
  context.disable();
});

describe("telemetry inside AI SDK 6's generateText", () => {
  it("puts the guard's decision span under the SDK's tool span, with the tool call's id", async () => {
    const guard = researchGuard({ guard: { telemetry: true } });
    const { tools } = researchTools();
    const { handlers } = scriptModel([
      [
        { toolName: "search", input: { query: "solar panels" } },
        { toolName: "shell", input: { command: "rm -rf /" } },
      ],
      "Done.",
    ]);
    await generateText({
      model: new MockLanguageModelV3(handlers),
      tools: guardTools(tools, { guard }),
      prompt: "Research solar panels.",
      stopWhen: stepCountIs(3),
      experimental_context: { agentId: researchAgent },
      experimental_telemetry: { isEnabled: true, functionId: "research" },
    });

    const spans = exporter.getFinishedSpans();
    const toolSpans = spans.filter((span) => span.name === "ai.toolCall");
    const decisions = spans.filter((span) => span.name === "connectorguard.decision");
    expect(toolSpans).toHaveLength(2);
    expect(decisions).toHaveLength(2);
    for (const decision of decisions) {
      const callId = decision.attributes["gen_ai.tool.call.id"];
      const parent = toolSpans.find(
        (span) => span.spanContext().spanId === decision.parentSpanContext?.spanId,
      );
      // The SDK's own span of the same call is the parent.
      expect(parent?.attributes["ai.toolCall.id"]).toBe(callId);
      expect(parent?.attributes["ai.toolCall.name"]).toBe(decision.attributes["gen_ai.tool.name"]);
      expect(decision.spanContext().traceId).toBe(parent?.spanContext().traceId);
    }
    const byTool = Object.fromEntries(
      decisions.map((span) => [span.attributes["gen_ai.tool.name"], span.attributes]),
    );
    expect(byTool.search).toMatchObject({
      "connectorguard.connector": "search",
      "connectorguard.agent": researchAgent,
      "connectorguard.allowed": true,
      "connectorguard.outcome": "ok",
    });
    expect(byTool.shell).toMatchObject({
      "connectorguard.allowed": false,
      "connectorguard.check": "registry",
    });
  });
});
