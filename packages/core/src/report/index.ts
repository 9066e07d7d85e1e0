export {
  type AuditReport,
  AuditReportBuilder,
  type AuditReportGroup,
  type AuditReportOffender,
  type AuditReportOptions,
  type OutcomeCounts,
  type RateLimitHeadroom,
} from "./audit-report.js";
export {
  DECISION_OUTCOMES,
  type DecisionOutcome,
  decisionCheck,
  decisionOutcome,
  decisionReason,
} from "./decision-outcome.js";
export {
  type AuditReportSource,
  formatAuditReportMarkdown,
  formatAuditReportText,
} from "./format-audit-report.js";
export { WindowPeak } from "./window-peak.js";
