import { JsonlAuditSink } from "../audit/jsonl-audit-sink.js";
import { createGuard, type Guard } from "../guard/create-guard.js";
import type { CommandContext } from "./cli-command.js";
import { type CliPolicy, resolveAuditFile } from "./load-cli-policy.js";

/**
 * The guard `watch` and `check` decide with: the policy's connectors, agents and window, and
 * the audit file every decision is appended to (its chain resumed, a torn line set aside).
 *
 * @example
 * const guard = await openCliGuard(context, await loadCliPolicy(context, { requireConnectors: true }));
 * try { await guard.check(attempt); } finally { await guard.close(); }
 */
export async function openCliGuard(context: CommandContext, policy: CliPolicy): Promise<Guard> {
  const auditFile = resolveAuditFile(context, policy.config, "audit-file");
  const sink = await JsonlAuditSink.open(auditFile.path, {
    durability: auditFile.durability,
    verifyOnOpen: auditFile.verifyOnOpen,
    onTornLine: (report) =>
      context.io.stderr.write(
        `connectorguard: ${context.style.warn("warning")}: ${report.file}: line ${report.line} was incomplete (a write cut short by a crash); moved it to ${report.sideFile}\n`,
      ),
  });
  const config = policy.config;
  return createGuard({
    connectors: policy.connectors,
    ...(config?.agents === undefined ? {} : { agents: config.agents }),
    ...(config?.rateLimitWindowSeconds === undefined
      ? {}
      : { rateLimitWindowSeconds: config.rateLimitWindowSeconds }),
    ...(config?.onStoreError === undefined ? {} : { onStoreError: config.onStoreError }),
    audit: sink,
  });
}
