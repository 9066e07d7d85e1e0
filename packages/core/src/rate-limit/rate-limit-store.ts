/**
 * The outcome of one rate-limit decision. A decision is a value: being over the limit is not
 * an error.
 */
export interface RateLimitDecision {
  /** Whether this request was admitted (and counted). */
  readonly allowed: boolean;
  /** Requests in the window after this decision. */
  readonly count: number;
  /** The limit the decision was made against. */
  readonly limit: number;
  /** When denied, milliseconds until a request would be admitted; 0 when allowed. */
  readonly retryAfterMs: number;
}

/**
 * Where the pipeline keeps rate-limit state. `consume` decides and records in one atomic
 * step: no two concurrent calls may both take the last slot. The in-process
 * `SlidingWindowRateLimiter` answers synchronously; a networked store (Redis) returns a
 * promise. A store that cannot decide rejects, and the guard applies its failure policy.
 *
 * @example
 * const store: RateLimitStore = new SlidingWindowRateLimiter();
 * const decision = await store.consume("openai-chat:agent-1", 60, 30);
 */
export interface RateLimitStore {
  /**
   * Admits and counts one request for `key` if fewer than `limit` were admitted in the last
   * `windowSeconds`; otherwise denies it without counting it.
   */
  consume(
    key: string,
    windowSeconds: number,
    limit: number,
  ): RateLimitDecision | Promise<RateLimitDecision>;
  /**
   * Releases what the store itself owns (a connection it opened). Called by `guard.close()`.
   * A store given a client by its caller leaves that client open: its owner closes it.
   */
  close?(): Promise<void>;
}
