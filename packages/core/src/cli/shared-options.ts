import type { CliOption } from "./cli-command.js";
import { DEFAULT_AUDIT_FILE } from "./load-cli-policy.js";
import { DEFAULT_REGISTRY_FILE } from "./registry-file.js";

/** The agent id `watch` and `check` use when neither the flag nor the attempt names one. */
export const DEFAULT_AGENT_ID = "watched-agent";

/** `--registry-file`, shared by the commands that read or write the registry. */
export const registryFileOption: CliOption = {
  type: "string",
  value: "PATH",
  description: "Local registry state file.",
  default: DEFAULT_REGISTRY_FILE,
};

/** `--config`, the policy file. */
export const configOption: CliOption = {
  type: "string",
  value: "PATH",
  description:
    "Policy file (JSON or YAML): more connectors, the agents' permissions, the window, the audit file, mode, limits, redaction and capability tokens.",
};

/** `--output`. */
export const outputOption: CliOption = {
  type: "string",
  value: "FORMAT",
  description: "Output format.",
  default: "text",
  choices: ["text", "json"],
};

/**
 * `--agent-id`. No `default` shown: when it is not given, each attempt names its own agent, and
 * only an attempt without one falls back to `DEFAULT_AGENT_ID`.
 */
export const agentIdOption: CliOption = {
  type: "string",
  value: "TEXT",
  description: `Agent identifier for permission and rate-limit checks, for every attempt. [default: each attempt's own source_agent, else '${DEFAULT_AGENT_ID}']`,
};

/** `--audit-file`, where decisions are appended. */
export const auditFileOption: CliOption = {
  type: "string",
  value: "PATH",
  description:
    "Audit file (JSONL) every decision is appended to; else the policy file's audit.jsonl.path.",
  default: DEFAULT_AUDIT_FILE,
};

/** `--log-file`, the audit file read by `audit` and `verify`. */
export const logFileOption: CliOption = {
  type: "string",
  value: "PATH",
  description: "Audit file (JSONL) to read; else the policy file's audit.jsonl.path.",
  default: DEFAULT_AUDIT_FILE,
};

/**
 * The other spelling of the audit file's flag: every command that reads or writes the audit
 * file takes both `--audit-file` and `--log-file`.
 *
 * @example
 * options: { "log-file": logFileOption, "audit-file": sameOptionAs("log-file") }
 */
export function sameOptionAs(name: "audit-file" | "log-file"): CliOption {
  return { type: "string", value: "PATH", description: `Same as --${name}.` };
}
