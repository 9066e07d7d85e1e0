/**
 * `@aumai/connectorguard/testing`: what an application's own tests (and the adapters') need:
 * a clock to move by hand, the conformance suites every `RateLimitStore` and `AuditSink` must
 * pass (they run on vitest, an optional peer), and a throwaway capability-token issuer.
 */
export { type Clock, ManualClock } from "./rate-limit/clock.js";
export { capabilityTokenIssuer } from "./testing/capability-token-issuer.js";
export { type AuditSinkHarness, describeAuditSink } from "./testing/describe-audit-sink.js";
export {
  describeRateLimitStore,
  type RateLimitStoreHarness,
} from "./testing/describe-rate-limit-store.js";
