import { InterceptorError } from "@aumai/connectorguard";
import { describe, expect, it } from "vitest";
import { guardTools, hasDeniedToolCall, isToolCallDenial } from "../src/index.js";
import { researchAgent, researchGuard, researchTools } from "./support/research-tools.js";
import type { ScriptStep } from "./support/scripted-model.js";
import { toolOutputsSeen } from "./support/scripted-model.js";
import { type RunOptions, type RunResult, sdksUnderTest } from "./support/sdks-under-test.js";

// One call per check, each in its own step so the rate-limit count is deterministic.
const script: ScriptStep[] = [
  [
    { toolName: "calculator", input: { a: 2, b: 3 } },
    { toolName: "shell", input: { command: "rm -rf /" } },
    { toolName: "write_file", input: { path: "notes.md", content: "draft" } },
  ],
  [{ toolName: "search", input: { query: "solar panels" } }],
  [{ toolName: "search", input: { query: "x".repeat(60) } }],
  [{ toolName: "search", input: { query: "solar panel prices" } }],
  "Solar panels cost less every year.",
];

const entryPoints = [
  { name: "generateText", run: (sdk: (typeof sdksUnderTest)[number]) => sdk.generateText },
  { name: "streamText", run: (sdk: (typeof sdksUnderTest)[number]) => sdk.streamText },
  { name: "ToolLoopAgent", run: (sdk: (typeof sdksUnderTest)[number]) => sdk.agentGenerate },
];

describe.each(sdksUnderTest)("$label", (sdk) => {
  describe.each(entryPoints)("$name", (entryPoint) => {
    const run = (options: RunOptions): Promise<RunResult> => entryPoint.run(sdk)(options);

    it("runs allowed calls, stops each failing check, and shows the model every reason", async () => {
      const guard = researchGuard();
      const { tools, runs } = researchTools();
      const result = await run({
        script,
        tools: guardTools(tools, { unidentified: "allow", guard }),
        agentId: researchAgent,
      });

      expect(runs).toEqual(["calculator", "search"]);
      expect(result.text).toBe("Solar panels cost less every year.");

      const afterFirstStep = toolOutputsSeen(result.prompts[1]);
      expect(afterFirstStep.map((output) => [output.toolName, output.type])).toEqual([
        ["calculator", "json"],
        ["shell", "error-text"],
        ["write_file", "error-text"],
      ]);
      expect(afterFirstStep[0]?.text).toBe("5");
      expect(afterFirstStep[1]?.text).toContain("connector 'shell' is not registered");
      expect(afterFirstStep[2]?.text).toContain(
        "agent 'research-bot' is missing required permissions: files:write",
      );
      expect(toolOutputsSeen(result.prompts[2])[0]).toMatchObject({ type: "json" });
      expect(toolOutputsSeen(result.prompts[3])[0]?.text).toContain(
        "input validation failed: /query must NOT have more than 40 characters",
      );
      expect(toolOutputsSeen(result.prompts[4])[0]?.text).toContain(
        "rate limit exceeded for connector 'search' (limit: 2 req/60s)",
      );

      const denials = result.steps
        .flatMap((step) => step.content)
        .filter((part) => part.type === "tool-error")
        .map((part) => (InterceptorError.isInstance(part.error) ? part.error.result.check : part));
      expect(denials).toEqual(["registry", "permission", "input-schema", "rate-limit"]);

      const entries = guard.auditLog.allEntries();
      expect(entries.map((entry) => entry.connectionAttempt.sourceAgent)).toEqual(
        Array(6).fill(researchAgent),
      );
      expect(
        entries.filter((entry) => entry.result.allowed).map((entry) => entry.outcome?.status),
      ).toEqual(["ok", "ok"]);
      expect(
        guard.auditLog
          .deniedEntries()
          .map((entry) => entry.result.check)
          .sort(),
      ).toEqual(["input-schema", "permission", "rate-limit", "registry"]);
    });

    it("reads the agent from the call's context, and falls back to 'unknown' without one", async () => {
      const guard = researchGuard();
      const { tools, runs } = researchTools();
      const guarded = guardTools(tools, { unidentified: "allow", guard });
      const writeStep: ScriptStep[] = [
        [{ toolName: "write_file", input: { path: "notes.md", content: "draft" } }],
        "done",
      ];

      await run({ script: writeStep, tools: guarded, agentId: "editor-bot" });
      const anonymous = await run({ script: writeStep, tools: guarded });

      expect(runs).toEqual(["write_file"]);
      expect(toolOutputsSeen(anonymous.prompts[1])[0]?.text).toContain(
        "agent 'unknown' is missing required permissions: files:write",
      );
      expect(
        guard.auditLog.allEntries().map((entry) => entry.connectionAttempt.sourceAgent),
      ).toEqual(["editor-bot", "unknown"]);
    });

    it('hands the model a structured denial with onDenied: "result"', async () => {
      const { tools, runs } = researchTools();
      const guarded = guardTools(tools, {
        unidentified: "allow",
        guard: researchGuard(),
        onDenied: "result",
      });
      const result = await run({
        script: [[{ toolName: "write_file", input: { path: "a.md", content: "x" } }], "done"],
        tools: guarded,
        agentId: researchAgent,
      });

      expect(runs).toEqual([]);
      const seen = toolOutputsSeen(result.prompts[1])[0];
      expect(seen?.type).toBe("json");
      expect(JSON.parse(seen?.text ?? "null")).toEqual({
        denied: true,
        connectorName: "write_file",
        check: "permission",
        reason: "agent 'research-bot' is missing required permissions: files:write",
      });
      const output = result.steps[0]?.content.find((part) => part.type === "tool-result")?.output;
      expect(isToolCallDenial(output)).toBe(true);
    });

    it("ends the loop at the first denial with stopWhen: hasDeniedToolCall()", async () => {
      const { tools, runs } = researchTools();
      const result = await run({
        script,
        tools: guardTools(tools, {
          unidentified: "allow",
          guard: researchGuard(),
          onDenied: "throw",
        }),
        agentId: researchAgent,
        stopWhen: hasDeniedToolCall(),
      });

      expect(result.prompts).toHaveLength(1);
      expect(runs).toEqual(["calculator"]);
    });
  });
});
