import type { PostgresPool } from "../../audit/postgres-pool.js";
import { readGuardConfigFile } from "../../config/read-guard-config-file.js";
import { AuditFileSource } from "../../ui/audit-file-source.js";
import { startAuditViewer } from "../../ui/audit-viewer-server.js";
import { PostgresViewerSource } from "../../ui/postgres-viewer-source.js";
import type { ViewerSource } from "../../ui/viewer-source.js";
import type { CliCommand } from "../cli-command.js";
import { CliUsageError } from "../cli-usage-error.js";
import { describeFileError } from "../describe-file-error.js";
import { resolveAuditFile } from "../load-cli-policy.js";
import { postgresOption, postgresTableOption, withPostgresPool } from "../postgres-connection.js";
import { configOption, logFileOption } from "../shared-options.js";

/**
 * `ui`: serves the audit viewer, a local page with the decisions over time, denials by check,
 * agents × connectors, filters, each entry's detail and the chain's state, updated as entries
 * arrive. Runs until interrupted.
 *
 * @example
 * // connectorguard ui --log-file audit.jsonl
 * // ConnectorGuard audit viewer: http://127.0.0.1:7700/ (1187 entries; Ctrl-C to stop)
 */
export const uiCommand: CliCommand = {
  name: "ui",
  summary: "Serve a local page to explore the audit trail.",
  details:
    "Indexes the audit file (verifying its chain) or the PostgreSQL table, prints the page's address and serves it until Ctrl-C. New entries appear as they are written. The page is built into the package and works offline.\nBy default it listens on 127.0.0.1 only; --host 0.0.0.0 exposes the audit trail to the network.",
  usage: "[--log-file PATH | --postgres URL [--table NAME]] [--port N] [--host ADDRESS]",
  options: {
    "log-file": logFileOption,
    config: configOption,
    port: {
      type: "string",
      value: "N",
      description: "Port to listen on (0: any free port).",
      default: "7700",
    },
    host: {
      type: "string",
      value: "ADDRESS",
      description: "Address to listen on.",
      default: "127.0.0.1",
    },
    postgres: postgresOption,
    table: postgresTableOption,
  },
  async run(context) {
    const portText = context.text("port");
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65_535) {
      throw new CliUsageError(`--port must be a number from 0 to 65535 (got '${portText}')`);
    }
    const host = context.text("host");
    const serve = async (source: ViewerSource): Promise<number> => {
      const viewer = await startAuditViewer({
        source,
        host,
        port,
        onError: (error) =>
          context.io.stderr.write(
            `connectorguard: ${context.style.warn("warning")}: reading ${source.name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
          ),
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "EADDRINUSE") {
          throw new CliUsageError(`--port ${port}: the port is in use (try another, or --port 0)`);
        }
        if (error.code === "ENOENT" || error.code === "EACCES" || error.code === "EISDIR") {
          throw new CliUsageError(
            `cannot read audit file ${source.name}: ${describeFileError(error)}`,
          );
        }
        throw error;
      });
      const chain = source.chain();
      const problem =
        chain.firstBreak === undefined
          ? ""
          : `; chain BROKEN at seq ${chain.firstBreak.seq}: ${chain.firstBreak.reason}`;
      context.io.stdout.write(
        `ConnectorGuard audit viewer: ${viewer.url} (${viewer.index.size} entries${problem}; Ctrl-C to stop)\n`,
      );
      await context.io.interrupted;
      await viewer.close();
      return 0;
    };
    const postgresUrl = context.given("postgres");
    if (postgresUrl !== undefined) {
      const table = context.text("table");
      return withPostgresPool(postgresUrl, (pool: PostgresPool) =>
        serve(new PostgresViewerSource(pool, table)),
      );
    }
    const configPath = context.given("config");
    const config = configPath === undefined ? undefined : await readGuardConfigFile(configPath);
    return serve(new AuditFileSource(resolveAuditFile(context, config, "log-file").path));
  },
};
