/**
 * The tools and guard of the tests: a paid search limited to 2 calls per window whose
 * connector also caps the query length, a file write that needs `files:write`, a calculator
 * anyone may use, and a shell the guard does not know. `runs` lists every tool that ran.
 */
import {
  AuditLog,
  type ConnectorSchema,
  createGuard,
  type Guard,
  type GuardConfig,
} from "@aumai/connectorguard";
import { tool } from "ai";
import { z } from "zod";

export const researchAgent = "research-bot";

/** What a test may add to the research guard. */
export interface ResearchGuardOptions {
  /** More guard settings: capability tokens, mode, output checks… */
  readonly guard?: Omit<GuardConfig, "connectors" | "agents" | "audit">;
  /** Connector fields added per connector name, over the fixture's own. */
  readonly connectors?: Record<string, Partial<ConnectorSchema>>;
}

/** A new guard with its own audit log and rate-limit state. */
export function researchGuard(options: ResearchGuardOptions = {}): Guard {
  const extra = options.connectors ?? {};
  const connectors: ConnectorSchema[] = [
    {
      name: "search",
      version: "1.0.0",
      rateLimit: 2,
      requiredPermissions: ["search:query"],
      inputSchema: {
        type: "object",
        properties: { query: { type: "string", maxLength: 40 } },
        required: ["query"],
      },
    },
    { name: "write_file", version: "1.0.0", requiredPermissions: ["files:write"] },
    { name: "calculator", version: "1.0.0" },
  ];
  return createGuard({
    ...options.guard,
    connectors: connectors.map((connector) => ({ ...connector, ...extra[connector.name] })),
    agents: {
      [researchAgent]: { permissions: ["search:query"] },
      "editor-bot": { permissions: ["search:query", "files:write"] },
    },
    audit: new AuditLog(),
  });
}

/** Fresh tools and a fresh record of which ran. */
export function researchTools() {
  const runs: string[] = [];
  const tools = {
    search: tool({
      description: "Paid web search",
      inputSchema: z.object({ query: z.string() }),
      execute: async ({ query }) => {
        runs.push("search");
        return { results: [`Top result for ${query}`] };
      },
    }),
    write_file: tool({
      description: "Write a file in the workspace",
      inputSchema: z.object({ path: z.string(), content: z.string() }),
      execute: async ({ path }) => {
        runs.push("write_file");
        return { written: path };
      },
    }),
    calculator: tool({
      description: "Add two numbers",
      inputSchema: z.object({ a: z.number(), b: z.number() }),
      execute: async ({ a, b }) => {
        runs.push("calculator");
        return a + b;
      },
    }),
    shell: tool({
      description: "Run a shell command",
      inputSchema: z.object({ command: z.string() }),
      execute: async () => {
        runs.push("shell");
        return "ran";
      },
    }),
  };
  return { tools, runs };
}
