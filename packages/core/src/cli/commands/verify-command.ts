import { readFile } from "node:fs/promises";
import { auditVerificationKey } from "../../audit/audit-signing-key.js";
import { parseChainCheckpoint } from "../../audit/chain-checkpoint.js";
import { verifyPostgresAuditLog } from "../../audit/postgres-audit-verification.js";
import type { AuditSignatureReport } from "../../audit/signature-coverage.js";
import { verifyAuditLog } from "../../audit/verify-audit-log.js";
import { readGuardConfigFile } from "../../config/read-guard-config-file.js";
import { InvalidOptionError } from "../../errors/invalid-option-error.js";
import type { CliCommand, CommandContext } from "../cli-command.js";
import { CliUsageError } from "../cli-usage-error.js";
import { describeFileError } from "../describe-file-error.js";
import { resolveAuditFile } from "../load-cli-policy.js";
import { postgresOption, postgresTableOption, withPostgresPool } from "../postgres-connection.js";
import { configOption, logFileOption, outputOption, sameOptionAs } from "../shared-options.js";

/**
 * `verify`: checks the audit file's hash chain from the first line, a checkpoint if one is
 * given, and with `--public-key` the writer's signed checkpoints. Exit code 0 when it
 * verifies (and, with a key, every entry is signed), 1 when it does not, 2 for bad usage.
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
    "Reports the first broken line and why, or how many entries verified. Exit code 0 = intact (and, with --public-key, every entry signed), 1 = broken, tampered or unsigned entries.\nThe chain alone cannot show lines cut from the end, a file rewritten from scratch, or lines appended by someone else. Keep the printed head somewhere else and pass it back with --checkpoint, or have the writer sign checkpoints (audit.jsonl.signing) and pass its public key with --public-key: entries after the last signed checkpoint are reported as unsigned.",
  usage:
    "[--log-file PATH | --postgres URL [--table NAME]] [--checkpoint SEQ:HASH] [--public-key FILE] [--output text|json]",
  options: {
    "log-file": logFileOption,
    "audit-file": sameOptionAs("log-file"),
    config: configOption,
    checkpoint: {
      type: "string",
      value: "SEQ:HASH",
      description: "A head printed by an earlier verify; the log must still hold that record.",
    },
    "public-key": {
      type: "string",
      value: "FILE",
      description:
        "The writer's Ed25519 public key (PEM): check its signed checkpoints (<log>.sig, or the table's _checkpoints); unsigned entries fail.",
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
    const publicKey = await readPublicKey(context.given("public-key"));
    const postgresUrl = context.given("postgres");
    if (postgresUrl !== undefined) {
      const table = context.text("table");
      const verification = await withPostgresPool(postgresUrl, (pool) =>
        verifyPostgresAuditLog(pool, { table, checkpoint, publicKey }),
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
      if (context.text("output") !== "json" && verification.signatures !== undefined) {
        describeSignatures(context, verification.signatures, `table ${table}_checkpoints`);
      }
      context.io.stdout.write(`head: ${verification.head.seq}:${verification.head.hash}\n`);
      return verification.valid ? 0 : 1;
    }
    const report = await verifyAuditLog(path, { checkpoint, publicKey }).catch(
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
    if (report.signatures !== undefined) {
      const source = report.signatures.found
        ? report.signatures.file
        : `${report.signatures.file} (missing)`;
      describeSignatures(context, report.signatures, source);
    }
    out.write(`head: ${report.head.seq}:${report.head.hash}\n`);
    return report.ok ? 0 : 1;
  },
};

async function readPublicKey(file: string | undefined) {
  if (file === undefined) return undefined;
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new CliUsageError(`--public-key: cannot read ${file}: ${describeFileError(error)}`);
  });
  try {
    return auditVerificationKey(text);
  } catch (error) {
    if (!InvalidOptionError.isInstance(error)) throw error;
    throw new CliUsageError(`--public-key: ${file}: ${error.message}`);
  }
}

/** The signature lines: problems, then what is unsigned or that everything is signed. */
function describeSignatures(
  context: CommandContext,
  signatures: AuditSignatureReport,
  source: string,
): void {
  const out = context.io.stdout;
  const { style } = context;
  for (const problem of signatures.problems) {
    out.write(`${style.deny("SIGNATURE PROBLEM")}: ${problem}\n`);
  }
  const last = signatures.signedThrough;
  const lastText =
    last === undefined
      ? `no valid signed checkpoint in ${source}`
      : `last signed point: seq ${last.seq}, signed ${last.signedAt}`;
  if (signatures.unsignedEntries > 0) {
    const ranges = signatures.unsigned
      .map((range) => (range.from === range.to ? `${range.from}` : `${range.from}-${range.to}`))
      .join(", ");
    out.write(
      `${style.deny("UNSIGNED")}: ${signatures.unsignedEntries} entries not covered by a signed checkpoint: seq ${ranges} (${lastText}); entries after the last signed point may have been appended by anyone\n`,
    );
  } else if (last !== undefined) {
    out.write(
      `${style.allow("signed")}: every entry, by ${signatures.checkpoints} checkpoints (${lastText})\n`,
    );
  }
}
