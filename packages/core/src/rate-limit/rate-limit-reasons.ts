import { reasonText } from "../support/reason-text.js";

/**
 * The reason of a rate-limit denial, with when a retry would be admitted.
 *
 * @example
 * rateLimitExceededReason("openai-chat", 30, 60, 12_400);
 * // "rate limit exceeded for connector 'openai-chat' (limit: 30 req/60s); retry in 12.4s"
 */
export function rateLimitExceededReason(
  connectorName: string,
  limit: number,
  windowSeconds: number,
  retryAfterMs: number,
): string {
  const retryInSeconds = (retryAfterMs / 1000).toFixed(1);
  return `rate limit exceeded for connector '${reasonText(connectorName)}' (limit: ${limit} req/${windowSeconds}s); retry in ${retryInSeconds}s`;
}

/**
 * What a failed rate-limit store did, for the reason of the decision it could not make.
 *
 * @example
 * storeUnavailableReason(new Error("connect ECONNREFUSED")); // "rate-limit store unavailable: connect ECONNREFUSED"
 */
export function storeUnavailableReason(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return `rate-limit store unavailable: ${reasonText(detail, 200)}`;
}
