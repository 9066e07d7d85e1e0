import type { PipelineCheck } from "./pipeline-check.js";

/** What the check asks of the audit trail: the reason it cannot record a call, if any. */
export interface AuditAvailability {
  unavailableReason?(): string | undefined;
}

/**
 * Runs before the pipeline's own checks: denies a call the audit sink says it cannot record
 * (see `AuditSink.unavailableReason`), so the call takes no rate-limit slot. Enforced in
 * shadow mode too: a call that leaves no record is never let through.
 *
 * @example
 * const checks = [auditAvailabilityCheck(sink), ...validator.checks];
 */
export function auditAvailabilityCheck(sink: AuditAvailability): PipelineCheck {
  return {
    name: "audit",
    run() {
      const reason = sink.unavailableReason?.();
      return reason === undefined ? undefined : { check: "audit", reason, alwaysEnforced: true };
    },
  };
}
