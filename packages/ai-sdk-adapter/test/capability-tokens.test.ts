import { InterceptorError, InvalidOptionError } from "@aumai/connectorguard";
// Shared with the LangChain adapter's tests: one ES256 issuer for both.
import { capabilityTokenIssuer } from "@aumai/connectorguard/testing";
import { generateText, stepCountIs, type ToolSet } from "ai-v7";
import { MockLanguageModelV4 } from "ai-v7/test";
import { describe, expect, it } from "vitest";
import { connectorGuardApproval, guardTools } from "../src/index.js";
import { callTool } from "./support/call-tool.js";
import { researchAgent, researchGuard, researchTools } from "./support/research-tools.js";
import { type ScriptStep, scriptModel, toolOutputsSeen } from "./support/scripted-model.js";
import { sdksUnderTest } from "./support/sdks-under-test.js";

const writeStep: ScriptStep[] = [
  [{ toolName: "write_file", input: { path: "notes.md", content: "draft" } }],
  "done",
];
const editorClaims = { sub: "editor-bot", scope: "files:write search:query" };

describe.each(sdksUnderTest)("capability tokens on $label", (sdk) => {
  it("makes the token's verified sub the audited agent, whatever agentId says", async () => {
    const { capabilityTokens, sign } = await capabilityTokenIssuer();
    const guard = researchGuard({ guard: { capabilityTokens } });
    const { tools, runs } = researchTools();
    const capabilityToken = await sign(editorClaims);

    await sdk.generateText({
      script: writeStep,
      tools: guardTools(tools, { unidentified: "allow", guard }),
      agentId: researchAgent,
      context: { capabilityToken },
    });

    expect(runs).toEqual(["write_file"]);
    const [entry] = guard.auditLog.allEntries();
    expect(entry?.connectionAttempt.sourceAgent).toBe("editor-bot");
    expect(entry?.result.verifiedAgent).toBe("editor-bot");
    expect(JSON.stringify(guard.auditLog.allEntries())).not.toContain(capabilityToken);
  });

  it("denies a forged token and shows the model why", async () => {
    const { capabilityTokens, forge } = await capabilityTokenIssuer();
    const guard = researchGuard({ guard: { capabilityTokens } });
    const { tools, runs } = researchTools();

    const result = await sdk.generateText({
      script: writeStep,
      tools: guardTools(tools, { unidentified: "allow", guard }),
      context: { capabilityToken: await forge(editorClaims) },
    });

    expect(runs).toEqual([]);
    const [seen] = toolOutputsSeen(result.prompts[1]);
    expect(seen?.type).toBe("error-text");
    // AI SDK 7 prefixes the error's name.
    expect(seen?.text).toMatch(
      /^(InterceptorError: )?call to 'write_file' denied: capability token rejected: bad signature$/,
    );
    expect(guard.auditLog.deniedEntries().map((entry) => entry.result.check)).toEqual([
      "permission",
    ]);
  });
});

describe("capability tokens: where guardTools looks", () => {
  it("asks resolveCapabilityToken, sync or async, and never reads the model's input", async () => {
    const { capabilityTokens, sign } = await capabilityTokenIssuer();
    const guard = researchGuard({ guard: { capabilityTokens } });
    const { tools } = researchTools();
    const token = await sign(editorClaims);
    const session = { experimental_context: { session: { jwt: token } } };
    const input = { path: "a", content: "b", capabilityToken: token };

    const fromInput = guardTools(tools, { unidentified: "allow", guard });
    const fromResolver = guardTools(tools, {
      unidentified: "allow",
      guard,
      resolveCapabilityToken: async (context) =>
        (context as { session: { jwt: string } }).session.jwt,
    });

    const smuggled = await callTool(fromInput.write_file, input).catch((error: unknown) => error);
    expect(InterceptorError.isInstance(smuggled) && smuggled.result.reason).toBe(
      "a capability token is required (capabilityTokens.required) and the attempt carries none",
    );
    expect(await callTool(fromResolver.write_file, input, session)).toEqual({ written: "a" });
    expect(guard.auditLog.allEntries().map((entry) => entry.connectionAttempt.sourceAgent)).toEqual(
      ["unknown", "editor-bot"],
    );
  });

  it("rejects a resolveCapabilityToken that is not a function", () => {
    const make = () =>
      guardTools(researchTools().tools, {
        guard: researchGuard(),
        resolveCapabilityToken: "jwt" as never,
      });
    expect(make).toThrow(InvalidOptionError);
    expect(make).toThrow("guardTools: resolveCapabilityToken must be a function (got string)");
  });
});

describe("capability tokens: connectorGuardApproval (AI SDK 7)", () => {
  it("reads the token from runtimeContext and decides as its verified sub", async () => {
    const { capabilityTokens, sign } = await capabilityTokenIssuer();
    const guard = researchGuard({ guard: { capabilityTokens } });
    const { tools, runs } = researchTools();
    const { handlers } = scriptModel(writeStep);

    await generateText({
      model: new MockLanguageModelV4(handlers),
      tools: tools as unknown as ToolSet,
      prompt: "Save the notes.",
      stopWhen: stepCountIs(3),
      runtimeContext: { agentId: researchAgent, capabilityToken: await sign(editorClaims) },
      toolApproval: connectorGuardApproval({ guard }),
    });

    expect(runs).toEqual(["write_file"]);
    expect(guard.auditLog.allEntries()[0]?.connectionAttempt.sourceAgent).toBe("editor-bot");
  });
});
