import { ManualClock, SlidingWindowRateLimiter } from "../src/index.js";
import { describeRateLimitStore } from "./rate-limit-store-conformance.js";

describeRateLimitStore("SlidingWindowRateLimiter (in process, manual clock)", async () => {
  const clock = new ManualClock(1_000);
  return {
    store: new SlidingWindowRateLimiter({ clock: clock.now }),
    windowSeconds: 60,
    elapse: async (ms) => clock.advance(ms),
  };
});
