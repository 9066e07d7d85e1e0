import type { PipelineCheck } from "./pipeline-check.js";

/** What the check asks of the audit trail: room for the call's entry, or why there is none. */
export interface AuditAvailability {
  /** Holds room for one entry (an object), or says why it cannot (a string). */
  reserve?(): object | string;
  unavailableReason?(): string | undefined;
}

/**
 * Runs before the pipeline's own checks: holds room for the call's entry in the audit sink
 * (`AuditSink.reserve`), or denies a call the sink says it cannot record (a full buffer under
 * a "deny" policy), so the call takes no rate-limit slot. Enforced in
 * shadow mode too: a call that leaves no record is never let through.
 *
 * @example
 * const checks = [auditAvailabilityCheck(sink), ...validator.checks];
 */
export function auditAvailabilityCheck(sink: AuditAvailability): PipelineCheck {
  return {
    name: "audit",
    run(context) {
      // Held in the same synchronous step as the check, so concurrent calls cannot all see
      // the last free slot.
      const held = sink.reserve?.();
      if (typeof held === "object") {
        context.auditReservation = held;
        return undefined;
      }
      const reason = held ?? sink.unavailableReason?.();
      return reason === undefined ? undefined : { check: "audit", reason, alwaysEnforced: true };
    },
  };
}
