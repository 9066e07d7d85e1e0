import { AuditLog, createGuard, InterceptorError, InvalidOptionError } from "@aumai/connectorguard";
import { dynamicTool, jsonSchema, tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { guardTools } from "../src/index.js";
import { callTool } from "./support/call-tool.js";
import { researchAgent, researchGuard, researchTools } from "./support/research-tools.js";

const asAgent = (agentId: string) => ({ experimental_context: { agentId } });

describe("guardTools: the tool set it returns", () => {
  it("keeps every key and every property except execute, and leaves the originals alone", () => {
    const toModelOutput = () => ({ type: "text" as const, value: "x" });
    const original = tool({
      description: "Add two numbers",
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      metadata: { source: "local" },
      toModelOutput,
      execute: async ({ a, b }) => a + b,
    });
    Object.defineProperty(original, "hiddenMarker", { value: 42, enumerable: false });
    const tools = { calculator: original };

    const guarded = guardTools(tools, { unidentified: "allow", guard: researchGuard() });

    expect(Object.keys(guarded)).toEqual(["calculator"]);
    expect(guarded.calculator).not.toBe(original);
    expect(guarded.calculator.description).toBe("Add two numbers");
    expect(guarded.calculator.inputSchema).toBe(original.inputSchema);
    expect(guarded.calculator.metadata).toEqual({ source: "local" });
    expect(guarded.calculator.toModelOutput).toBe(toModelOutput);
    expect((guarded.calculator as unknown as { hiddenMarker: number }).hiddenMarker).toBe(42);
    expect(guarded.calculator.execute).not.toBe(original.execute);
    expect(tools.calculator).toBe(original);
  });

  it("returns tools without execute unchanged", () => {
    const clientSide = tool({
      description: "Ask the user to confirm",
      inputSchema: z.object({ question: z.string() }),
      outputSchema: z.boolean(),
    });
    const guarded = guardTools(
      { confirm: clientSide },
      { unidentified: "allow", guard: researchGuard() },
    );
    expect(guarded.confirm).toBe(clientSide);
  });

  it("guards dynamic tools with JSON Schema input", async () => {
    const guard = researchGuard();
    const calculator = dynamicTool({
      description: "Add two numbers",
      inputSchema: jsonSchema({ type: "object" }),
      execute: async (input) => {
        const { a, b } = input as { a: number; b: number };
        return a + b;
      },
    });
    const guarded = guardTools({ calculator }, { unidentified: "allow", guard });
    expect(guarded.calculator.type).toBe("dynamic");
    expect(await callTool(guarded.calculator, { a: 1, b: 2 })).toBe(3);
    expect(guard.auditLog.size).toBe(1);
  });

  it("refuses to guard a tool twice", () => {
    const { tools } = researchTools();
    const guarded = guardTools(tools, { unidentified: "allow", guard: researchGuard() });
    expect(() => guardTools(guarded, { unidentified: "allow", guard: researchGuard() })).toThrow(
      "guardTools: tools.search is already guarded; guarding it again would decide every call twice",
    );
  });
});

describe("guardTools: bad configuration is refused with a precise error", () => {
  const { tools } = researchTools();
  const guard = researchGuard();
  const cases: [string, () => unknown, string][] = [
    [
      "tools is an array",
      () => guardTools([] as never, { unidentified: "allow", guard }),
      "guardTools: tools must be an object of tools keyed by name (got an array)",
    ],
    [
      "a tool is not an object",
      () => guardTools({ search: undefined } as never, { guard }),
      "guardTools: tools.search must be a tool made with tool() or dynamicTool() (got undefined)",
    ],
    [
      "execute is not a function",
      () => guardTools({ search: { inputSchema: {}, execute: 1 } } as never, { guard }),
      "guardTools: tools.search.execute must be a function (got number)",
    ],
    [
      "no configuration",
      () => guardTools(tools, undefined as never),
      "guardTools: options must be an object with a 'guard' (got undefined)",
    ],
    [
      "no guard",
      () => guardTools(tools, {} as never),
      "guardTools: guard must be a Guard from createGuard, or the configuration createGuard takes (got undefined)",
    ],
    [
      "an empty agentId",
      () => guardTools(tools, { unidentified: "allow", guard, agentId: "" }),
      'guardTools: agentId must be a non-blank string naming the calling agent (got "")',
    ],
    [
      "agentId and resolveAgentId",
      () =>
        guardTools(tools, {
          unidentified: "allow",
          guard,
          agentId: "a",
          resolveAgentId: () => "b",
        }),
      "guardTools: give either agentId (a fixed identity) or resolveAgentId, not both",
    ],
    [
      "resolveAgentId is not a function",
      () => guardTools(tools, { unidentified: "allow", guard, resolveAgentId: "a" as never }),
      "guardTools: resolveAgentId must be a function (got string)",
    ],
    [
      "connectorName is not a function",
      () => guardTools(tools, { unidentified: "allow", guard, connectorName: {} as never }),
      "guardTools: connectorName must be a function (got object)",
    ],
    [
      "connectorName returns nothing",
      () => guardTools(tools, { unidentified: "allow", guard, connectorName: () => "" }),
      "guardTools: connectorName('search') must return a non-blank string (got \"\")",
    ],
    [
      "an unknown onDenied",
      () => guardTools(tools, { unidentified: "allow", guard, onDenied: "ignore" as never }),
      'guardTools: onDenied must be one of "tool-error", "result", "throw" (got "ignore")',
    ],
  ];
  it.each(cases)("%s", (_name, act, message) => {
    let thrown: unknown;
    try {
      act();
    } catch (error) {
      thrown = error;
    }
    expect(InvalidOptionError.isInstance(thrown)).toBe(true);
    expect((thrown as Error).message).toBe(message);
  });

  it("passes createGuard's own error through for a bad guard configuration", () => {
    expect(() =>
      guardTools(tools, { unidentified: "allow", guard: { connectors: "search" as never } }),
    ).toThrow("connectors must be an array of connector definitions");
  });
});

describe("guardTools: one call", () => {
  it("runs an allowed call and records it with its outcome", async () => {
    const guard = researchGuard();
    const { tools, runs } = researchTools();
    const guarded = guardTools(tools, { unidentified: "allow", guard });

    expect(await callTool(guarded.calculator, { a: 2, b: 2 }, asAgent(researchAgent))).toBe(4);
    expect(runs).toEqual(["calculator"]);
    const [entry] = guard.auditLog.allEntries();
    expect(entry?.connectionAttempt).toMatchObject({
      connectorName: "calculator",
      sourceAgent: researchAgent,
      inputData: { a: 2, b: 2 },
    });
    expect(entry?.outcome?.status).toBe("ok");
  });

  it.each(["tool-error", "throw"] as const)(
    "onDenied %s: rejects with InterceptorError and never runs the tool",
    async (onDenied) => {
      const { tools, runs } = researchTools();
      const guarded = guardTools(tools, {
        unidentified: "allow",
        guard: researchGuard(),
        onDenied,
      });
      const call = callTool(
        guarded.write_file,
        { path: "a", content: "b" },
        asAgent(researchAgent),
      );
      await expect(call).rejects.toThrow(
        "call to 'write_file' denied: agent 'research-bot' is missing required permissions: files:write",
      );
      await call.catch((error: unknown) => {
        expect(InterceptorError.isInstance(error) && error.result.check).toBe("permission");
      });
      expect(runs).toEqual([]);
    },
  );

  it('onDenied "result": resolves to a denial, with retryAfterMs for a rate limit', async () => {
    const { tools, runs } = researchTools();
    const guarded = guardTools(tools, {
      unidentified: "allow",
      guard: researchGuard(),
      agentId: researchAgent,
      onDenied: "result",
    });
    await callTool(guarded.search, { query: "a" });
    await callTool(guarded.search, { query: "b" });
    const denial = (await callTool(guarded.search, { query: "c" })) as Record<string, unknown>;

    expect(runs).toEqual(["search", "search"]);
    expect(denial).toMatchObject({ denied: true, connectorName: "search", check: "rate-limit" });
    expect(denial.retryAfterMs).toBeGreaterThan(0);
  });

  it.each(["tool-error", "result"] as const)(
    "onDenied %s: a tool that throws is recorded with its error and the same error is rethrown",
    async (onDenied) => {
      const guard = researchGuard();
      const failure = new InterceptorError("inner", {
        allowed: false,
        reason: "inner",
        latencyMs: 0,
      });
      const failing = tool({
        inputSchema: z.object({}),
        execute: async (): Promise<string> => {
          throw failure;
        },
      });
      const guarded = guardTools(
        { calculator: failing },
        { unidentified: "allow", guard, onDenied },
      );

      await expect(callTool(guarded.calculator, {})).rejects.toBe(failure);
      const [entry] = guard.auditLog.allEntries();
      expect(entry?.result.allowed).toBe(true);
      expect(entry?.outcome).toMatchObject({
        status: "error",
        error: "InterceptorError: call to 'inner' denied: inner",
      });
    },
  );

  it("maps tool names to connectors with connectorName", async () => {
    const guard = researchGuard();
    const { tools } = researchTools();
    const guarded = guardTools(
      { web_search: tools.search },
      {
        unidentified: "allow",
        guard,
        agentId: researchAgent,
        connectorName: (toolName) => toolName.replace("web_", ""),
      },
    );
    await callTool(guarded.web_search, { query: "solar" });
    expect(guard.auditLog.forConnector("search")).toHaveLength(1);
  });

  it("builds its own guard from a configuration, writing to the sinks it names", async () => {
    const audit = new AuditLog();
    const { tools } = researchTools();
    const guarded = guardTools(tools, {
      unidentified: "allow",
      guard: { connectors: [{ name: "calculator", version: "1" }], audit },
    });
    await callTool(guarded.calculator, { a: 1, b: 1 });
    expect(audit.allEntries().map((entry) => entry.result.allowed)).toEqual([true]);
  });
});

describe("guardTools: who is calling", () => {
  const writeAs = async (config: Parameters<typeof guardTools>[1], options: object) => {
    const { tools } = researchTools();
    const guard = createGuard({
      connectors: [{ name: "write_file", version: "1", requiredPermissions: ["files:write"] }],
      agents: { "editor-bot": { permissions: ["files:write"] } },
    });
    const guarded = guardTools(tools, { ...config, guard });
    const outcome = await callTool(
      guarded.write_file,
      { path: "a", content: "b", agentId: "editor-bot" },
      options,
    ).then(
      () => "ran",
      (error: unknown) => (error as Error).message,
    );
    return {
      outcome,
      agents: guard.auditLog.allEntries().map((entry) => entry.connectionAttempt.sourceAgent),
    };
  };

  it("fails the call, without running it, when the context's agentId is blank or not a string", async () => {
    for (const agentId of [" ", 7]) {
      const { outcome, agents } = await writeAs(
        { guard: undefined as never },
        { toolCallId: "call-1", experimental_context: { agentId } },
      );
      expect(outcome).toBe(
        `the call context's agentId must be a non-blank string naming the calling agent (got ${JSON.stringify(agentId)})`,
      );
      expect(agents).toEqual([]);
    }
  });

  it("uses a fixed agentId whatever the context says", async () => {
    const { agents } = await writeAs(
      { guard: undefined as never, agentId: "fixed-bot" },
      asAgent("editor-bot"),
    );
    expect(agents).toEqual(["fixed-bot"]);
  });

  it("reads agentId from experimental_context (AI SDK 6) and the tool context (AI SDK 7)", async () => {
    expect((await writeAs({ guard: undefined as never }, asAgent("editor-bot"))).outcome).toBe(
      "ran",
    );
    expect(
      (await writeAs({ guard: undefined as never }, { context: { agentId: "editor-bot" } }))
        .outcome,
    ).toBe("ran");
  });

  it("never takes the identity from the model's arguments: without one the call is denied", async () => {
    const { outcome, agents } = await writeAs({ guard: undefined as never }, {});
    expect(agents).toEqual(["unknown"]);
    expect(outcome).toContain("the call names no agent and carries no capability token");
  });

  it("runs an unidentified call as 'unknown' only with unidentified: 'allow'", async () => {
    const { outcome, agents } = await writeAs(
      { guard: undefined as never, unidentified: "allow" },
      {},
    );
    expect(agents).toEqual(["unknown"]);
    expect(outcome).toContain("agent 'unknown' is missing required permissions: files:write");
  });

  it("asks resolveAgentId, sync or async, with the context and the call's details", async () => {
    const seen: unknown[] = [];
    const resolveAgentId = (context: unknown, details: unknown) => {
      seen.push(context, details);
      return (context as { user: string }).user;
    };
    const context = { experimental_context: { user: "editor-bot" }, toolCallId: "call-7" };
    expect((await writeAs({ guard: undefined as never, resolveAgentId }, context)).outcome).toBe(
      "ran",
    );
    expect(seen).toEqual([
      { user: "editor-bot" },
      { toolName: "write_file", toolCallId: "call-7" },
    ]);

    const asyncResolver = async (ctx: unknown) => (ctx as { user: string }).user;
    expect(
      (await writeAs({ guard: undefined as never, resolveAgentId: asyncResolver }, context))
        .outcome,
    ).toBe("ran");
  });

  it("fails the call, without running it, when resolveAgentId answers something that is not an id", async () => {
    const { outcome, agents } = await writeAs(
      { guard: undefined as never, resolveAgentId: () => 42 as never },
      asAgent("editor-bot"),
    );
    expect(outcome).toBe(
      "guardTools: the agent id returned by resolveAgentId must be a non-blank string naming the calling agent (got 42)",
    );
    expect(agents).toEqual([]);
  });
});

describe('guardTools: onDenied "result" and a tool with its own toModelOutput', () => {
  it("sends a denial to the model as JSON, and real outputs through the tool's toModelOutput", async () => {
    const search = tool({
      inputSchema: z.object({ query: z.string() }),
      execute: async ({ query }) => ({ results: [query] }),
      toModelOutput: ({ output }) => ({ type: "text", value: output.results.join(", ") }),
    });
    const guarded = guardTools(
      { search },
      { unidentified: "allow", guard: researchGuard(), onDenied: "result" },
    );
    const toModelOutput = guarded.search.toModelOutput;
    if (toModelOutput === undefined) throw new Error("toModelOutput was dropped");

    const denial = await callTool(guarded.search, { query: "solar" }, asAgent("nobody"));
    expect(
      await toModelOutput({ toolCallId: "c", input: { query: "solar" }, output: denial as never }),
    ).toEqual({
      type: "json",
      value: denial,
    });
    expect(
      await toModelOutput({
        toolCallId: "c",
        input: { query: "a" },
        output: { results: ["a", "b"] },
      }),
    ).toEqual({
      type: "text",
      value: "a, b",
    });
  });
});
