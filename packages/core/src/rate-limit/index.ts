export { checkRateLimit, sharedRateLimiter } from "./check-rate-limit.js";
export { type Clock, ManualClock, monotonicClock } from "./clock.js";
export type { RateLimitDecision, RateLimitStore } from "./rate-limit-store.js";
export {
  SlidingWindowRateLimiter,
  type SlidingWindowRateLimiterOptions,
} from "./sliding-window-rate-limiter.js";
