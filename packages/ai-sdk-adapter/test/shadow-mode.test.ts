import { describe, expect, it } from "vitest";
import { guardTools } from "../src/index.js";
import { researchAgent, researchGuard, researchTools } from "./support/research-tools.js";
import { toolOutputsSeen } from "./support/scripted-model.js";
import { sdksUnderTest } from "./support/sdks-under-test.js";

describe.each(sdksUnderTest)("shadow mode on $label", (sdk) => {
  it("runs a call enforce would deny, and the audit says what it would have denied", async () => {
    const guard = researchGuard({ guard: { mode: "shadow" } });
    const { tools, runs } = researchTools();

    const result = await sdk.generateText({
      script: [[{ toolName: "write_file", input: { path: "a.md", content: "x" } }], "done"],
      tools: guardTools(tools, { guard }),
      agentId: researchAgent,
    });

    expect(runs).toEqual(["write_file"]);
    expect(toolOutputsSeen(result.prompts[1])[0]).toMatchObject({ type: "json" });
    const [entry] = guard.auditLog.allEntries();
    expect(entry?.result.allowed).toBe(true);
    expect(entry?.result.wouldDeny).toEqual({
      check: "permission",
      reason: "agent 'research-bot' is missing required permissions: files:write",
    });
    expect(entry?.outcome?.status).toBe("ok");
  });
});
