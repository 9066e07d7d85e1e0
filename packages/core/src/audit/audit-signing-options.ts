import type { KeyObject } from "node:crypto";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { type AuditKeyInput, auditKeyId, auditSigningKey } from "./audit-signing-key.js";

/**
 * How an audit sink signs checkpoints of its chain: with which Ed25519 private key, and how
 * often. A checkpoint is signed once `everyEntries` entries are stored since the last one, or
 * `everySeconds` after it if any entry is waiting, and when the sink closes.
 */
export interface AuditSigningOptions {
  /** An Ed25519 private key: a `KeyObject`, or PEM (PKCS#8) text. */
  readonly privateKey: AuditKeyInput;
  /** Default 1 000. */
  readonly everyEntries?: number;
  /** Default 60. */
  readonly everySeconds?: number;
}

/** {@link AuditSigningOptions} checked, the key read, defaults filled in. */
export interface AuditSigningSettings {
  readonly privateKey: KeyObject;
  readonly keyId: string;
  readonly everyEntries: number;
  readonly everySeconds: number;
}

/**
 * Checks signing options, naming the first bad one, and reads the key.
 *
 * @example
 * resolveAuditSigningOptions({ privateKey: pem }).everyEntries; // 1000
 */
export function resolveAuditSigningOptions(options: AuditSigningOptions): AuditSigningSettings {
  if (typeof options !== "object" || options === null || options.privateKey === undefined) {
    throw new InvalidOptionError("signing needs { privateKey }: an Ed25519 private key");
  }
  const privateKey = auditSigningKey(options.privateKey);
  const everyEntries = options.everyEntries ?? 1_000;
  if (!Number.isInteger(everyEntries) || everyEntries < 1) {
    throw new InvalidOptionError(
      `signing.everyEntries must be an integer >= 1 (got ${options.everyEntries})`,
    );
  }
  const everySeconds = options.everySeconds ?? 60;
  if (typeof everySeconds !== "number" || !(everySeconds > 0) || everySeconds > 86_400) {
    throw new InvalidOptionError(
      `signing.everySeconds must be a number > 0 and at most 86400 (got ${options.everySeconds})`,
    );
  }
  return { privateKey, keyId: auditKeyId(privateKey), everyEntries, everySeconds };
}
