import { tool } from "ai";
import { z } from "zod";

/**
 * The assistant's tools, as any AI SDK app would write them: nothing here knows about the
 * guard. The search and the file system are simulated so the demo runs offline.
 */
export const researchTools = {
  web_search: tool({
    description: "Search the web (a paid API, billed per call)",
    inputSchema: z.object({ query: z.string() }),
    execute: async ({ query }) => ({
      results: [`"${query}": median panel efficiency reached 22.8% this year`],
    }),
  }),
  write_file: tool({
    description: "Write a file in the shared workspace",
    inputSchema: z.object({ path: z.string(), content: z.string() }),
    execute: async ({ path, content }) => ({ path, bytes: Buffer.byteLength(content) }),
  }),
  calculator: tool({
    description: "Add two numbers",
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: async ({ a, b }) => a + b,
  }),
  run_shell: tool({
    description: "Run a shell command on the server",
    inputSchema: z.object({ command: z.string() }),
    execute: async ({ command }) => `ran: ${command}`,
  }),
};
