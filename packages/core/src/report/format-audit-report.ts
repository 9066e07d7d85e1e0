import type { AuditReport, AuditReportGroup, RateLimitHeadroom } from "./audit-report.js";

/** Where the report's decisions came from and how far the chain verified, for its header. */
export interface AuditReportSource {
  /** e.g. `audit.jsonl` or `PostgreSQL table connectorguard_audit`. */
  readonly name: string;
  /** The period asked for, as given (e.g. `24h`), when one was. */
  readonly period?: string;
  /** A problem with the chain found while reading (the report covers what came before it). */
  readonly problem?: string;
}

/**
 * The report as plain text for a terminal: totals, then by check, connector and agent, the top
 * offenders and the rate-limit headroom.
 *
 * @example
 * process.stdout.write(formatAuditReportText(report, { name: "audit.jsonl", period: "24h" }));
 */
export function formatAuditReportText(report: AuditReport, source: AuditReportSource): string {
  const { totals } = report;
  const lines = [
    `Shadow report: ${source.name}${periodText(report, source)}`,
    `${totals.decided} decided: ${totals.allowed} allowed, ${totals.denied} denied, ${totals.wouldDeny} would be denied in enforce mode`,
  ];
  if (source.problem !== undefined) lines.push(`WARNING: ${source.problem}`);
  const section = (title: string, groups: readonly AuditReportGroup[]) => {
    if (groups.length === 0) return;
    lines.push("", `${title}:`);
    for (const group of groups) {
      lines.push(
        `  ${group.name}: ${group.decided} decided, ${group.allowed} allowed, ${group.denied} denied, ${group.wouldDeny} would deny`,
      );
      for (const example of group.examples) lines.push(`      e.g. ${example}`);
    }
  };
  section("By check", report.byCheck);
  section("By connector", report.byConnector);
  section("By agent", report.byAgent);
  if (report.topOffenders.length > 0) {
    lines.push("", "Top offenders (agent -> connector):");
    for (const offender of report.topOffenders) {
      lines.push(
        `  ${offender.agent} -> ${offender.connector}: ${offender.denied} denied, ${offender.wouldDeny} would deny, mostly ${offender.check}: ${offender.example}`,
      );
    }
  }
  if (report.rateLimits.length > 0) {
    lines.push("", "Rate-limit headroom (busiest window of one agent):");
    for (const row of report.rateLimits) lines.push(`  ${row.connector}: ${headroomText(row)}`);
  }
  if (report.foldedNames) lines.push("", "Names beyond the tracked maximum are under '(other)'.");
  return `${lines.join("\n")}\n`;
}

/**
 * The report as Markdown, to paste into the pull request that switches a connector to enforce:
 * a summary table, the would-deny and denial reasons by check, connector and agent, the top
 * offenders and the rate-limit headroom.
 *
 * @example
 * await writeFile("shadow-report.md", formatAuditReportMarkdown(report, { name: "audit.jsonl" }));
 */
export function formatAuditReportMarkdown(report: AuditReport, source: AuditReportSource): string {
  const { totals } = report;
  const lines = [
    `## ConnectorGuard shadow report: \`${escapeCell(source.name)}\``,
    "",
    `Period: ${periodText(report, source).replace(/^ — /, "") || "the whole log"}`,
    "",
  ];
  if (source.problem !== undefined) lines.push(`> **Warning:** ${escapeCell(source.problem)}`, "");
  lines.push(
    "| decided | allowed | denied | would deny (shadow) |",
    "| ---: | ---: | ---: | ---: |",
    `| ${totals.decided} | ${totals.allowed} | ${totals.denied} | ${totals.wouldDeny} |`,
  );
  const section = (title: string, label: string, groups: readonly AuditReportGroup[]) => {
    if (groups.length === 0) return;
    lines.push(
      "",
      `### ${title}`,
      "",
      `| ${label} | decided | allowed | denied | would deny | example reasons |`,
      "| --- | ---: | ---: | ---: | ---: | --- |",
    );
    for (const group of groups) {
      const examples = group.examples.map((example) => escapeCell(example)).join("<br>");
      lines.push(
        `| \`${escapeCell(group.name)}\` | ${group.decided} | ${group.allowed} | ${group.denied} | ${group.wouldDeny} | ${examples} |`,
      );
    }
  };
  section("By check", "check", report.byCheck);
  section("By connector", "connector", report.byConnector);
  section("By agent", "agent", report.byAgent);
  if (report.topOffenders.length > 0) {
    lines.push(
      "",
      "### Top offenders",
      "",
      "| agent | connector | denied | would deny | check | example |",
      "| --- | --- | ---: | ---: | --- | --- |",
    );
    for (const offender of report.topOffenders) {
      lines.push(
        `| \`${escapeCell(offender.agent)}\` | \`${escapeCell(offender.connector)}\` | ${offender.denied} | ${offender.wouldDeny} | ${offender.check} | ${escapeCell(offender.example)} |`,
      );
    }
  }
  if (report.rateLimits.length > 0) {
    lines.push(
      "",
      "### Rate-limit headroom",
      "",
      "| connector | limit / window | peak (one agent, any window) | headroom | rate-limited |",
      "| --- | ---: | ---: | ---: | ---: |",
    );
    for (const row of report.rateLimits) {
      const limit = row.limit === undefined ? "unknown" : `${row.limit} / ${row.windowSeconds}s`;
      const headroom =
        row.headroom === undefined ? "unknown" : `${row.headroom} (peak ${row.peakPercent}%)`;
      lines.push(
        `| \`${escapeCell(row.connector)}\` | ${limit} | ${row.peak} (\`${escapeCell(row.peakAgent)}\`) | ${headroom} | ${row.rateLimited} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function periodText(report: AuditReport, source: AuditReportSource): string {
  if (report.first === undefined) {
    return source.period === undefined
      ? " — no decisions"
      : ` — last ${source.period}: no decisions`;
  }
  const range = `${report.first} to ${report.last}`;
  return source.period === undefined ? ` — ${range}` : ` — last ${source.period} (${range})`;
}

function headroomText(row: RateLimitHeadroom): string {
  const peak = `peak ${row.peak} in ${row.windowSeconds}s (${row.peakAgent}${row.peakAt === undefined ? "" : ` at ${row.peakAt}`})`;
  const limited = row.rateLimited === 0 ? "" : `; ${row.rateLimited} rate-limited`;
  if (row.limit === undefined) return `${peak}, limit unknown (pass --config)${limited}`;
  return `${peak} of limit ${row.limit}: headroom ${row.headroom} (${row.peakPercent}% used)${limited}`;
}

/** Keeps a table cell one cell: no pipes, no line breaks. */
function escapeCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
