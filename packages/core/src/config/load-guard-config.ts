import { AuditLog } from "../audit/audit-log.js";
import type { AuditSink } from "../audit/audit-sink.js";
import { JsonlAuditSink } from "../audit/jsonl-audit-sink.js";
import type { GuardConfig } from "../guard/create-guard.js";
import { guardSettingsFromPolicy } from "./guard-settings-from-policy.js";
import type { LoadCapabilityTokenOptions } from "./load-capability-token-options.js";
import { readGuardConfigFile } from "./read-guard-config-file.js";

/**
 * Reads a policy file (`connectorguard.config.json`, `.yaml` or `.yml`) and returns the
 * configuration `createGuard` takes: connectors, agents, mode, limits, redaction, capability
 * tokens (the key file or the secret's environment variable read now) and the audit sinks it
 * names, already open (a JSONL file resumes its chain). Throws `ConfigError` naming the file,
 * line, JSON Pointer and problem.
 *
 * @example
 * const guard = createGuard(await loadGuardConfig("connectorguard.config.yaml"));
 * await guard.check({ connectorName: "openai-chat", sourceAgent: "agent-1", inputData: { prompt: "hi" } });
 * await guard.close();
 */
export async function loadGuardConfig(
  path: string,
  options: LoadCapabilityTokenOptions = {},
): Promise<GuardConfig> {
  const policy = await readGuardConfigFile(path);
  // Keys and secrets first: a bad one must not leave an audit file open.
  const settings = await guardSettingsFromPolicy(policy, options);
  const sinks: AuditSink[] = [];
  if (policy.audit?.memory !== undefined) sinks.push(new AuditLog(policy.audit.memory));
  const jsonl = policy.audit?.jsonl;
  if (jsonl !== undefined) {
    sinks.push(
      await JsonlAuditSink.open(jsonl.path, {
        durability: jsonl.durability,
        verifyOnOpen: jsonl.verifyOnOpen,
      }),
    );
  }
  return {
    connectors: policy.connectors,
    ...settings,
    ...(sinks.length === 0 ? {} : { audit: sinks }),
  };
}
