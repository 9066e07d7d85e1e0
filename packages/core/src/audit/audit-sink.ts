import type { AuditEntry } from "./audit-entry.js";

/**
 * Room a sink holds for the record of one call, from the moment the call is admitted until
 * its entry is appended: concurrent calls cannot all see room that only one of them will get.
 * Use it exactly once — `append` the call's entry, or `release` it unused.
 *
 * @example
 * const held = sink.reserve?.();
 * if (typeof held === "string") return deny(held);
 * // … decide, run …
 * await (held ?? sink).append(entry);
 */
export interface AuditReservation {
  /** Appends the call's entry into the room held for it. */
  append(entry: AuditEntry): void | Promise<void>;
  /** Gives the room back without appending (the call is recorded some other way, or not at all). */
  release(): void;
}

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
  /**
   * Optional; when present, asked instead of `unavailableReason`, in the same place. Atomically
   * checks for room and holds it: a reason when there is none (the call is denied with check
   * `"audit"`), else an {@link AuditReservation} the call's entry must be appended through.
   */
  reserve?(): AuditReservation | string;
}
