import { InvalidOptionError } from "@aumai/connectorguard";
import { generateText, stepCountIs, streamText, ToolLoopAgent, type ToolSet, tool } from "ai-v7";
import { MockLanguageModelV4 } from "ai-v7/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { connectorGuardApproval } from "../src/index.js";
import { researchAgent, researchGuard, researchTools } from "./support/research-tools.js";
import { type ScriptStep, scriptModel, toolOutputsSeen } from "./support/scripted-model.js";

const script: ScriptStep[] = [
  [
    { toolName: "calculator", input: { a: 2, b: 3 } },
    { toolName: "shell", input: { command: "ls" } },
    { toolName: "write_file", input: { path: "notes.md", content: "draft" } },
    { toolName: "search", input: { query: "x".repeat(60) } },
  ],
  "done",
];

// The tests' tools are built with AI SDK 6's identity `tool()`; AI SDK 7 runs them unchanged.
const v7Tools = () => {
  const { tools, runs } = researchTools();
  return { tools: tools as unknown as ToolSet, runs };
};

describe("connectorGuardApproval (AI SDK 7 toolApproval)", () => {
  it("denies through the SDK's approval flow with the guard's reason, and lets the rest run", async () => {
    const guard = researchGuard();
    const { tools, runs } = v7Tools();
    const { handlers, prompts } = scriptModel(script);

    const result = await generateText({
      model: new MockLanguageModelV4(handlers),
      tools,
      prompt: "Research solar panels.",
      stopWhen: stepCountIs(5),
      runtimeContext: { agentId: researchAgent },
      toolApproval: connectorGuardApproval({ guard }),
    });

    expect(runs).toEqual(["calculator"]);
    expect(toolOutputsSeen(prompts[1])).toEqual([
      { toolName: "calculator", type: "json", text: "5" },
      { toolName: "shell", type: "execution-denied", text: "connector 'shell' is not registered" },
      {
        toolName: "write_file",
        type: "execution-denied",
        text: "agent 'research-bot' is missing required permissions: files:write",
      },
      {
        toolName: "search",
        type: "execution-denied",
        text: "input validation failed: /query must NOT have more than 40 characters",
      },
    ]);
    const approvals = result.steps[0]?.content.filter(
      (part) => part.type === "tool-approval-response",
    );
    expect(approvals?.map((part) => part.approved)).toEqual([false, false, false]);
    expect(guard.auditLog.allEntries().map((entry) => [entry.result.check, entry.outcome])).toEqual(
      [
        [undefined, undefined],
        ["registry", undefined],
        ["permission", undefined],
        ["input-schema", undefined],
      ],
    );
  });

  it("applies the rate limit across the steps of streamText and ToolLoopAgent", async () => {
    const searchTwice: ScriptStep[] = [
      [{ toolName: "search", input: { query: "a" } }],
      [{ toolName: "search", input: { query: "b" } }],
      [{ toolName: "search", input: { query: "c" } }],
      "done",
    ];
    const guard = researchGuard();
    const streamed = v7Tools();
    const stream = scriptModel(searchTwice);
    const streamResult = streamText({
      model: new MockLanguageModelV4(stream.handlers),
      tools: streamed.tools,
      prompt: "Search.",
      stopWhen: stepCountIs(5),
      runtimeContext: { agentId: researchAgent },
      toolApproval: connectorGuardApproval({ guard }),
    });
    await streamResult.consumeStream();
    expect(streamed.runs).toEqual(["search", "search"]);
    expect(toolOutputsSeen(stream.prompts[3])[0]?.text).toContain(
      "rate limit exceeded for connector 'search' (limit: 2 req/60s)",
    );

    const agentRun = v7Tools();
    const agentModel = scriptModel(searchTwice);
    const agent = new ToolLoopAgent({
      model: new MockLanguageModelV4(agentModel.handlers),
      tools: agentRun.tools,
      runtimeContext: { agentId: "editor-bot" },
      toolApproval: connectorGuardApproval({ guard }),
    });
    await agent.generate({ prompt: "Search." });
    expect(agentRun.runs).toEqual(["search", "search"]);
    expect(toolOutputsSeen(agentModel.prompts[3])[0]?.type).toBe("execution-denied");
  });
});

describe("connectorGuardApproval: tools without execute", () => {
  it("decides calls the application will run itself, which guardTools leaves alone", async () => {
    const guard = researchGuard();
    const { handlers } = scriptModel([
      [
        { toolName: "write_file", input: { path: "a.md" } },
        { toolName: "calculator", input: { a: 1, b: 2 } },
      ],
    ]);
    const result = await generateText({
      model: new MockLanguageModelV4(handlers),
      tools: {
        write_file: tool({ inputSchema: z.object({ path: z.string() }), outputSchema: z.string() }),
        calculator: tool({
          inputSchema: z.object({ a: z.number(), b: z.number() }),
          outputSchema: z.number(),
        }),
      },
      prompt: "Save and add.",
      runtimeContext: { agentId: researchAgent },
      toolApproval: connectorGuardApproval({ guard }),
    });

    const responses = result.content.filter((part) => part.type === "tool-approval-response");
    expect(responses.map((part) => [part.approved, part.reason])).toEqual([
      [false, "agent 'research-bot' is missing required permissions: files:write"],
    ]);
    expect(guard.auditLog.allEntries().map((entry) => entry.result.allowed)).toEqual([false, true]);
  });
});

describe("connectorGuardApproval: who is calling", () => {
  const request = (toolsContext: unknown, runtimeContext: unknown) => ({
    toolCall: { toolName: "write_file", toolCallId: "call-3", input: { path: "a", content: "b" } },
    toolsContext,
    runtimeContext,
  });

  it("reads agentId from the tool's context first, then from runtimeContext", async () => {
    const guard = researchGuard();
    const approve = connectorGuardApproval({ guard });
    await approve(request({ write_file: { agentId: "editor-bot" } }, { agentId: researchAgent }));
    await approve(request({}, { agentId: researchAgent }));
    await approve(request(undefined, undefined));
    expect(guard.auditLog.allEntries().map((entry) => entry.connectionAttempt.sourceAgent)).toEqual(
      ["editor-bot", researchAgent, "unknown"],
    );
  });

  it("answers not-applicable for an allowed call and denied with the reason otherwise", async () => {
    const approve = connectorGuardApproval({ guard: researchGuard(), agentId: "editor-bot" });
    expect(await approve(request(undefined, undefined))).toEqual({ type: "not-applicable" });
    const denyAll = connectorGuardApproval({ guard: researchGuard(), agentId: researchAgent });
    expect(await denyAll(request(undefined, undefined))).toEqual({
      type: "denied",
      reason: "agent 'research-bot' is missing required permissions: files:write",
    });
  });

  it("gives resolveAgentId the tool's context and the call's details, runtimeContext included", async () => {
    const seen: unknown[] = [];
    const approve = connectorGuardApproval({
      guard: researchGuard(),
      resolveAgentId: (context, details) => {
        seen.push(context, details);
        return "editor-bot";
      },
    });
    await approve(request({ write_file: { tenant: "t1" } }, { requestId: "r1" }));
    expect(seen).toEqual([
      { tenant: "t1" },
      { toolName: "write_file", toolCallId: "call-3", runtimeContext: { requestId: "r1" } },
    ]);
  });

  it("denies, without aborting the run, when the identity cannot be resolved", async () => {
    const guard = researchGuard();
    const approve = connectorGuardApproval({
      guard,
      resolveAgentId: () => {
        throw new Error("session expired");
      },
    });
    expect(await approve(request(undefined, undefined))).toEqual({
      type: "denied",
      reason: "connectorguard could not decide: session expired",
    });
    expect(guard.auditLog.size).toBe(0);
  });

  it("reads only the tool's own toolsContext entry, never an inherited one", async () => {
    const guard = researchGuard();
    const approve = connectorGuardApproval({ guard });
    const inherited = Object.create({ write_file: { agentId: "editor-bot" } });
    await approve(request(inherited, { agentId: researchAgent }));
    expect(guard.auditLog.allEntries()[0]?.connectionAttempt.sourceAgent).toBe(researchAgent);
  });

  it("refuses a configuration without a guard", () => {
    expect(() => connectorGuardApproval({} as never)).toThrow(InvalidOptionError);
    expect(() => connectorGuardApproval({} as never)).toThrow(
      "connectorGuardApproval: guard must be a Guard from createGuard, or the configuration createGuard takes (got undefined)",
    );
  });
});
