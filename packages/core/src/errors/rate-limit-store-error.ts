import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown (as a rejection) by a networked rate-limit store that cannot decide: the server is
 * unreachable, did not answer within the timeout, or its script failed. The guard turns it
 * into a denial whose reason starts with `rate-limit store unavailable:` (or, with
 * `onStoreError: "allow"`, an allow that says so).
 *
 * @example
 * // RateLimitStoreError: Redis did not answer within 250 ms
 * await store.consume("4:chat:agent-1", 60, 30).catch((error) => RateLimitStoreError.isInstance(error));
 */
export class RateLimitStoreError extends ConnectorGuardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.rateLimitStoreUnavailable, message, options);
  }

  static override isInstance(value: unknown): value is RateLimitStoreError {
    return hasErrorCode(value, ErrorCodes.rateLimitStoreUnavailable);
  }
}
