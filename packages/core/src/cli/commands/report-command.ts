import { AuditReportBuilder } from "../../report/audit-report.js";
import {
  formatAuditReportMarkdown,
  formatAuditReportText,
} from "../../report/format-audit-report.js";
import type { CliCommand } from "../cli-command.js";
import { forEachAuditRecord } from "../for-each-audit-record.js";
import { loadCliPolicy } from "../load-cli-policy.js";
import { parseDuration } from "../parse-duration.js";
import { postgresOption, postgresTableOption } from "../postgres-connection.js";
import { configOption, logFileOption, registryFileOption } from "../shared-options.js";

/**
 * `report`: what the guard decided over a period — allowed, denied, and what shadow mode would
 * have denied — by check, connector and agent with example reasons, the top offenders and each
 * connector's rate-limit headroom. Streams the audit trail, so a log of millions of entries
 * takes little memory. Exit code 1 when the chain breaks (the report covers what came before).
 *
 * @example
 * // connectorguard report --since 24h --config connectorguard.config.yaml --output markdown
 * // ## ConnectorGuard shadow report: `.connectorguard_audit.jsonl`
 * // | decided | allowed | denied | would deny (shadow) |
 */
export const reportCommand: CliCommand = {
  name: "report",
  summary: "Summarize decisions: what was denied, and what shadow mode would deny.",
  details:
    "Counts the period's decisions by check, connector and agent, with example reasons, the agents and connectors denied most, and each connector's busiest rate-limit window against its limit (the limit is known when --config or the registry file defines the connector).\nThe markdown output pastes into the pull request that switches a connector to enforce. Exit code 1 when the audit file's chain is broken (the report covers the entries before the break).",
  usage:
    "[--since 24h] [--output text|json|markdown] [--log-file PATH | --postgres URL [--table NAME]] [--config PATH] [--registry-file PATH]",
  options: {
    since: {
      type: "string",
      value: "WINDOW",
      description:
        "Only decisions in this window: a number followed by s, m, h or d (default: the whole log).",
    },
    output: {
      type: "string",
      value: "FORMAT",
      description: "Output format.",
      default: "text",
      choices: ["text", "json", "markdown"],
    },
    "log-file": logFileOption,
    config: configOption,
    "registry-file": registryFileOption,
    postgres: postgresOption,
    table: postgresTableOption,
  },
  async run(context) {
    const period = context.given("since");
    const since =
      period === undefined ? undefined : new Date(Date.now() - parseDuration(period, "--since"));
    const policy = await loadCliPolicy(context, { requireConnectors: false });
    const builder = new AuditReportBuilder({
      since,
      rateLimits: new Map(
        policy.connectors.map((connector) => [connector.name, connector.rateLimit]),
      ),
      windowSeconds: policy.config?.rateLimitWindowSeconds,
    });
    const read = await forEachAuditRecord(context, policy.config, since, (record) =>
      builder.add(record),
    );
    const report = builder.build();
    const source = { name: read.source, period, problem: read.problem };
    const output = context.text("output");
    if (output === "json") {
      context.io.stdout.write(
        `${JSON.stringify({ source: read.source, period, problem: read.problem, ...report }, null, 2)}\n`,
      );
    } else if (output === "markdown") {
      context.io.stdout.write(formatAuditReportMarkdown(report, source));
    } else {
      context.io.stdout.write(formatAuditReportText(report, source));
    }
    if (read.problem !== undefined) {
      context.io.stderr.write(`connectorguard: ${context.style.deny("error")}: ${read.problem}\n`);
      return 1;
    }
    return 0;
  },
};
