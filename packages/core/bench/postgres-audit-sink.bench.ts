import { randomBytes } from "node:crypto";
import pg from "pg";
import type { AuditEntry } from "../dist/index.js";
import { PostgresAuditSink } from "../dist/postgres.js";
import { note, report, throughput } from "./harness.js";

const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const entriesPerRound = 5_000;

function entry(index: number): AuditEntry {
  const timestamp = new Date();
  return {
    connectionAttempt: {
      connectorName: "openai-chat",
      sourceAgent: `agent-${index % 8}`,
      inputData: { prompt: "Summarize this document.", temperature: 0.2, index },
      timestamp,
    },
    result: { allowed: true, reason: "all checks passed", latencyMs: 0.004 },
    timestamp,
  };
}

/**
 * Audit entries per second into PostgreSQL: `PostgresAuditSink` (hash-chained, batched)
 * against one plain INSERT per entry and against a batched INSERT without the chain.
 */
export default async function postgresAuditSinkBenchmarks(): Promise<void> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 4,
    connectionTimeoutMillis: 2_000,
  });
  pool.on("error", () => {});
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    note(
      `PostgreSQL audit sink: SKIPPED, no PostgreSQL at ${databaseUrl} (${(error as Error).message})`,
    );
    await pool.end();
    return;
  }
  const suffix = randomBytes(4).toString("hex");
  const plainTable = `cg_bench_plain_${suffix}`;
  const sinkTable = `cg_bench_sink_${suffix}`;
  try {
    await pool.query(
      `CREATE TABLE "${plainTable}" (id bigserial PRIMARY KEY, recorded_at timestamptz, connector_name text, source_agent text, allowed boolean, record jsonb)`,
    );
    const plainRow = (item: AuditEntry) => [
      item.timestamp,
      item.connectionAttempt.connectorName,
      item.connectionAttempt.sourceAgent,
      item.result.allowed,
      JSON.stringify(item),
    ];

    const oneByOne = await throughput(
      "one INSERT per entry (no chain)",
      500,
      async () => {
        for (let index = 0; index < 500; index++) {
          await pool.query(
            `INSERT INTO "${plainTable}" (recorded_at, connector_name, source_agent, allowed, record) VALUES ($1, $2, $3, $4, $5)`,
            plainRow(entry(index)),
          );
        }
      },
      3,
    );

    const batchedPlain = await throughput(
      "batched INSERT of 500 rows (no chain)",
      entriesPerRound,
      async () => {
        for (let start = 0; start < entriesPerRound; start += 500) {
          const rows = Array.from({ length: 500 }, (_, offset) => plainRow(entry(start + offset)));
          await pool.query(
            `INSERT INTO "${plainTable}" (recorded_at, connector_name, source_agent, allowed, record)
           SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::boolean[], $5::jsonb[])`,
            [0, 1, 2, 3, 4].map((column) => rows.map((row) => row[column])),
          );
        }
      },
      3,
    );

    const sink = new PostgresAuditSink({ pool, table: sinkTable, batchSize: 500 });
    const chained = await throughput(
      "PostgresAuditSink (hash chain, batches of 500)",
      entriesPerRound,
      async () => {
        for (let index = 0; index < entriesPerRound; index++) sink.append(entry(index));
        await sink.flush();
      },
      3,
    );
    await sink.close();

    report("PostgreSQL audit: entries written per second", [
      { measurement: oneByOne },
      { measurement: batchedPlain, baseline: oneByOne, ratioOf: "rate" },
      { measurement: chained, baseline: oneByOne, ratioOf: "rate", target: "batched: >> 1 (rate)" },
      {
        measurement: chained,
        baseline: batchedPlain,
        ratioOf: "rate",
        target: "cost of the chain",
      },
    ]);
  } finally {
    await pool.query(`DROP TABLE IF EXISTS "${plainTable}", "${sinkTable}", "${sinkTable}_head"`);
    await pool.end();
  }
}
