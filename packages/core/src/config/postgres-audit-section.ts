import { auditSigningSection } from "./audit-signing-section.js";
import { connectionUrlProperties } from "./connection-url-section.js";

/**
 * `audit.postgres`: a hash-chained audit trail in PostgreSQL shared by every process — the
 * server's URL (or `urlEnv`) and the options of `PostgresAuditSink`.
 */
export const postgresAuditSection = {
  type: "object",
  additionalProperties: false,
  properties: {
    ...connectionUrlProperties,
    table: { type: "string", minLength: 1 },
    createTable: { type: "boolean" },
    batchSize: { type: "integer", minimum: 1 },
    maxBufferedEntries: { type: "integer", minimum: 1 },
    onBufferFull: { enum: ["deny", "block"] },
    signing: auditSigningSection,
  },
} as const;
