import { AuditLog } from "../audit/audit-log.js";
import type { AuditSink } from "../audit/audit-sink.js";
import { JsonlAuditSink } from "../audit/jsonl-audit-sink.js";
import { ConfigError } from "../errors/config-error.js";
import type { GuardConfig } from "../guard/create-guard.js";
import type { RateLimitStore } from "../rate-limit/rate-limit-store.js";
import { auditFolderProblem } from "./audit-folder-problem.js";
import { guardSettingsFromPolicy } from "./guard-settings-from-policy.js";
import { loadAuditSigningOptions } from "./load-audit-signing-options.js";
import type { LoadCapabilityTokenOptions } from "./load-capability-token-options.js";
import { openPostgresAuditSink } from "./open-postgres-audit-sink.js";
import { openRedisRateLimitStore } from "./open-redis-rate-limit-store.js";
import { readGuardConfigFile } from "./read-guard-config-file.js";

/**
 * Reads a policy file (`connectorguard.config.json`, `.yaml` or `.yml`) and returns the
 * configuration `createGuard` takes: connectors, agents, mode, limits, redaction, capability
 * tokens (the key file or the secret's environment variable read now), the audit sinks it
 * names, already open (a JSONL file resumes its chain; a PostgreSQL pool is built with `pg`),
 * and a Redis rate-limit store (its client built with `ioredis`). `ioredis` and `pg` are
 * loaded only when the file names them. `guard.close()` flushes the sinks and releases the
 * Redis client and the PostgreSQL pool. Throws `ConfigError` naming the file, line, JSON
 * Pointer and problem (a package to install, an environment variable that is not set, …).
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
  // Keys and secrets first: a bad one must not leave an audit file or a connection open.
  const settings = await guardSettingsFromPolicy(policy, options);
  const jsonlSigning =
    policy.audit?.jsonl?.signing === undefined
      ? undefined
      : await loadAuditSigningOptions(policy.audit.jsonl.signing, options.env);
  const sinks: AuditSink[] = [];
  let redisStore: RateLimitStore | undefined;
  try {
    if (policy.audit?.memory !== undefined) sinks.push(new AuditLog(policy.audit.memory));
    if (policy.rateLimitStore !== undefined) {
      redisStore = await openRedisRateLimitStore(policy.rateLimitStore.redis, options.env);
    }
    if (policy.audit?.postgres !== undefined) {
      sinks.push(await openPostgresAuditSink(policy.audit.postgres, options.env));
    }
    const jsonl = policy.audit?.jsonl;
    if (jsonl !== undefined) {
      const folderProblem = await auditFolderProblem(jsonl.path);
      if (folderProblem !== undefined) {
        throw new ConfigError({ file: policy.file, pointer: "/audit/jsonl/path" }, folderProblem);
      }
      sinks.push(
        await JsonlAuditSink.open(jsonl.path, {
          durability: jsonl.durability,
          verifyOnOpen: jsonl.verifyOnOpen,
          ...(jsonlSigning === undefined ? {} : { signing: jsonlSigning }),
        }),
      );
    }
    return {
      connectors: policy.connectors,
      ...settings,
      ...(redisStore === undefined ? {} : { rateLimitStore: redisStore }),
      ...(sinks.length === 0 ? {} : { audit: sinks }),
    };
  } catch (error) {
    // What was opened before the failure is released, so a bad file leaks no connection.
    await Promise.allSettled([...sinks.map((sink) => sink.close()), redisStore?.close?.()]);
    throw error;
  }
}
