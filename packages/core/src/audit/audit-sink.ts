import type { AuditEntry } from "./audit-entry.js";

/**
 * Where the guard writes every decision. `append` may answer synchronously (an in-memory log)
 * or return a promise (a file or a database); `flush` waits until everything appended so far
 * is stored; `close` flushes and releases the sink.
 *
 * @example
 * const consoleSink: AuditSink = {
 *   append: (entry) => console.log(entry.connectionAttempt.connectorName, entry.result.reason),
 *   flush: async () => {},
 *   close: async () => {},
 * };
 */
export interface AuditSink {
  append(entry: AuditEntry): void | Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
  /**
   * Optional. Asked before each call: a reason when the sink cannot take the call's record
   * (a full buffer under a "deny" policy), which denies the call with check `"audit"`;
   * `undefined` to go ahead.
   */
  unavailableReason?(): string | undefined;
}
