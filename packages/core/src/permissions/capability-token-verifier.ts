import type { JWTPayload, JWTVerifyGetKey } from "jose";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { hasLoneSurrogate } from "../support/well-formed-text.js";
import {
  describeTokenFailure,
  type RejectedCapabilityToken,
  rejectCapabilityToken,
} from "./capability-token-failure.js";
import {
  type CapabilityTokenKey,
  type CapabilityTokenOptions,
  type ResolvedCapabilityTokenOptions,
  resolveCapabilityTokenOptions,
} from "./capability-token-options.js";
import { PermissionSet } from "./permission-set.js";
import { permissionProblem } from "./permission-syntax.js";

/** A token that verified: who it names and what it holds, until when. */
export interface VerifiedCapabilityToken {
  readonly valid: true;
  /** The token's `sub`: the agent, whatever name the attempt gave. */
  readonly agent: string;
  /** The permissions listed in the token's permissions claim. */
  readonly permissions: PermissionSet;
  /** The token's `exp`, in epoch milliseconds. */
  readonly expiresAtMs: number;
}

/** The outcome of verifying one capability token. */
export type CapabilityTokenVerification = VerifiedCapabilityToken | RejectedCapabilityToken;

/** The longest token accepted, in characters; longer ones are refused before parsing. */
export const MAX_CAPABILITY_TOKEN_LENGTH = 8_192;

type Jose = typeof import("jose");
let joseModule: Promise<Jose> | undefined;
// Loaded on first use: a guard on static grants never pays for it.
function loadJose(): Promise<Jose> {
  joseModule ??= import("jose");
  return joseModule;
}

/**
 * Verifies capability tokens — JWTs whose `sub` is the agent and whose `scope` (or configured
 * claim) lists its permissions — with `jose`, checking signature, `exp` (required), `nbf`,
 * `iss` and `aud`. A verified token is cached until it expires, so a hot path verifies each
 * token once and answers later calls synchronously. Never throws or rejects: a bad token is a
 * {@link RejectedCapabilityToken} naming the cause.
 *
 * @example
 * const verifier = new CapabilityTokenVerifier({
 *   algorithms: ["HS256"],
 *   key: new TextEncoder().encode(process.env.TOKEN_SECRET),
 *   issuer: "auth.example.com",
 *   audience: "connectorguard",
 * });
 * const verification = await verifier.verify(token);
 * if (verification.valid) verification.permissions.covers("db:read");
 * else console.log(verification.reason); // e.g. "capability token rejected: expired at …"
 */
export class CapabilityTokenVerifier {
  /** Whether attempts without a token are denied. */
  readonly required: boolean;
  private readonly options: ResolvedCapabilityTokenOptions;
  private readonly cache = new Map<string, VerifiedCapabilityToken>();
  private readonly pending = new Map<string, Promise<CapabilityTokenVerification>>();
  private readonly toleranceMs: number;
  private keyResolver: CapabilityTokenKey | JWTVerifyGetKey | undefined;

  /** Throws `InvalidOptionError` for unsafe or incomplete options. */
  constructor(options: CapabilityTokenOptions) {
    this.options = resolveCapabilityTokenOptions(options);
    this.required = this.options.required;
    this.toleranceMs = this.options.clockToleranceSeconds * 1000;
  }

  /**
   * Verifies `token`: synchronously from the cache when it was verified before and has not
   * expired, else with a promise.
   */
  verify(token: unknown): CapabilityTokenVerification | Promise<CapabilityTokenVerification> {
    if (typeof token !== "string") {
      return rejectCapabilityToken("malformed", `token must be a string (got ${typeof token})`);
    }
    const cached = this.cache.get(token);
    if (cached !== undefined) {
      if (this.options.now() < cached.expiresAtMs + this.toleranceMs) return cached;
      this.cache.delete(token);
      return rejectCapabilityToken(
        "expired",
        `expired at ${new Date(cached.expiresAtMs).toISOString()}`,
      );
    }
    if (token.length === 0 || token.length > MAX_CAPABILITY_TOKEN_LENGTH) {
      return rejectCapabilityToken(
        "malformed",
        `malformed token (length ${token.length}; expected 1 to ${MAX_CAPABILITY_TOKEN_LENGTH})`,
      );
    }
    let verification = this.pending.get(token);
    if (verification === undefined) {
      // Concurrent first uses of one token share a single verification.
      verification = this.verifySignedToken(token).finally(() => this.pending.delete(token));
      this.pending.set(token, verification);
    }
    return verification;
  }

  /** Forgets every cached token (e.g. after rotating keys). */
  clearCache(): void {
    this.cache.clear();
  }

  /** How many verified tokens are cached. */
  get cachedTokens(): number {
    return this.cache.size;
  }

  private async verifySignedToken(token: string): Promise<CapabilityTokenVerification> {
    const options = this.options;
    try {
      const jose = await loadJose();
      this.keyResolver ??= options.keyIsSet
        ? jose.createLocalJWKSet(options.key as Parameters<Jose["createLocalJWKSet"]>[0])
        : (options.key as CapabilityTokenKey | JWTVerifyGetKey);
      const { payload } = await jose.jwtVerify(token, this.keyResolver as JWTVerifyGetKey, {
        algorithms: [...options.algorithms],
        issuer: [...options.issuer],
        audience: [...options.audience],
        clockTolerance: options.clockToleranceSeconds,
        currentDate: new Date(options.now()),
        requiredClaims: ["exp", "sub"],
      });
      return this.accept(token, payload);
    } catch (error) {
      return describeTokenFailure(error, options);
    }
  }

  private accept(token: string, payload: JWTPayload): CapabilityTokenVerification {
    const agent = payload.sub;
    if (typeof agent !== "string" || agent.trim() === "" || agent.length > 256) {
      return rejectCapabilityToken("invalid-claim", "invalid claim 'sub' (must name the agent)");
    }
    if (hasLoneSurrogate(agent) || /[\p{Cc}\p{Cf}]/u.test(agent)) {
      return rejectCapabilityToken("invalid-claim", "invalid claim 'sub' (control characters)");
    }
    const claim = this.options.permissionsClaim;
    const listed = Object.hasOwn(payload, claim) ? payload[claim] : undefined;
    const permissions =
      typeof listed === "string" ? listed.split(" ").filter((scope) => scope !== "") : listed;
    if (!Array.isArray(permissions)) {
      return rejectCapabilityToken(
        "missing-claim",
        `missing claim '${claim}' (a space-separated string or an array of permissions)`,
      );
    }
    for (const [index, permission] of permissions.entries()) {
      const problem = permissionProblem(permission, "grant", this.options);
      if (problem !== undefined) {
        return rejectCapabilityToken(
          "invalid-claim",
          `invalid claim '${claim}': entry ${index} ${problem}`,
        );
      }
    }
    const verified: VerifiedCapabilityToken = {
      valid: true,
      agent,
      permissions: new PermissionSet(permissions as string[], this.options),
      expiresAtMs: (payload.exp as number) * 1000,
    };
    this.remember(token, verified);
    return verified;
  }

  private remember(token: string, verified: VerifiedCapabilityToken): void {
    const limit = this.options.maxCachedTokens;
    if (limit === 0) return;
    if (this.cache.size >= limit) {
      // Map iteration follows insertion order: the oldest entry goes first.
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
    this.cache.set(token, verified);
  }
}

/**
 * A verifier from options, or the one given.
 *
 * @example
 * const verifier = toCapabilityTokenVerifier(config.capabilityTokens);
 */
export function toCapabilityTokenVerifier(
  value: CapabilityTokenOptions | CapabilityTokenVerifier,
): CapabilityTokenVerifier {
  if (value instanceof CapabilityTokenVerifier) return value;
  if (typeof value !== "object" || value === null) {
    throw new InvalidOptionError("capabilityTokens must be options or a CapabilityTokenVerifier");
  }
  return new CapabilityTokenVerifier(value);
}
