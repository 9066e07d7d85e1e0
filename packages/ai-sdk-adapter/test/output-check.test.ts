import { type JsonSchema, OutputValidationError } from "@aumai/connectorguard";
import { tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { guardTools, hasDeniedToolCall, isToolCallDenial } from "../src/index.js";
import { callTool } from "./support/call-tool.js";
import { researchGuard, researchTools } from "./support/research-tools.js";
import { type ScriptStep, toolOutputsSeen } from "./support/scripted-model.js";
import { sdksUnderTest } from "./support/sdks-under-test.js";

/** The calculator returns a number; this schema wants a string, so every result breaks it. */
const wantsString: JsonSchema = { type: "string" };
const withheld = "result of 'calculator' withheld: output validation failed: must be string";
const addStep: ScriptStep[] = [[{ toolName: "calculator", input: { a: 2, b: 3 } }], "done"];

const enforcing = (outputSchema: JsonSchema = wantsString) =>
  researchGuard({
    guard: { outputCheck: "enforce" },
    connectors: { calculator: { outputSchema } },
  });

describe.each(sdksUnderTest)("output checks on $label", (sdk) => {
  it("hands the model a tool error instead of a non-conforming result under enforce", async () => {
    const guard = enforcing();
    const { tools, runs } = researchTools();

    const result = await sdk.generateText({
      script: addStep,
      tools: guardTools(tools, { unidentified: "allow", guard }),
    });

    expect(runs).toEqual(["calculator"]);
    const [seen] = toolOutputsSeen(result.prompts[1]);
    expect(seen?.type).toBe("error-text");
    expect(seen?.text).toMatch(new RegExp(`^(OutputValidationError: )?${withheld}$`));
    const error = result.steps[0]?.content.find((part) => part.type === "tool-error")?.error;
    expect(OutputValidationError.isInstance(error)).toBe(true);
    expect(guard.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "error",
      outputViolation: "output validation failed: must be string",
    });
  });

  it('hands the model a denial with check "output" under onDenied: "result"', async () => {
    const { tools } = researchTools();
    const result = await sdk.generateText({
      script: addStep,
      tools: guardTools(tools, { unidentified: "allow", guard: enforcing(), onDenied: "result" }),
    });

    const output = result.steps[0]?.content.find((part) => part.type === "tool-result")?.output;
    expect(isToolCallDenial(output)).toBe(true);
    expect(output).toEqual({
      denied: true,
      connectorName: "calculator",
      check: "output",
      reason: withheld,
    });
  });

  it("ends the loop at a withheld result with stopWhen: hasDeniedToolCall()", async () => {
    const result = await sdk.generateText({
      script: [...addStep.slice(0, 1), ...addStep],
      tools: guardTools(researchTools().tools, { guard: enforcing() }),
      stopWhen: hasDeniedToolCall(),
    });
    expect(result.prompts).toHaveLength(1);
  });
});

describe("output checks: single calls", () => {
  it("returns a conforming result, and a non-conforming one under audit with the violation recorded", async () => {
    const { tools } = researchTools();
    const conforming = guardTools(tools, {
      unidentified: "allow",
      guard: enforcing({ type: "number" }),
    });
    expect(await callTool(conforming.calculator, { a: 1, b: 2 })).toBe(3);

    const audited = researchGuard({ connectors: { calculator: { outputSchema: wantsString } } });
    expect(
      await callTool(guardTools(tools, { unidentified: "allow", guard: audited }).calculator, {
        a: 1,
        b: 2,
      }),
    ).toBe(3);
    expect(audited.auditLog.allEntries()[0]?.outcome).toMatchObject({
      status: "ok",
      outputViolation: "output validation failed: must be string",
    });
  });

  it('keeps an OutputValidationError the tool throws itself an error, even with onDenied: "result"', async () => {
    const inner = new OutputValidationError("downstream", "output validation failed: /x");
    const relay = tool({
      inputSchema: z.object({}),
      execute: async (): Promise<number> => {
        throw inner;
      },
    });
    const guarded = guardTools(
      { calculator: relay },
      { unidentified: "allow", guard: enforcing(), onDenied: "result" },
    );
    await expect(callTool(guarded.calculator, {})).rejects.toBe(inner);
  });

  it("checks the last value of a streaming tool, which the SDK takes as its output", async () => {
    const stages = tool({
      inputSchema: z.object({}),
      async *execute() {
        yield "working";
        yield 42;
      },
    });
    const collect = async (iterable: unknown) => {
      const values: unknown[] = [];
      for await (const value of iterable as AsyncIterable<unknown>) values.push(value);
      return values;
    };

    const throwing = guardTools(
      { calculator: stages },
      { unidentified: "allow", guard: enforcing() },
    );
    await expect(collect(await callTool(throwing.calculator, {}))).rejects.toThrow(withheld);
    const answering = guardTools(
      { calculator: stages },
      { unidentified: "allow", guard: enforcing(), onDenied: "result" },
    );
    expect(await collect(await callTool(answering.calculator, {}))).toEqual([
      "working",
      42,
      { denied: true, connectorName: "calculator", check: "output", reason: withheld },
    ]);
  });
});
