import { generateText, stepCountIs, tool } from "ai-v7";
import { MockLanguageModelV4 } from "ai-v7/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { guardTools } from "../src/index.js";
import { researchGuard } from "./support/research-tools.js";
import { scriptModel, toolOutputsSeen } from "./support/scripted-model.js";

const writeScript = [[{ toolName: "write_file", input: { path: "notes.md" } }], "done"] as const;

describe("AI SDK 7: identity through a tool's typed contextSchema", () => {
  it("reads agentId from the validated tool context", async () => {
    const guard = researchGuard();
    const tools = guardTools(
      {
        write_file: tool({
          inputSchema: z.object({ path: z.string() }),
          contextSchema: z.object({ agentId: z.string(), workspace: z.string() }),
          execute: async ({ path }, { context }) => ({ written: `${context.workspace}/${path}` }),
        }),
      },
      { unidentified: "allow", guard },
    );
    const { handlers, prompts } = scriptModel(writeScript);

    await generateText({
      model: new MockLanguageModelV4(handlers),
      tools,
      toolsContext: { write_file: { agentId: "editor-bot", workspace: "w1" } },
      prompt: "Save the notes.",
      stopWhen: stepCountIs(3),
    });

    expect(guard.auditLog.allEntries()[0]?.connectionAttempt.sourceAgent).toBe("editor-bot");
    expect(toolOutputsSeen(prompts[1])[0]?.text).toBe('{"written":"w1/notes.md"}');
  });

  it("sees no agentId when the contextSchema strips it, and denies the call as 'unknown'", async () => {
    const guard = researchGuard();
    const tools = guardTools(
      {
        write_file: tool({
          inputSchema: z.object({ path: z.string() }),
          contextSchema: z.object({ workspace: z.string() }),
          execute: async ({ path }) => ({ written: path }),
        }),
      },
      { unidentified: "allow", guard },
    );
    const { handlers, prompts } = scriptModel(writeScript);
    // Typed, this entry would be refused for its extra key; at run time zod drops it.
    const toolsContext = { write_file: { workspace: "w1", agentId: "editor-bot" } };

    await generateText({
      model: new MockLanguageModelV4(handlers),
      tools,
      toolsContext,
      prompt: "Save the notes.",
      stopWhen: stepCountIs(3),
    });

    expect(guard.auditLog.allEntries()[0]?.connectionAttempt.sourceAgent).toBe("unknown");
    expect(toolOutputsSeen(prompts[1])[0]?.text).toContain(
      "agent 'unknown' is missing required permissions: files:write",
    );
  });
});
