import { createPublicKey, type KeyObject } from "node:crypto";
import type { JSONWebKeySet, JWK } from "jose";
import { describeType } from "../support/describe-type.js";
import { isPlainRecord } from "../support/is-plain-record.js";

/** Key material as a policy file gives it: PEM text, or a parsed JWK / JWKS. */
export type VerificationKeyMaterial =
  | { readonly format: "pem"; readonly text: string }
  | { readonly format: "json"; readonly value: unknown };

/** A public verification key, or a set of them: what `CapabilityTokenOptions` takes. */
export type VerificationKey =
  | { readonly key: KeyObject | JWK; readonly keys?: undefined }
  | { readonly keys: JSONWebKeySet; readonly key?: undefined };

/**
 * Reports a problem with the material; `at` is the path inside it (e.g. `["keys", 1]`). A
 * problem reads as a predicate of the material ("is a private key…"), so a caller can put the
 * material's name in front of it.
 */
export type KeyMaterialFailure = (problem: string, at?: readonly (string | number)[]) => never;

type KeyFamily = "RSA" | "EC" | "OKP";

const familyOfKeyType: Readonly<Record<string, KeyFamily>> = {
  rsa: "RSA",
  "rsa-pss": "RSA",
  ec: "EC",
  ed25519: "OKP",
  ed448: "OKP",
};

/**
 * Turns public key material from a policy file into the key(s) a capability-token verifier
 * uses: one PEM public key (SPKI, PKCS#1 or an X.509 certificate) or one JWK becomes `key`, a
 * JWKS becomes `keys`. Refuses what must never verify tokens from a file: private keys, shared
 * secrets (`kty: "oct"` — HMAC secrets come from the environment) and keys that none of
 * `algorithms` can use. Problems go to `fail`, which throws.
 *
 * @example
 * const { key } = parseVerificationKey({ format: "pem", text: pem }, ["ES256"], (problem) => {
 *   throw new Error(problem);
 * });
 */
export function parseVerificationKey(
  material: VerificationKeyMaterial,
  algorithms: readonly string[],
  fail: KeyMaterialFailure,
): VerificationKey {
  if (material.format === "pem") return { key: publicKeyFromPem(material.text, algorithms, fail) };
  const value = material.value;
  if (isPlainRecord(value) && value.keys !== undefined) {
    if (!Array.isArray(value.keys) || value.keys.length === 0) {
      fail("must be a non-empty array of JWKs", ["keys"]);
    }
    const keys = value.keys as unknown[];
    const families = keys.map((jwk, index) => checkJsonWebKey(jwk, fail, ["keys", index]));
    if (!families.some((family) => fitsAny(family, algorithms))) {
      fail(
        `holds no key that the accepted algorithms (${algorithms.join(", ")}) can use: its keys are ${[...new Set(families)].join(", ")}`,
      );
    }
    return { keys: value as unknown as JSONWebKeySet };
  }
  if (isPlainRecord(value) && value.kty !== undefined) {
    const family = checkJsonWebKey(value, fail, []);
    checkFits(family, algorithms, fail);
    return { key: value as JWK };
  }
  return fail(
    `must be a JWK (an object with kty) or a JWKS ({ "keys": [...] }) (got ${describeType(value)})`,
  );
}

function publicKeyFromPem(
  text: string,
  algorithms: readonly string[],
  fail: KeyMaterialFailure,
): KeyObject {
  const labels = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((match) => match[1]);
  if (labels.length === 0) {
    fail(
      text.trimStart().startsWith("{")
        ? "holds JSON, not PEM: give a JWK or JWKS with jwk, jwks or jwksFile"
        : "is not PEM: expected a '-----BEGIN PUBLIC KEY-----' block",
    );
  }
  if (labels.length > 1) {
    fail(`holds ${labels.length} PEM blocks; give one public key (a JWKS holds several)`);
  }
  if (labels[0]?.includes("PRIVATE")) {
    fail("is a private key: give the public key, and keep the private key out of the policy");
  }
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(`could not be read as a public key (${detail})`);
  }
  const family = familyOfKeyType[key.asymmetricKeyType ?? ""];
  if (family === undefined) {
    fail(`is ${article(key.asymmetricKeyType ?? "unknown")} key, which no JWS algorithm uses`);
  }
  checkFits(family as KeyFamily, algorithms, fail);
  return key;
}

function checkJsonWebKey(
  jwk: unknown,
  fail: KeyMaterialFailure,
  at: readonly (string | number)[],
): KeyFamily {
  if (!isPlainRecord(jwk)) fail(`must be a JWK object (got ${describeType(jwk)})`, at);
  const { kty, d } = jwk as { kty?: unknown; d?: unknown };
  if (kty === "oct") {
    fail(
      'is a shared secret (kty "oct"): HMAC secrets never go in a policy file; put the secret in an environment variable and name it with secretEnv',
      at,
    );
  }
  if (d !== undefined) {
    fail("is a private key (it has 'd'): give the public key only", at);
  }
  if (kty !== "RSA" && kty !== "EC" && kty !== "OKP") {
    fail(`has kty ${JSON.stringify(kty)}; a public key is "RSA", "EC" or "OKP"`, at);
  }
  return kty as KeyFamily;
}

function checkFits(family: KeyFamily, algorithms: readonly string[], fail: KeyMaterialFailure) {
  if (!fitsAny(family, algorithms)) {
    fail(
      `is ${article(family)} key, which cannot verify ${algorithms.join(", ")} tokens (it verifies ${familyAlgorithms(family)})`,
    );
  }
}

function fitsAny(family: KeyFamily, algorithms: readonly string[]): boolean {
  return algorithms.some((algorithm) => familyOfAlgorithm(algorithm) === family);
}

function familyOfAlgorithm(algorithm: string): KeyFamily | undefined {
  if (algorithm.startsWith("RS") || algorithm.startsWith("PS")) return "RSA";
  if (algorithm.startsWith("ES")) return "EC";
  if (algorithm === "EdDSA" || algorithm === "Ed25519") return "OKP";
  return undefined;
}

function familyAlgorithms(family: KeyFamily): string {
  switch (family) {
    case "RSA":
      return "RS256, RS384, RS512, PS256, PS384 or PS512";
    case "EC":
      return "ES256, ES384 or ES512";
    case "OKP":
      return "EdDSA or Ed25519";
  }
}

function article(noun: string): string {
  return `${/^[aeiouAEIOU]|^RSA/.test(noun) ? "an" : "a"} ${noun}`;
}
