import { parseChainCheckpoint } from "../../audit/chain-checkpoint.js";
import { verifyPostgresAuditLog } from "../../audit/postgres-audit-verification.js";
import { verifyAuditLog } from "../../audit/verify-audit-log.js";
import { readGuardConfigFile } from "../../config/read-guard-config-file.js";
import { InvalidOptionError } from "../../errors/invalid-option-error.js";
import type { CliCommand } from "../cli-command.js";
import { CliUsageError } from "../cli-usage-error.js";
import { describeFileError } from "../describe-file-error.js";
import { resolveAuditFile } from "../load-cli-policy.js";
import { postgresOption, postgresTableOption, withPostgresPool } from "../postgres-connection.js";
import { configOption, logFileOption, outputOption, sameOptionAs } from "../shared-options.js";

/**
 * `verify`: checks the audit file's hash chain from the first line, and a checkpoint if one
 * is given. Exit code 0 when it verifies, 1 when it does not.
 *
 * @example
 * // connectorguard verify --checkpoint 1042:9f86d0…
 * // OK: 1187 entries verified in .connectorguard_audit.jsonl
 * // checkpoint matched: seq 1042
 * // head: 1187:4e07408…
 */
export const verifyCommand: CliCommand = {
  name: "verify",
  summary: "Verify the audit file's hash chain.",
  details:
    "Reports the first broken line and why, or how many entries verified. Exit code 0 = intact, 1 = broken.\nThe chain alone cannot show lines cut from the end, or a file rewritten from scratch. Keep the printed head somewhere else and pass it back with --checkpoint to catch both.",
  usage:
    "[--log-file PATH | --postgres URL [--table NAME]] [--checkpoint SEQ:HASH] [--output text|json]",
  options: {
    "log-file": logFileOption,
    "audit-file": sameOptionAs("log-file"),
    config: configOption,
    checkpoint: {
      type: "string",
      value: "SEQ:HASH",
      description: "A head printed by an earlier verify; the log must still hold that record.",
    },
    output: outputOption,
    postgres: postgresOption,
    table: postgresTableOption,
  },
  async run(context) {
    const configPath = context.given("config");
    const config = configPath === undefined ? undefined : await readGuardConfigFile(configPath);
    const path = resolveAuditFile(context, config, "log-file").path;
    const checkpointText = context.given("checkpoint");
    let checkpoint: ReturnType<typeof parseChainCheckpoint> | undefined;
    try {
      checkpoint = checkpointText === undefined ? undefined : parseChainCheckpoint(checkpointText);
    } catch (error) {
      if (!InvalidOptionError.isInstance(error)) throw error;
      throw new CliUsageError(`--checkpoint: ${error.message}`);
    }
    const postgresUrl = context.given("postgres");
    if (postgresUrl !== undefined) {
      const table = context.text("table");
      const verification = await withPostgresPool(postgresUrl, (pool) =>
        verifyPostgresAuditLog(pool, { table, checkpoint }),
      );
      if (context.text("output") === "json") {
        context.io.stdout.write(`${JSON.stringify(verification, null, 2)}\n`);
      } else if (verification.firstBreak !== undefined) {
        const { seq, reason } = verification.firstBreak;
        context.io.stdout.write(
          `${context.style.deny("BROKEN")}: table ${table}: seq ${seq}: ${reason}\n`,
        );
        context.io.stdout.write(`${verification.recordCount} entries before it verified\n`);
      } else {
        context.io.stdout.write(
          `${context.style.allow("OK")}: ${verification.recordCount} entries verified in PostgreSQL table ${table}\n`,
        );
        if (checkpoint !== undefined)
          context.io.stdout.write(`checkpoint matched: seq ${checkpoint.seq}\n`);
      }
      context.io.stdout.write(`head: ${verification.head.seq}:${verification.head.hash}\n`);
      return verification.valid ? 0 : 1;
    }
    const report = await verifyAuditLog(path, { checkpoint }).catch(
      (error: NodeJS.ErrnoException) => {
        if (typeof error.code !== "string") throw error;
        throw new CliUsageError(`cannot read audit file ${path}: ${describeFileError(error)}`);
      },
    );
    const out = context.io.stdout;
    if (context.text("output") === "json") {
      out.write(`${JSON.stringify(report, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }
    const { style } = context;
    if (report.firstBreak !== undefined) {
      const { line, seq, reason } = report.firstBreak;
      out.write(`${style.deny("BROKEN")}: ${path}:${line}: seq ${seq}: ${reason}\n`);
      out.write(`${report.entries} entries before it verified\n`);
    } else if (report.tornTail !== undefined) {
      out.write(
        `${style.deny("INCOMPLETE")}: ${path}:${report.tornTail.line}: the last line is incomplete (a crash mid-write, or a writer still writing); the next writer to open the file sets it aside\n`,
      );
      out.write(`${report.entries} entries before it verified\n`);
    } else if (report.checkpointProblem !== undefined) {
      out.write(`${style.deny("CHECKPOINT MISMATCH")}: ${path}: ${report.checkpointProblem}\n`);
      out.write(`${report.entries} entries verified as a chain\n`);
    } else {
      out.write(`${style.allow("OK")}: ${report.entries} entries verified in ${path}\n`);
      if (checkpoint !== undefined) out.write(`checkpoint matched: seq ${checkpoint.seq}\n`);
    }
    out.write(`head: ${report.head.seq}:${report.head.hash}\n`);
    return report.ok ? 0 : 1;
  },
};
