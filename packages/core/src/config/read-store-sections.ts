import type { AuditBufferFullPolicy } from "../audit/postgres-audit-sink-options.js";
import { postgresAuditTable } from "../audit/postgres-audit-table.js";
import type { ConfigErrorLocation } from "../errors/config-error.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { AuditSigningFileSection } from "./audit-signing-section.js";
import { type ConnectionUrlSource, readConnectionUrl } from "./read-connection-url.js";

type Path = readonly (string | number)[];

/** `rateLimitStore.redis`, checked; the URL's variable is read and the client built at load time. */
export interface RedisStoreFileSection {
  readonly url: ConnectionUrlSource;
  readonly keyPrefix?: string;
  readonly timeoutMs?: number;
}

/** `audit.postgres`, checked; the URL's variable is read and the pool built at load time. */
export interface PostgresAuditFileSection {
  readonly url: ConnectionUrlSource;
  readonly table?: string;
  readonly createTable?: boolean;
  readonly batchSize?: number;
  readonly maxBufferedEntries?: number;
  readonly onBufferFull?: AuditBufferFullPolicy;
  /** Checked by `readGuardConfigFile`; the key is read at load time. */
  readonly signing?: AuditSigningFileSection;
}

/** A schema-valid section that holds a connection URL, as written in the file. */
type WrittenSection<Section> = Omit<Section, "url" | "signing"> & {
  url?: string;
  urlEnv?: string;
  signing?: Record<string, unknown>;
};

/** The sections {@link readStoreSections} checks, as written in a schema-valid file. */
export interface WrittenStoreSections {
  readonly rateLimitStore?: { readonly redis: WrittenSection<RedisStoreFileSection> };
  readonly audit?: { readonly postgres?: WrittenSection<PostgresAuditFileSection> };
}

interface SectionReader {
  readonly fail: (path: Path, problem: string) => never;
  readonly locate: (path: Path) => ConfigErrorLocation;
}

const redis = { name: "Redis", protocols: ["redis:", "rediss:"] } as const;
const postgres = { name: "PostgreSQL", protocols: ["postgres:", "postgresql:"] } as const;

/**
 * Checks the sections that connect to a service — `rateLimitStore.redis` and `audit.postgres`
 * — beyond their JSON Schema: one URL source each (see `readConnectionUrl`) and a usable
 * table name. Nothing is connected and no environment variable is read here.
 *
 * @example
 * readStoreSections({ rateLimitStore: { redis: { urlEnv: "REDIS_URL" } } }, reader).redis?.url;
 * // { kind: "environment", name: "REDIS_URL", … }
 */
export function readStoreSections(
  document: WrittenStoreSections,
  reader: SectionReader,
): { redis?: RedisStoreFileSection; postgres?: PostgresAuditFileSection } {
  const sections: { redis?: RedisStoreFileSection; postgres?: PostgresAuditFileSection } = {};
  const redisSection = document.rateLimitStore?.redis;
  if (redisSection !== undefined) {
    const { url: _url, urlEnv: _urlEnv, ...options } = redisSection;
    const path = ["rateLimitStore", "redis"];
    sections.redis = { ...options, url: readConnectionUrl(redisSection, path, redis, reader) };
  }
  const postgresSection = document.audit?.postgres;
  if (postgresSection !== undefined) {
    const { url: _url, urlEnv: _urlEnv, signing: _signing, ...options } = postgresSection;
    const path = ["audit", "postgres"];
    if (options.table !== undefined) checkTable(options.table, [...path, "table"], reader);
    sections.postgres = {
      ...options,
      url: readConnectionUrl(postgresSection, path, postgres, reader),
    };
  }
  return sections;
}

function checkTable(table: string, path: Path, reader: SectionReader): void {
  try {
    postgresAuditTable(table);
  } catch (error) {
    if (!InvalidOptionError.isInstance(error)) throw error;
    reader.fail(path, error.message.replace(/^table /, ""));
  }
}
