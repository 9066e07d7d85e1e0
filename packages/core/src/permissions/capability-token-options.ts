import type { CryptoKey, JSONWebKeySet, JWK, JWTVerifyGetKey, KeyObject } from "jose";
import { InvalidOptionError } from "../errors/invalid-option-error.js";

/** A key `jose` verifies with: a public key, or the shared secret of an HMAC algorithm. */
export type CapabilityTokenKey = CryptoKey | KeyObject | JWK | Uint8Array;

/**
 * How capability tokens (signed JWTs) are verified. The caller names the accepted algorithms
 * and the key(s); `issuer` and `audience` are required so a token minted for another service
 * is never accepted.
 *
 * @example
 * const options: CapabilityTokenOptions = {
 *   algorithms: ["ES256"],
 *   keys: { keys: [publicJwk] }, // a JWKS; tokens pick their key by `kid`
 *   issuer: "https://auth.example.com",
 *   audience: "connectorguard",
 * };
 */
export interface CapabilityTokenOptions {
  /**
   * The JWS algorithms accepted, e.g. `["RS256"]` or `["HS256"]`. `none` is refused, and so is
   * a list that mixes HMAC (`HS*`) with public-key algorithms (the algorithm-confusion attack).
   */
  readonly algorithms: readonly string[];
  /** One verification key (give `key` or `keys`, not both). */
  readonly key?: CapabilityTokenKey;
  /** A JSON Web Key Set, or a `jose` key resolver such as `createRemoteJWKSet(url)`. */
  readonly keys?: JSONWebKeySet | JWTVerifyGetKey;
  /** The accepted `iss` value(s). */
  readonly issuer: string | readonly string[];
  /** The accepted `aud` value(s). */
  readonly audience: string | readonly string[];
  /**
   * The claim listing the permissions held: a space-separated string (OAuth `scope`) or an
   * array of strings. Default `"scope"`.
   */
  readonly permissionsClaim?: string;
  /** Clock skew tolerated on `exp` and `nbf`, in seconds (default 5, at most 300). */
  readonly clockToleranceSeconds?: number;
  /**
   * When true (the default), an attempt without a token is denied; when false it falls back
   * to the static grants.
   */
  readonly required?: boolean;
  /** How many verified tokens are kept until they expire (default 10 000; 0 disables). */
  readonly maxCachedTokens?: number;
  /** Accept scopes made only of wildcards (`*`, `**`…). Refused by default. */
  readonly allowWildcardAll?: boolean;
  /** Wall-clock milliseconds since the epoch; defaults to `Date.now`. For tests. */
  readonly now?: () => number;
}

/** {@link CapabilityTokenOptions} checked, with defaults filled in. */
export interface ResolvedCapabilityTokenOptions {
  readonly algorithms: readonly string[];
  readonly key: CapabilityTokenKey | JSONWebKeySet | JWTVerifyGetKey;
  readonly keyIsSet: boolean;
  readonly issuer: readonly string[];
  readonly audience: readonly string[];
  readonly permissionsClaim: string;
  readonly clockToleranceSeconds: number;
  readonly required: boolean;
  readonly maxCachedTokens: number;
  readonly allowWildcardAll: boolean;
  readonly now: () => number;
}

/** The JWS algorithms a verifier may accept. */
export const SUPPORTED_TOKEN_ALGORITHMS: readonly string[] = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];

/** The shortest HMAC secret accepted, in bytes (256 bits). */
export const MIN_HMAC_SECRET_BYTES = 32;

/**
 * Checks capability-token options and fills in defaults; throws `InvalidOptionError` naming
 * the option at fault.
 *
 * @example
 * resolveCapabilityTokenOptions({ algorithms: ["none"], key, issuer: "i", audience: "a" });
 * // InvalidOptionError: capabilityTokens.algorithms must not include 'none' (unsigned tokens)
 */
export function resolveCapabilityTokenOptions(
  options: CapabilityTokenOptions,
): ResolvedCapabilityTokenOptions {
  if (typeof options !== "object" || options === null) {
    throw invalid("must be an object with algorithms, key or keys, issuer and audience");
  }
  const algorithms = checkAlgorithms(options.algorithms);
  const symmetric = algorithms.every((algorithm) => algorithm.startsWith("HS"));
  if ((options.key === undefined) === (options.keys === undefined)) {
    throw invalid("needs exactly one of key (one key) or keys (a JWKS or a key resolver)");
  }
  if (options.key !== undefined) checkKey(options.key, symmetric);
  else checkKeySet(options.keys, symmetric);
  const tolerance = options.clockToleranceSeconds ?? 5;
  if (typeof tolerance !== "number" || !(tolerance >= 0 && tolerance <= 300)) {
    throw invalid(`.clockToleranceSeconds must be a number from 0 to 300 (got ${tolerance})`);
  }
  const maxCachedTokens = options.maxCachedTokens ?? 10_000;
  if (!Number.isInteger(maxCachedTokens) || maxCachedTokens < 0) {
    throw invalid(`.maxCachedTokens must be an integer >= 0 (got ${maxCachedTokens})`);
  }
  const permissionsClaim = options.permissionsClaim ?? "scope";
  if (typeof permissionsClaim !== "string" || permissionsClaim.trim() === "") {
    throw invalid(".permissionsClaim must be a claim name");
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw invalid(".now must be a function returning epoch milliseconds");
  }
  return {
    algorithms,
    key: (options.key ?? options.keys) as ResolvedCapabilityTokenOptions["key"],
    keyIsSet: options.keys !== undefined && typeof options.keys === "object",
    issuer: requireNames(options.issuer, "issuer"),
    audience: requireNames(options.audience, "audience"),
    permissionsClaim,
    clockToleranceSeconds: tolerance,
    required: options.required ?? true,
    maxCachedTokens,
    allowWildcardAll: options.allowWildcardAll === true,
    now: options.now ?? Date.now,
  };
}

function checkAlgorithms(value: unknown): readonly string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid(".algorithms must be a non-empty array, e.g. ['RS256'] or ['HS256']");
  }
  for (const algorithm of value) {
    if (typeof algorithm === "string" && algorithm.toLowerCase() === "none") {
      throw invalid(".algorithms must not include 'none' (unsigned tokens)");
    }
    if (typeof algorithm !== "string" || !SUPPORTED_TOKEN_ALGORITHMS.includes(algorithm)) {
      throw invalid(
        `.algorithms: unsupported algorithm ${JSON.stringify(algorithm)} (supported: ${SUPPORTED_TOKEN_ALGORITHMS.join(", ")})`,
      );
    }
  }
  const hmac = value.filter((algorithm: string) => algorithm.startsWith("HS"));
  if (hmac.length > 0 && hmac.length < value.length) {
    throw invalid(
      ".algorithms mixes HMAC (HS*) and public-key algorithms; a public key must never double as an HMAC secret (algorithm confusion): use one family per verifier",
    );
  }
  return [...new Set(value as string[])];
}

function checkKey(key: unknown, symmetric: boolean): void {
  if (typeof key === "string") {
    throw invalid(
      ".key must not be a string: pass new TextEncoder().encode(secret) for HMAC, or import a PEM with jose's importSPKI",
    );
  }
  if (key instanceof Uint8Array) {
    if (!symmetric) throw invalid(".key is a shared secret but .algorithms are public-key ones");
    if (key.byteLength < MIN_HMAC_SECRET_BYTES) {
      throw invalid(
        `.key: an HMAC secret needs at least ${MIN_HMAC_SECRET_BYTES} bytes (got ${key.byteLength})`,
      );
    }
    return;
  }
  if (typeof key !== "object" || key === null) {
    throw invalid(".key must be a Uint8Array secret, a KeyObject, a CryptoKey or a JWK");
  }
  const { type, kty, d } = key as { type?: unknown; kty?: unknown; d?: unknown };
  const kind =
    type === "secret" || kty === "oct"
      ? "secret"
      : type === "private" || d !== undefined
        ? "private"
        : type === "public" || typeof kty === "string"
          ? "public"
          : undefined;
  if (kind === undefined) {
    throw invalid(".key must be a Uint8Array secret, a KeyObject, a CryptoKey or a JWK");
  }
  if (kind === "private") throw invalid(".key is a private key: verify with the public key");
  if ((kind === "secret") !== symmetric) {
    throw invalid(
      kind === "secret"
        ? ".key is a shared secret but .algorithms are public-key ones"
        : ".key is a public key but .algorithms are HMAC ones (algorithm confusion)",
    );
  }
}

function checkKeySet(keys: unknown, symmetric: boolean): void {
  if (typeof keys === "function") return;
  const list = (keys as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) {
    throw invalid(".keys must be a JSON Web Key Set ({ keys: [...] }) or a key resolver function");
  }
  for (const jwk of list) checkKey(jwk, symmetric);
}

function requireNames(value: unknown, option: "issuer" | "audience"): readonly string[] {
  const names = typeof value === "string" ? [value] : value;
  if (
    !Array.isArray(names) ||
    names.length === 0 ||
    names.some((name) => typeof name !== "string" || name.trim() === "")
  ) {
    throw invalid(`.${option} is required: a non-empty string or array of strings`);
  }
  return names as string[];
}

function invalid(problem: string): InvalidOptionError {
  return new InvalidOptionError(`capabilityTokens${problem.startsWith(".") ? "" : " "}${problem}`);
}
