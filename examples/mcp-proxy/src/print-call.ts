import { toolCallDenialOf } from "@aumai/connectorguard-mcp";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";

/** Calls a tool through the proxy and prints one line: what was tried and what came back. */
export async function printCall(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  label: string,
): Promise<void> {
  const result = await client.callTool({ name, arguments: args });
  const denial = toolCallDenialOf(result);
  if (denial !== undefined) {
    console.log(
      `  [DENY ] ${name.padEnd(15)} ${label}\n          ${denial.check}: ${denial.reason}`,
    );
    return;
  }
  const content = Array.isArray(result.content) ? result.content : [];
  const text = content
    .map((block) => (block.type === "text" ? block.text : `[${block.type}]`))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  const status = result.isError === true ? "ERROR" : "ALLOW";
  console.log(`  [${status}] ${name.padEnd(15)} ${label}\n          ${text.slice(0, 90)}`);
}
