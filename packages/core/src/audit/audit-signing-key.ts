import { createHash, createPrivateKey, createPublicKey, KeyObject } from "node:crypto";
import { InvalidOptionError } from "../errors/invalid-option-error.js";

/** An Ed25519 key as a `KeyObject`, or as PEM text (a string or its bytes). */
export type AuditKeyInput = KeyObject | string | Uint8Array;

const generateHint =
  "make one with `openssl genpkey -algorithm ed25519 -out audit-signing.pem` and give its public half (`openssl pkey -in audit-signing.pem -pubout`) to verifiers";

/**
 * Reads the private key that signs audit checkpoints: an Ed25519 private key, as a
 * `KeyObject` or PEM (PKCS#8). Throws `InvalidOptionError` saying what was given instead
 * (a public key, another algorithm, text that is not a key).
 *
 * @example
 * const key = auditSigningKey(readFileSync("audit-signing.pem", "utf8"));
 */
export function auditSigningKey(input: AuditKeyInput): KeyObject {
  const key = toKeyObject(input, "private");
  if (key.type !== "private") {
    throw new InvalidOptionError(
      `the audit signing key must be an Ed25519 private key, not a ${key.type} key (${generateHint})`,
    );
  }
  requireEd25519(key, "signing");
  return key;
}

/**
 * Reads a key that verifies audit checkpoints: an Ed25519 public key, as a `KeyObject` or PEM
 * (SPKI). A private key is refused, so that it is never handed to a verifier by mistake.
 *
 * @example
 * const key = auditVerificationKey(readFileSync("audit-signing.pub.pem", "utf8"));
 */
export function auditVerificationKey(input: AuditKeyInput): KeyObject {
  const key = toKeyObject(input, "public");
  if (key.type !== "public") {
    throw new InvalidOptionError(
      "the audit verification key must be an Ed25519 public key, not a private key: give verifiers the public half only (`openssl pkey -in audit-signing.pem -pubout`)",
    );
  }
  requireEd25519(key, "verification");
  return key;
}

/**
 * Names a key in the checkpoints it signs: the SHA-256 (hex) of its public key (SPKI DER), so
 * a verifier holding several keys knows which one to try.
 *
 * @example
 * auditKeyId(privateKey) === auditKeyId(createPublicKey(privateKey)); // true
 */
export function auditKeyId(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return createHash("sha256")
    .update(publicKey.export({ type: "spki", format: "der" }))
    .digest("hex");
}

function toKeyObject(input: AuditKeyInput, kind: "private" | "public"): KeyObject {
  if (input instanceof KeyObject) return input;
  if (typeof input !== "string" && !(input instanceof Uint8Array)) {
    throw new InvalidOptionError(
      `the audit ${kind === "private" ? "signing" : "verification"} key must be a KeyObject or PEM text (got ${input === null ? "null" : typeof input})`,
    );
  }
  const pem = typeof input === "string" ? input : Buffer.from(input).toString("utf8");
  try {
    // createPublicKey also accepts a private key (and derives its public half): try the
    // private reader first, so that a private key given as a public one is recognised.
    return pem.includes("PRIVATE KEY") ? createPrivateKey(pem) : createPublicKey(pem);
  } catch (error) {
    throw new InvalidOptionError(
      `the audit ${kind === "private" ? "signing" : "verification"} key is not a PEM key (${(error as Error).message}); ${generateHint}`,
    );
  }
}

function requireEd25519(key: KeyObject, role: string): void {
  if (key.asymmetricKeyType !== "ed25519") {
    throw new InvalidOptionError(
      `the audit ${role} key must be an Ed25519 key, not ${key.asymmetricKeyType ?? "a secret key"} (${generateHint})`,
    );
  }
}
