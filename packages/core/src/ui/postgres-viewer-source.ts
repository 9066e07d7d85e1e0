import type { ChainedAuditRecord } from "../audit/hash-chain.js";
import { EMPTY_CHAIN_HEAD } from "../audit/hash-chain.js";
import { queryPostgresAudit } from "../audit/postgres-audit-query.js";
import { verifyPostgresAuditLog } from "../audit/postgres-audit-verification.js";
import type { PostgresPool } from "../audit/postgres-pool.js";
import type { AuditIndex } from "./audit-index.js";
import type { ChainState } from "./chain-state.js";
import type { ViewerSource } from "./viewer-source.js";

const pageSize = 5_000;

/**
 * The viewer's PostgreSQL source: indexes the table in pages of 5 000 rows, then only rows with
 * a higher `seq`. The chain (every row's link and hash, and the head row) is verified when the
 * viewer starts and again on demand: a full pass over the table is too much to repeat on
 * every new row.
 *
 * @example
 * const source = new PostgresViewerSource(pool, "connectorguard_audit");
 * await source.verifyAgain(index);
 */
export class PostgresViewerSource implements ViewerSource {
  readonly name: string;
  private readonly pool: PostgresPool;
  private readonly table: string;
  private state: ChainState = {
    verified: 0,
    head: EMPTY_CHAIN_HEAD,
    checkedAt: new Date().toISOString(),
    coverage: "on demand",
  };
  private verifiedOnce = false;

  constructor(pool: PostgresPool, table: string) {
    this.pool = pool;
    this.table = table;
    this.name = `PostgreSQL table ${table}`;
  }

  async refresh(index: AuditIndex): Promise<boolean> {
    if (!this.verifiedOnce) {
      await this.verifyAgain(index);
      return true;
    }
    let changed = false;
    for (;;) {
      const page = await queryPostgresAudit(this.pool, {
        table: this.table,
        afterSeq: index.lastSeq,
        limit: pageSize,
      });
      for (const record of page) index.add(record);
      changed ||= page.length > 0;
      if (page.length < pageSize) return changed;
    }
  }

  async verifyAgain(index: AuditIndex): Promise<void> {
    const verification = await verifyPostgresAuditLog(this.pool, { table: this.table });
    this.verifiedOnce = true;
    this.state = {
      verified: verification.recordCount,
      head: verification.head,
      ...(verification.firstBreak === undefined ? {} : { firstBreak: verification.firstBreak }),
      checkedAt: new Date().toISOString(),
      coverage: "on demand",
    };
    index.clear();
    await this.refresh(index);
  }

  chain(): ChainState {
    return this.state;
  }

  async record(_index: AuditIndex, seq: number): Promise<ChainedAuditRecord | undefined> {
    const [record] = await queryPostgresAudit(this.pool, {
      table: this.table,
      afterSeq: seq - 1,
      limit: 1,
    });
    return record?.seq === seq ? record : undefined;
  }

  async close(): Promise<void> {}
}
