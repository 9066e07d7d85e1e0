import type { ChainedAuditRecord } from "../../audit/hash-chain.js";
import { queryPostgresAudit } from "../../audit/postgres-audit-query.js";
import { scanAuditFile } from "../../audit/scan-audit-file.js";
import { readGuardConfigFile } from "../../config/read-guard-config-file.js";
import type { CliCommand, CommandContext } from "../cli-command.js";
import { CliUsageError } from "../cli-usage-error.js";
import { describeFileError } from "../describe-file-error.js";
import { resolveAuditFile } from "../load-cli-policy.js";
import { parseDuration } from "../parse-duration.js";
import { postgresOption, postgresTableOption, withPostgresPool } from "../postgres-connection.js";
import { configOption, logFileOption, outputOption, sameOptionAs } from "../shared-options.js";
import type { TerminalStyle } from "../terminal-style.js";

/**
 * `audit`: shows recent entries of the JSONL audit file, filtered by time, agent, connector
 * or denial. The chain is verified while reading; a break is reported (exit code 1) after
 * the entries before it.
 *
 * @example
 * // connectorguard audit --since 30m --denied
 * // 2026-11-24T12:00:03.120Z  #7  DENY   db-write  agent=agent-1  agent 'agent-1' is missing required permissions: db:write
 */
export const auditCommand: CliCommand = {
  name: "audit",
  summary: "Show recent entries of the audit file.",
  details:
    "Entries are shown oldest first. The hash chain is verified while reading: a break is reported after the entries before it, with exit code 1.",
  usage:
    "[--since 30m|2h|3600s] [--output text|json] [--log-file PATH | --postgres URL [--table NAME]] [--agent ID] [--connector NAME] [--denied]",
  options: {
    since: {
      type: "string",
      value: "WINDOW",
      description: "Time window: a number followed by s, m, h or d, e.g. 30m, 2h, 3600s.",
      default: "1h",
    },
    output: outputOption,
    "log-file": logFileOption,
    "audit-file": sameOptionAs("log-file"),
    config: configOption,
    agent: { type: "string", value: "ID", description: "Only entries of this agent." },
    connector: { type: "string", value: "NAME", description: "Only entries for this connector." },
    denied: { type: "boolean", description: "Only denied attempts." },
    postgres: postgresOption,
    table: postgresTableOption,
  },
  async run(context) {
    const windowMs = parseDuration(context.text("since"), "--since");
    const postgresUrl = context.given("postgres");
    if (postgresUrl !== undefined) return auditFromPostgres(context, postgresUrl, windowMs);
    const configPath = context.given("config");
    const config = configPath === undefined ? undefined : await readGuardConfigFile(configPath);
    const path = resolveAuditFile(context, config, "log-file").path;
    const cutoff = Date.now() - windowMs;
    const agent = context.given("agent");
    const connector = context.given("connector");
    const deniedOnly = context.values.denied === true;
    const shown: ChainedAuditRecord[] = [];
    const scan = await scanAuditFile(path, {
      onRecord: (record) => {
        if (Date.parse(record.timestamp) < cutoff) return;
        if (agent !== undefined && record.connectionAttempt.sourceAgent !== agent) return;
        if (connector !== undefined && record.connectionAttempt.connectorName !== connector) return;
        if (deniedOnly && record.result.allowed) return;
        shown.push(record);
      },
    }).catch((error: NodeJS.ErrnoException) => {
      if (typeof error.code !== "string") throw error;
      throw new CliUsageError(`cannot read audit file ${path}: ${describeFileError(error)}`);
    });

    printRecords(context, shown, path);
    if (scan.tornTail !== undefined) {
      context.io.stderr.write(
        `connectorguard: ${context.style.warn("warning")}: ${path}:${scan.tornTail.line}: the last line is incomplete (a write in progress, or a crash) and is not shown\n`,
      );
    }
    const chainBreak = scan.firstBreak;
    if (chainBreak !== undefined) {
      context.io.stderr.write(
        `connectorguard: ${context.style.deny("error")}: ${path}:${chainBreak.line}: seq ${chainBreak.seq}: ${chainBreak.reason}; only the entries before it are shown (run 'connectorguard verify')\n`,
      );
      return 1;
    }
    return 0;
  },
};

/** The same listing from a PostgreSQL audit table (`--postgres`); filters run in the database. */
async function auditFromPostgres(
  context: CommandContext,
  url: string,
  windowMs: number,
): Promise<number> {
  const table = context.text("table");
  const records = await withPostgresPool(url, (pool) =>
    queryPostgresAudit(pool, {
      table,
      since: new Date(Date.now() - windowMs),
      agent: context.given("agent"),
      connector: context.given("connector"),
      outcome: context.values.denied === true ? "denied" : undefined,
      limit: 100_000,
    }),
  );
  printRecords(context, records, `PostgreSQL table ${table}`);
  return 0;
}

function printRecords(
  context: CommandContext,
  shown: readonly ChainedAuditRecord[],
  source: string,
): void {
  if (context.text("output") === "json") {
    context.io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return;
  }
  const widths = columnWidths(shown);
  for (const record of shown) {
    context.io.stdout.write(`${formatRecord(record, context.style, widths)}\n`);
  }
  const denied = shown.filter((record) => !record.result.allowed).length;
  context.io.stdout.write(
    `${shown.length} entr${shown.length === 1 ? "y" : "ies"} in the last ${context.text("since")} (${shown.length - denied} allowed, ${denied} denied) from ${source}\n`,
  );
}

interface ColumnWidths {
  readonly seq: number;
  readonly connector: number;
  readonly agent: number;
}

/** The widest value of each column among the records shown, so that the columns line up. */
function columnWidths(records: readonly ChainedAuditRecord[]): ColumnWidths {
  const widest = (values: readonly string[]) => Math.max(0, ...values.map((value) => value.length));
  return {
    seq: widest(records.map((record) => String(record.seq))),
    connector: widest(records.map((record) => record.connectionAttempt.connectorName)),
    agent: widest(records.map((record) => record.connectionAttempt.sourceAgent)),
  };
}

function formatRecord(
  record: ChainedAuditRecord,
  style: TerminalStyle,
  widths: ColumnWidths,
): string {
  const attempt = record.connectionAttempt;
  const decision = record.result.allowed ? style.allow("ALLOW") : style.deny("DENY ");
  const outcome =
    record.outcome === undefined
      ? ""
      : `  [${record.outcome.status} ${record.outcome.durationMs.toFixed(1)} ms${record.outcome.error === undefined ? "" : `: ${record.outcome.error}`}]`;
  const seq = `#${record.seq}`.padEnd(widths.seq + 1);
  const connector = attempt.connectorName.padEnd(widths.connector);
  const agent = `agent=${attempt.sourceAgent}`.padEnd(widths.agent + "agent=".length);
  return `${style.dim(record.timestamp)}  ${seq}  ${decision}  ${connector}  ${agent}  ${record.result.reason}${outcome}`;
}
