import { InvalidOptionError } from "../errors/invalid-option-error.js";

/** The table the PostgreSQL audit store uses when none is named. */
export const DEFAULT_POSTGRES_AUDIT_TABLE = "connectorguard_audit";

/** The quoted SQL names of one audit table and its companions. */
export interface PostgresAuditTable {
  /** The name as given, e.g. `audit.connectorguard_audit`. */
  readonly name: string;
  /** The audit table, quoted (and schema-qualified when given so). */
  readonly records: string;
  /** The one-row table holding the chain's head, quoted. */
  readonly head: string;
  /** The table of signed checkpoints (`<name>_checkpoints`), quoted. */
  readonly checkpoints: string;
  /** Index names (unqualified: PostgreSQL puts an index in its table's schema). */
  readonly indexes: { readonly time: string; readonly agent: string; readonly connector: string };
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
// Leaves room for the longest suffix ("_connector_idx") within PostgreSQL's 63-byte names.
const maxTableNameLength = 48;

/**
 * Checks a table name (`table` or `schema.table`) and derives every SQL name the store uses.
 * Names are restricted to letters, digits and underscores, so they are safe to quote.
 *
 * @example
 * postgresAuditTable("audit.decisions").head; // '"audit"."decisions_head"'
 */
export function postgresAuditTable(
  name: string = DEFAULT_POSTGRES_AUDIT_TABLE,
): PostgresAuditTable {
  if (typeof name !== "string") {
    throw new InvalidOptionError(`table must be a string (got ${typeof name})`);
  }
  const parts = name.split(".");
  const table = parts.at(-1) as string;
  if (
    parts.length > 2 ||
    !parts.every((part) => identifier.test(part) && part.length <= 63) ||
    table.length > maxTableNameLength
  ) {
    throw new InvalidOptionError(
      `table must be "name" or "schema.name" made of letters, digits and underscores, not starting with a digit, the name at most ${maxTableNameLength} characters (got ${JSON.stringify(name)})`,
    );
  }
  const schema = parts.length === 2 ? `"${parts[0]}".` : "";
  return {
    name,
    records: `${schema}"${table}"`,
    head: `${schema}"${table}_head"`,
    checkpoints: `${schema}"${table}_checkpoints"`,
    indexes: {
      time: `"${table}_recorded_at_idx"`,
      agent: `"${table}_agent_idx"`,
      connector: `"${table}_connector_idx"`,
    },
  };
}
