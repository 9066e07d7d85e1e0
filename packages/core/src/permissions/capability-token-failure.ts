/** Why a capability token was refused, as a stable, machine-readable cause. */
export type CapabilityTokenFailureCause =
  | "required"
  | "malformed"
  | "algorithm-not-allowed"
  | "unknown-key"
  | "bad-signature"
  | "expired"
  | "not-yet-valid"
  | "wrong-audience"
  | "wrong-issuer"
  | "missing-claim"
  | "invalid-claim"
  | "key-unavailable";

/** A refused token: the cause, and a reason that names it for a person or a model. */
export interface RejectedCapabilityToken {
  readonly valid: false;
  readonly cause: CapabilityTokenFailureCause;
  /** e.g. `capability token rejected: expired at 2026-01-01T00:00:00.000Z`. */
  readonly reason: string;
}

/** What the verifier expected, to name it in a reason (never the token's own values). */
export interface ExpectedClaims {
  readonly algorithms: readonly string[];
  readonly issuer: readonly string[];
  readonly audience: readonly string[];
}

/**
 * A refusal with its cause and reason.
 *
 * @example
 * rejectCapabilityToken("expired", "expired at 2026-01-01T00:00:00.000Z").reason;
 * // "capability token rejected: expired at 2026-01-01T00:00:00.000Z"
 */
export function rejectCapabilityToken(
  cause: CapabilityTokenFailureCause,
  detail: string,
): RejectedCapabilityToken {
  return { valid: false, cause, reason: `capability token rejected: ${detail}` };
}

/**
 * Turns what `jose` threw into a refusal that names the cause. The reason quotes what the
 * verifier expected, never values read from the (unauthenticated) token.
 *
 * @example
 * describeTokenFailure(new errors.JWTExpired("…", payload), expected).cause; // "expired"
 */
export function describeTokenFailure(
  error: unknown,
  expected: ExpectedClaims,
): RejectedCapabilityToken {
  const { code, claim, reason, payload } = (error ?? {}) as {
    code?: unknown;
    claim?: unknown;
    reason?: unknown;
    payload?: { exp?: unknown; nbf?: unknown };
  };
  switch (code) {
    case "ERR_JWT_EXPIRED":
      return rejectCapabilityToken("expired", `expired${at(payload?.exp)}`);
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return claimFailure(String(claim), String(reason), payload, expected);
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return rejectCapabilityToken("bad-signature", "bad signature");
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return rejectCapabilityToken(
        "algorithm-not-allowed",
        `algorithm not allowed (accepted: ${expected.algorithms.join(", ")})`,
      );
    case "ERR_JWKS_NO_MATCHING_KEY":
      return rejectCapabilityToken("unknown-key", "unknown key (no configured key matches)");
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return rejectCapabilityToken("unknown-key", "ambiguous key (several configured keys match)");
    case "ERR_JWKS_TIMEOUT":
      return rejectCapabilityToken("key-unavailable", "verification keys could not be fetched");
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
      return rejectCapabilityToken("malformed", "malformed token");
  }
  // jose signals a key that does not fit the token's algorithm with a TypeError.
  if (error instanceof TypeError) {
    return rejectCapabilityToken(
      "algorithm-not-allowed",
      "the configured key does not fit the token's algorithm",
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return rejectCapabilityToken("key-unavailable", `verification failed: ${message.slice(0, 200)}`);
}

function claimFailure(
  claim: string,
  reason: string,
  payload: { nbf?: unknown } | undefined,
  expected: ExpectedClaims,
): RejectedCapabilityToken {
  if (reason === "missing")
    return rejectCapabilityToken("missing-claim", `missing claim '${claim}'`);
  switch (claim) {
    case "nbf":
      return rejectCapabilityToken("not-yet-valid", `not yet valid${until(payload?.nbf)}`);
    case "aud":
      return rejectCapabilityToken(
        "wrong-audience",
        `wrong audience (expected ${expected.audience.map(quote).join(" or ")})`,
      );
    case "iss":
      return rejectCapabilityToken(
        "wrong-issuer",
        `wrong issuer (expected ${expected.issuer.map(quote).join(" or ")})`,
      );
    default:
      return rejectCapabilityToken("invalid-claim", `invalid claim '${claim}'`);
  }
}

function at(seconds: unknown): string {
  const date = isoDate(seconds);
  return date === undefined ? "" : ` at ${date}`;
}

function until(seconds: unknown): string {
  const date = isoDate(seconds);
  return date === undefined ? "" : ` until ${date}`;
}

/** A claim's NumericDate as ISO 8601, or undefined when it is not a representable date. */
function isoDate(seconds: unknown): string | undefined {
  if (typeof seconds !== "number" || !(Math.abs(seconds) < 8.64e12)) return undefined;
  return new Date(seconds * 1000).toISOString();
}

function quote(text: string): string {
  return `'${text}'`;
}
