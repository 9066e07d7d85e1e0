import { SUPPORTED_TOKEN_ALGORITHMS } from "../permissions/capability-token-options.js";

/**
 * The keys of `capabilityTokens` that say where the verification key comes from; a policy file
 * gives exactly one. HMAC secrets come only from the environment (`secretEnv`), never inline.
 */
export const CAPABILITY_TOKEN_KEY_SOURCES = [
  "publicKey",
  "publicKeyFile",
  "jwk",
  "jwks",
  "jwksFile",
  "secretEnv",
] as const;

/** One of {@link CAPABILITY_TOKEN_KEY_SOURCES}. */
export type CapabilityTokenKeySourceField = (typeof CAPABILITY_TOKEN_KEY_SOURCES)[number];

/** How the value of the `secretEnv` variable is turned into the secret's bytes. */
export const SECRET_ENCODINGS = ["utf8", "base64", "base64url", "hex"] as const;

/** One of {@link SECRET_ENCODINGS}. */
export type SecretEncoding = (typeof SECRET_ENCODINGS)[number];

const text = { type: "string", minLength: 1, pattern: "\\S" } as const;
const oneOrMoreNames = {
  type: ["string", "array"],
  minLength: 1,
  pattern: "\\S",
  minItems: 1,
  items: text,
} as const;
const jsonWebKey = { type: "object", required: ["kty"], properties: { kty: text } } as const;

/**
 * `capabilityTokens`: how signed JWTs carried by attempts are verified — the accepted
 * algorithms, the issuer and audience, and one key source (see
 * {@link CAPABILITY_TOKEN_KEY_SOURCES}).
 */
export const capabilityTokensSection = {
  type: "object",
  required: ["algorithms", "issuer", "audience"],
  additionalProperties: false,
  properties: {
    algorithms: {
      type: "array",
      minItems: 1,
      items: { enum: [...SUPPORTED_TOKEN_ALGORITHMS] },
    },
    issuer: oneOrMoreNames,
    audience: oneOrMoreNames,
    publicKey: text,
    publicKeyFile: text,
    jwk: jsonWebKey,
    jwks: {
      type: "object",
      required: ["keys"],
      properties: { keys: { type: "array", minItems: 1, items: jsonWebKey } },
    },
    jwksFile: text,
    secretEnv: text,
    secretEncoding: { enum: [...SECRET_ENCODINGS] },
    permissionsClaim: text,
    clockToleranceSeconds: { type: "number", minimum: 0, maximum: 300 },
    required: { type: "boolean" },
    maxCachedTokens: { type: "integer", minimum: 0 },
    allowWildcardAll: { type: "boolean" },
  },
} as const;
