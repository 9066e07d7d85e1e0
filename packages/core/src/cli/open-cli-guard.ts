import { JsonlAuditSink } from "../audit/jsonl-audit-sink.js";
import { auditFolderProblem } from "../config/audit-folder-problem.js";
import { guardSettingsFromPolicy } from "../config/guard-settings-from-policy.js";
import { ConfigError } from "../errors/config-error.js";
import { createGuard, type Guard } from "../guard/create-guard.js";
import type { CommandContext } from "./cli-command.js";
import { CliUsageError } from "./cli-usage-error.js";
import { type CliPolicy, resolveAuditFile } from "./load-cli-policy.js";

/**
 * The guard `watch` and `check` decide with: the policy's connectors and settings (agents,
 * window, mode, limits, redaction, capability tokens with their key file or secret read from
 * the CLI's environment), and the audit file every decision is appended to (its chain resumed,
 * a torn line set aside).
 *
 * @example
 * const guard = await openCliGuard(context, await loadCliPolicy(context, { requireConnectors: true }));
 * try { await guard.check(attempt); } finally { await guard.close(); }
 */
export async function openCliGuard(context: CommandContext, policy: CliPolicy): Promise<Guard> {
  // Keys and secrets first: a bad one must not leave the audit file open.
  const settings =
    policy.config === undefined
      ? {}
      : await guardSettingsFromPolicy(policy.config, { env: context.io.env });
  const auditFile = resolveAuditFile(context, policy.config, "audit-file");
  const folderProblem = await auditFolderProblem(auditFile.path);
  if (folderProblem !== undefined) {
    if (auditFile.from === "config" && policy.config !== undefined) {
      throw new ConfigError(
        { file: policy.config.file, pointer: "/audit/jsonl/path" },
        folderProblem,
      );
    }
    throw new CliUsageError(`audit file ${auditFile.path}: ${folderProblem}`);
  }
  const sink = await JsonlAuditSink.open(auditFile.path, {
    durability: auditFile.durability,
    verifyOnOpen: auditFile.verifyOnOpen,
    onTornLine: (report) =>
      context.io.stderr.write(
        `connectorguard: ${context.style.warn("warning")}: ${report.file}: line ${report.line} was incomplete (a write cut short by a crash); moved it to ${report.sideFile}\n`,
      ),
  });
  try {
    return createGuard({ connectors: policy.connectors, ...settings, audit: sink });
  } catch (error) {
    await sink.close();
    throw error;
  }
}
