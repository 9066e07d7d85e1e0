import type { ChainedAuditRecord } from "../audit/hash-chain.js";
import { queryPostgresAudit } from "../audit/postgres-audit-query.js";
import { scanAuditFile } from "../audit/scan-audit-file.js";
import type { GuardConfigFile } from "../config/read-guard-config-file.js";
import type { CommandContext } from "./cli-command.js";
import { CliUsageError } from "./cli-usage-error.js";
import { describeFileError } from "./describe-file-error.js";
import { resolveAuditFile } from "./load-cli-policy.js";
import { withPostgresPool } from "./postgres-connection.js";

/** Where the records came from, and what stopped the reading early, if anything. */
export interface AuditRecordsRead {
  /** `path` or `PostgreSQL table NAME`. */
  readonly source: string;
  /** A chain break or torn last line: the records after it were not read. */
  readonly problem?: string;
}

// Rows per PostgreSQL query: large enough to amortize a round trip, small enough to stay light.
const postgresPageSize = 5_000;

/**
 * Streams the audit trail a command was pointed at — `--postgres URL [--table]`, else
 * `--log-file` (else the policy file's `audit.jsonl.path`, else the default file) — to
 * `onRecord`, oldest first, without holding it in memory. The file's chain is verified while
 * reading; a break ends the reading and is returned as `problem`.
 *
 * @example
 * const read = await forEachAuditRecord(context, config, since, (record) => builder.add(record));
 */
export async function forEachAuditRecord(
  context: CommandContext,
  config: GuardConfigFile | undefined,
  since: Date | undefined,
  onRecord: (record: ChainedAuditRecord) => void,
): Promise<AuditRecordsRead> {
  const postgresUrl = context.given("postgres");
  if (postgresUrl !== undefined) {
    const table = context.text("table");
    await withPostgresPool(postgresUrl, async (pool) => {
      let afterSeq = 0;
      for (;;) {
        const page = await queryPostgresAudit(pool, {
          table,
          since,
          afterSeq,
          limit: postgresPageSize,
        });
        for (const record of page) onRecord(record);
        if (page.length < postgresPageSize) return;
        afterSeq = (page[page.length - 1] as ChainedAuditRecord).seq;
      }
    });
    return { source: `PostgreSQL table ${table}` };
  }
  const path = resolveAuditFile(context, config, "log-file").path;
  const cutoff = since?.getTime() ?? Number.NEGATIVE_INFINITY;
  const scan = await scanAuditFile(path, {
    onRecord: (record) => {
      if (Date.parse(record.timestamp) >= cutoff) onRecord(record);
    },
  }).catch((error: NodeJS.ErrnoException) => {
    if (typeof error.code !== "string") throw error;
    throw new CliUsageError(`cannot read audit file ${path}: ${describeFileError(error)}`);
  });
  if (scan.firstBreak !== undefined) {
    const { line, seq, reason } = scan.firstBreak;
    return {
      source: path,
      problem: `${path}:${line}: seq ${seq}: ${reason}; only the entries before it are counted (run 'connectorguard verify')`,
    };
  }
  if (scan.tornTail !== undefined) {
    return {
      source: path,
      problem: `${path}:${scan.tornTail.line}: the last line is incomplete (a write in progress, or a crash) and is not counted`,
    };
  }
  return { source: path };
}
