import { generateText, stepCountIs, streamText, tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { guardTools } from "../src/index.js";
import { researchAgent, researchGuard } from "./support/research-tools.js";
import { scriptModel, toolOutputsSeen } from "./support/scripted-model.js";

const context = {
  toolCallId: "call-1",
  messages: [],
  experimental_context: { agentId: researchAgent },
};

function reportTool(steps: string[], options: { failAfter?: number } = {}) {
  return tool({
    description: "Write a report in stages",
    inputSchema: z.object({ topic: z.string() }),
    async *execute({ topic }) {
      try {
        for (const [index, stage] of ["outline", "draft", `final report on ${topic}`].entries()) {
          if (options.failAfter === index) throw new Error("the printer caught fire");
          steps.push(stage);
          yield stage;
        }
      } finally {
        steps.push("closed");
      }
    },
  });
}

/** Starts a guarded streaming tool as the SDK does. */
function start(guardedTool: { execute?: (input: never, options: never) => unknown }) {
  if (guardedTool.execute === undefined) throw new Error("the tool has no execute");
  const execute = guardedTool.execute as (input: unknown, options: unknown) => unknown;
  return execute({ topic: "solar" }, context) as AsyncIterable<unknown>;
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

describe("guardTools: tools that stream preliminary results (async function*)", () => {
  it("passes every value through and records the outcome when the stream ends", async () => {
    const guard = researchGuard();
    const steps: string[] = [];
    const guarded = guardTools({ calculator: reportTool(steps) }, { unidentified: "allow", guard });

    const values = await collect(start(guarded.calculator));

    expect(values).toEqual(["outline", "draft", "final report on solar"]);
    expect(steps).toEqual(["outline", "draft", "final report on solar", "closed"]);
    expect(guard.auditLog.allEntries().map((entry) => entry.outcome?.status)).toEqual(["ok"]);
  });

  it("does not start a denied tool", async () => {
    const guard = researchGuard();
    const steps: string[] = [];
    const guarded = guardTools({ write_file: reportTool(steps) }, { unidentified: "allow", guard });

    await expect(collect(start(guarded.write_file))).rejects.toThrow(
      "agent 'research-bot' is missing required permissions: files:write",
    );
    expect(steps).toEqual([]);
  });

  it('yields one denial value with onDenied: "result"', async () => {
    const guarded = guardTools(
      { write_file: reportTool([]) },
      { unidentified: "allow", guard: researchGuard(), onDenied: "result" },
    );
    const values = await collect(start(guarded.write_file));
    expect(values).toEqual([
      expect.objectContaining({ denied: true, check: "permission", connectorName: "write_file" }),
    ]);
  });

  it("records a failure in the middle of the stream and rethrows it", async () => {
    const guard = researchGuard();
    const steps: string[] = [];
    const guarded = guardTools(
      { calculator: reportTool(steps, { failAfter: 1 }) },
      { unidentified: "allow", guard },
    );

    await expect(collect(start(guarded.calculator))).rejects.toThrow("the printer caught fire");
    expect(steps).toEqual(["outline", "closed"]);
    expect(guard.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "error",
      error: "Error: the printer caught fire",
    });
  });

  it("closes the tool's stream and records ok when the consumer stops early", async () => {
    const guard = researchGuard();
    const steps: string[] = [];
    const guarded = guardTools({ calculator: reportTool(steps) }, { unidentified: "allow", guard });

    for await (const value of start(guarded.calculator)) {
      if (value === "outline") break;
    }
    expect(steps).toEqual(["outline", "closed"]);
    expect(guard.auditLog.allEntries()[0]?.outcome?.status).toBe("ok");
  });

  it("streams preliminary results through streamText and gives the model the final one", async () => {
    const steps: string[] = [];
    const guarded = guardTools(
      { calculator: reportTool(steps) },
      { unidentified: "allow", guard: researchGuard() },
    );
    const { handlers, prompts } = scriptModel([
      [{ toolName: "calculator", input: { topic: "solar" } }],
      "done",
    ]);
    const result = streamText({
      model: new MockLanguageModelV3(handlers),
      tools: guarded,
      prompt: "Write the report.",
      stopWhen: stepCountIs(3),
    });
    const toolResults: { output: unknown; preliminary?: boolean }[] = [];
    for await (const part of result.fullStream)
      if (part.type === "tool-result") toolResults.push(part);

    expect(toolResults.map((part) => [part.output, part.preliminary ?? false])).toEqual([
      ["outline", true],
      ["draft", true],
      ["final report on solar", true],
      ["final report on solar", false],
    ]);
    expect(toolOutputsSeen(prompts[1])[0]?.text).toBe("final report on solar");
  });
});

describe("guardTools: an execute that returns an iterable without being async function*", () => {
  it("gives the SDK the last value, the tool's final result", async () => {
    const guard = researchGuard();
    const stages = tool({
      inputSchema: z.object({}),
      execute: () =>
        (async function* () {
          yield "first";
          yield "last";
        })(),
    });
    const guarded = guardTools({ calculator: stages }, { unidentified: "allow", guard });
    const { handlers, prompts } = scriptModel([[{ toolName: "calculator", input: {} }], "done"]);

    await generateText({
      model: new MockLanguageModelV3(handlers),
      tools: guarded,
      prompt: "go",
      stopWhen: stepCountIs(3),
    });

    expect(toolOutputsSeen(prompts[1])[0]?.text).toBe("last");
    expect(guard.auditLog.allEntries()[0]?.outcome?.status).toBe("ok");
  });
});
