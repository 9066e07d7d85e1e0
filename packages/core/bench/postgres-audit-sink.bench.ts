import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import type { AuditEntry } from "../dist/index.js";
import {
  createPostgresAuditTable,
  PostgresAuditSink,
  postgresAuditTable,
} from "../src/postgres.js";
import { note, report, throughput } from "./harness.js";

const databaseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const entriesPerRound = 5_000;
const batchSize = 500;
const columns =
  "seq, entry_id, recorded_at, connector_name, source_agent, allowed, check_name, outcome_status, prev_hash, hash, record";

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

/** The same row the sink writes, without the chain (no hash, no head lock). */
function unchainedRow(seq: number, item: AuditEntry): unknown[] {
  const attempt = item.connectionAttempt;
  return [
    seq,
    randomUUID(),
    item.timestamp,
    attempt.connectorName,
    attempt.sourceAgent,
    item.result.allowed,
    null,
    null,
    "",
    "",
    JSON.stringify(item),
  ];
}

/**
 * Audit entries per second into PostgreSQL, all into tables of the sink's shape (same columns,
 * same indexes): `PostgresAuditSink` (hash-chained, batched) against one INSERT per entry and
 * against batched INSERTs without the chain.
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
    await createPostgresAuditTable(pool, postgresAuditTable(plainTable));
    let seq = 0;

    const oneByOne = await throughput(
      "one INSERT per entry (no chain)",
      500,
      async () => {
        for (let index = 0; index < 500; index++) {
          await pool.query(
            `INSERT INTO "${plainTable}" (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            unchainedRow(++seq, entry(index)),
          );
        }
      },
      3,
    );

    const batchedPlain = await throughput(
      `batched INSERT of ${batchSize} rows (no chain)`,
      entriesPerRound,
      async () => {
        for (let start = 0; start < entriesPerRound; start += batchSize) {
          const rows = Array.from({ length: batchSize }, (_, offset) =>
            unchainedRow(++seq, entry(start + offset)),
          );
          await pool.query(
            `INSERT INTO "${plainTable}" (${columns})
             SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])`,
            Array.from({ length: 11 }, (_, column) => rows.map((row) => row[column])),
          );
        }
      },
      3,
    );

    const sink = new PostgresAuditSink({ pool, table: sinkTable, batchSize });
    const chained = await throughput(
      `PostgresAuditSink (hash chain, batches of ${batchSize})`,
      entriesPerRound,
      async () => {
        for (let index = 0; index < entriesPerRound; index++) sink.append(entry(index));
        await sink.flush();
      },
      3,
    );
    await sink.close();

    report("PostgreSQL audit: entries written per second (tables of the same shape)", [
      { measurement: oneByOne },
      { measurement: batchedPlain, baseline: oneByOne, ratioOf: "rate" },
      { measurement: chained, baseline: oneByOne, ratioOf: "rate", target: "batched: >> 1 (rate)" },
      { measurement: chained, baseline: batchedPlain, ratioOf: "rate", target: "the chain's cost" },
    ]);
  } finally {
    for (const table of [plainTable, sinkTable]) {
      await pool.query(`DROP TABLE IF EXISTS "${table}", "${table}_head"`);
    }
    await pool.end();
  }
}
