import { isPromiseLike } from "../support/is-promise-like.js";
import type { AuditEntry } from "./audit-entry.js";
import type { AuditReservation, AuditSink } from "./audit-sink.js";

/**
 * One sink that writes every entry to each of `sinks`, in order. A failure of one sink does
 * not keep the entry from the others; it is reported once they have all been tried.
 *
 * @example
 * const audit = combineAuditSinks([new AuditLog(), fileSink]);
 */
export function combineAuditSinks(sinks: readonly AuditSink[]): AuditSink {
  if (sinks.length === 1) return sinks[0] as AuditSink;
  const gated = sinks.filter((sink) => typeof sink.unavailableReason === "function");
  const reserving = sinks.some((sink) => typeof sink.reserve === "function");
  return {
    // Only present when a sink has them, so the interceptor's hot path skips them otherwise.
    ...(gated.length > 0 && {
      unavailableReason(): string | undefined {
        for (const sink of gated) {
          const reason = sink.unavailableReason?.();
          if (reason !== undefined) return reason;
        }
        return undefined;
      },
    }),
    ...(reserving && {
      reserve(): AuditReservation | string {
        return reserveEach(sinks);
      },
    }),
    append(entry: AuditEntry): void | Promise<void> {
      return appendToEach(sinks, entry);
    },
    async flush(): Promise<void> {
      reportFailures(await settleAll(sinks.map((sink) => sink.flush())));
    },
    async close(): Promise<void> {
      reportFailures(await settleAll(sinks.map((sink) => sink.close())));
    },
  };
}

/** Room in every sink that holds room, or the first refusal (and nothing held). */
function reserveEach(sinks: readonly AuditSink[]): AuditReservation | string {
  const targets: Pick<AuditSink, "append">[] = [];
  const held: AuditReservation[] = [];
  for (const sink of sinks) {
    const reserved = sink.reserve?.() ?? sink.unavailableReason?.();
    if (typeof reserved === "string") {
      for (const reservation of held) reservation.release();
      return reserved;
    }
    if (reserved === undefined) {
      targets.push(sink);
    } else {
      held.push(reserved);
      targets.push(reserved);
    }
  }
  return {
    append: (entry) => appendToEach(targets, entry),
    release: () => {
      for (const reservation of held) reservation.release();
    },
  };
}

function appendToEach(
  targets: readonly Pick<AuditSink, "append">[],
  entry: AuditEntry,
): void | Promise<void> {
  const failures: unknown[] = [];
  const pending: PromiseLike<void>[] = [];
  for (const target of targets) {
    try {
      const written = target.append(entry);
      if (isPromiseLike(written)) pending.push(written);
    } catch (error) {
      failures.push(error);
    }
  }
  if (pending.length === 0) return reportFailures(failures);
  return Promise.allSettled(pending).then((settled) => {
    for (const outcome of settled) if (outcome.status === "rejected") failures.push(outcome.reason);
    reportFailures(failures);
  });
}

async function settleAll(tasks: Promise<void>[]): Promise<unknown[]> {
  const settled = await Promise.allSettled(tasks);
  return settled.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason] : []));
}

function reportFailures(failures: unknown[]): void {
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1)
    throw new AggregateError(failures, `${failures.length} audit sinks failed`);
}
