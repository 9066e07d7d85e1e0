import { SlidingWindowRateLimiter } from "./sliding-window-rate-limiter.js";

/** The limiter behind the module-level {@link checkRateLimit}, shared by the whole process. */
export const sharedRateLimiter = new SlidingWindowRateLimiter();

/**
 * `checkRateLimit` on one limiter shared by the whole process, for scripts that do not want
 * to hold a limiter of their own.
 *
 * @example
 * if (!checkRateLimit("my-connector", 60, 10)) throw new Error("slow down");
 */
export function checkRateLimit(key: string, windowSeconds: number, maxRequests: number): boolean {
  return sharedRateLimiter.checkRateLimit(key, windowSeconds, maxRequests);
}
