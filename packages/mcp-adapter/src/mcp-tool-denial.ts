import type { CheckName } from "@aumai/connectorguard";
import type { McpCallToolResult } from "./mcp-tool.js";

/** The `_meta` key under which a denial result carries its details. */
export const DENIAL_META_KEY = "aumai.connectorguard/denial";

/**
 * Why ConnectorGuard refused a `tools/call`: the check that failed (`"output"` for a result
 * withheld by `outputCheck: "enforce"`, `"permission"` for a call nobody was identified for),
 * and a reason a person or a model can act on.
 *
 * @example
 * { denied: true, connectorName: "write_file", check: "permission",
 *   reason: "agent 'research-bot' is missing required permissions: files:write" }
 */
export interface McpToolDenial {
  readonly denied: true;
  readonly connectorName: string;
  readonly check: CheckName;
  readonly reason: string;
  /** For a rate-limit denial: milliseconds until a retry would be admitted. */
  readonly retryAfterMs?: number;
}

/**
 * The MCP answer to a denied call: a `CallToolResult` with `isError: true` and the reason as
 * its text, as MCP reports a tool that failed, so the model reads why and can adapt. The
 * denial's fields ride along in `_meta` under {@link DENIAL_META_KEY} for programs.
 *
 * @example
 * denialToolResult({ denied: true, connectorName: "write_file", check: "permission", reason });
 * // { isError: true, content: [{ type: "text", text: "ConnectorGuard denied 'write_file' (permission): …" }], _meta: {…} }
 */
export function denialToolResult(denial: McpToolDenial): McpCallToolResult {
  return {
    content: [
      {
        type: "text",
        text: `ConnectorGuard denied '${denial.connectorName}' (${denial.check}): ${denial.reason}`,
      },
    ],
    isError: true,
    _meta: { [DENIAL_META_KEY]: denial },
  };
}

/**
 * The denial a tool result carries, when it is one of ConnectorGuard's (from `guardMcpClient`
 * or the proxy); `undefined` for any other result, an error of the tool included.
 *
 * @example
 * const result = await client.callTool({ name: "write_file", arguments: { path, content } });
 * const denial = toolCallDenialOf(result);
 * if (denial !== undefined) console.log(denial.check, denial.reason);
 */
export function toolCallDenialOf(result: unknown): McpToolDenial | undefined {
  if (typeof result !== "object" || result === null) return undefined;
  const meta = (result as McpCallToolResult)._meta;
  const denial = typeof meta === "object" && meta !== null ? meta[DENIAL_META_KEY] : undefined;
  if (typeof denial !== "object" || denial === null) return undefined;
  const candidate = denial as Partial<McpToolDenial>;
  return candidate.denied === true &&
    typeof candidate.reason === "string" &&
    typeof candidate.connectorName === "string"
    ? (candidate as McpToolDenial)
    : undefined;
}
