import { readFile } from "node:fs/promises";
import type { CliCommand } from "../cli-command.js";
import { CliUsageError } from "../cli-usage-error.js";
import { describeFileError } from "../describe-file-error.js";
import { formatDecision } from "../format-decision.js";
import { loadCliPolicy } from "../load-cli-policy.js";
import { openCliGuard } from "../open-cli-guard.js";
import { parseAttempts } from "../parse-attempts.js";
import {
  agentIdOption,
  auditFileOption,
  configOption,
  DEFAULT_AGENT_ID,
  outputOption,
  registryFileOption,
  sameOptionAs,
} from "../shared-options.js";

/**
 * `check [FILE|-]`: decides one attempt, given as a file or on standard input, records the
 * decision in the audit file, and exits 0 when it is allowed, 1 when it is denied. A capability
 * token comes from `--token` or the attempt's `capability_token`; the verified agent is printed.
 *
 * @example
 * // echo '{"connector_name":"openai-chat","input_data":{"prompt":"hi"}}' | connectorguard check --agent-id agent-1
 * // [ALLOW] openai-chat (agent=agent-1) — all checks passed
 * // connectorguard check call.json --token "$JWT" --config connectorguard.config.yaml
 * // [ALLOW] db-write (agent=agent-7, verified by token) — all checks passed
 */
export const checkCommand: CliCommand = {
  name: "check",
  summary: "Decide one attempt, from a file or standard input.",
  details:
    "The attempt is one JSON object, snake_case or camelCase; it may carry a capability_token and a tool_definition_hash. The decision is printed and appended to the audit file (never the token). Exit code 0 = allowed, 1 = denied.",
  usage:
    "[FILE|-] [--token JWT] [--agent-id TEXT] [--registry-file PATH] [--config PATH] [--audit-file PATH] [--output text|json]",
  positionals: {
    name: "FILE",
    description: "Attempt file; '-' or nothing reads standard input.",
    max: 1,
  },
  options: {
    "registry-file": registryFileOption,
    config: configOption,
    "agent-id": agentIdOption,
    token: {
      type: "string",
      value: "JWT",
      description:
        "Capability token to verify with the policy file's capabilityTokens; its sub is the agent. (A token in the attempt file stays out of the process list.)",
    },
    "audit-file": auditFileOption,
    "log-file": sameOptionAs("audit-file"),
    output: outputOption,
  },
  async run(context) {
    const file = context.positionals[0] ?? "-";
    const source = file === "-" ? "standard input" : file;
    const text =
      file === "-"
        ? await context.io.readStdin()
        : await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
            throw new CliUsageError(`cannot read ${file}: ${describeFileError(error)}`);
          });
    if (text === undefined) {
      throw new CliUsageError("check: give an attempt file, or pipe one attempt on standard input");
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CliUsageError(`${source}: not valid JSON (${(error as Error).message})`);
    }
    const attempts = parseAttempts(value, source);
    const attempt = attempts[0];
    if (attempts.length !== 1 || attempt === undefined) {
      throw new CliUsageError(
        `${source}: check decides exactly one attempt (got ${attempts.length}); use 'connectorguard watch' for many`,
      );
    }
    const token = context.given("token");
    if (token !== undefined && attempt.capabilityToken !== undefined) {
      throw new CliUsageError(
        `check: ${source} carries a capability_token and --token gives another; give one`,
      );
    }
    const policy = await loadCliPolicy(context, { requireConnectors: true });
    const agent = context.given("agent-id") ?? attempt.sourceAgent ?? DEFAULT_AGENT_ID;
    const guard = await openCliGuard(context, policy);
    let allowed: boolean;
    try {
      const result = await guard.check({
        ...attempt,
        sourceAgent: agent,
        ...(token === undefined ? {} : { capabilityToken: token }),
      });
      allowed = result.allowed;
      const line =
        context.text("output") === "json"
          ? JSON.stringify({
              connectorName: attempt.connectorName,
              sourceAgent: agent,
              ...result,
              // A clock difference in floating point: to the microsecond, without the noise.
              latencyMs: Math.round(result.latencyMs * 1000) / 1000,
            })
          : formatDecision(attempt.connectorName, agent, result, context.style).trimStart();
      context.io.stdout.write(`${line}\n`);
    } finally {
      await guard.close();
    }
    return allowed ? 0 : 1;
  },
};
