import type { GuardConfig } from "@aumai/connectorguard";

/**
 * Who may call what: the paid search needs `search:query`, takes 3 calls a minute per agent
 * and short queries only; writing a file needs `files:write`; the calculator is open to all.
 * The shell tool the agent was given is deliberately not registered.
 */
export const guardConfig: GuardConfig = {
  connectors: [
    {
      name: "web_search",
      version: "1.0.0",
      rateLimit: 3,
      requiredPermissions: ["search:query"],
      inputSchema: {
        type: "object",
        properties: { query: { type: "string", minLength: 3, maxLength: 80 } },
        required: ["query"],
      },
    },
    { name: "write_file", version: "1.0.0", requiredPermissions: ["files:write"] },
    { name: "calculator", version: "1.0.0" },
  ],
  agents: {
    "research-bot": { permissions: ["search:query"] },
    "editor-bot": { permissions: ["search:query", "files:write"] },
  },
  rateLimitWindowSeconds: 60,
};
