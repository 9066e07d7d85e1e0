import { resolve } from "node:path";
import type { ConfigErrorLocation } from "../errors/config-error.js";

const text = { type: "string", minLength: 1, pattern: "\\S" } as const;

/**
 * `audit.jsonl.signing` and `audit.postgres.signing`: the Ed25519 private key that signs
 * checkpoints (from a PEM file or an environment variable holding the PEM, never inline) and
 * how often.
 */
export const auditSigningSection = {
  type: "object",
  additionalProperties: false,
  properties: {
    privateKeyFile: text,
    privateKeyEnv: text,
    everyEntries: { type: "integer", minimum: 1 },
    everySeconds: { type: "number", exclusiveMinimum: 0, maximum: 86_400 },
  },
} as const;

/** A checked `signing` section; its key is read by `loadAuditSigningOptions`. */
export interface AuditSigningFileSection {
  readonly key:
    | { readonly kind: "file"; readonly path: string }
    | { readonly kind: "environment"; readonly name: string };
  readonly everyEntries?: number;
  readonly everySeconds?: number;
  /** Where the key source is written, for the problems found when it is loaded. */
  readonly keyLocation: ConfigErrorLocation;
}

type Path = readonly (string | number)[];

const environmentName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a schema-valid `signing` section at `path`: exactly one key source, an environment
 * variable's name (not a key). A key file is resolved against the policy file's folder.
 *
 * @example
 * readAuditSigningSection({ privateKeyFile: "keys/audit.pem" }, ["audit", "jsonl", "signing"], reader);
 * // { key: { kind: "file", path: "/srv/agent/keys/audit.pem" }, keyLocation: … }
 */
export function readAuditSigningSection(
  section: Record<string, unknown>,
  path: Path,
  reader: {
    readonly folder: string;
    readonly fail: (path: Path, problem: string) => never;
    readonly locate: (path: Path) => ConfigErrorLocation;
  },
): AuditSigningFileSection {
  const { privateKeyFile, privateKeyEnv, everyEntries, everySeconds } = section as {
    privateKeyFile?: string;
    privateKeyEnv?: string;
    everyEntries?: number;
    everySeconds?: number;
  };
  if (privateKeyFile !== undefined && privateKeyEnv !== undefined) {
    reader.fail(
      [...path, "privateKeyEnv"],
      "gives both privateKeyFile and privateKeyEnv: give one",
    );
  }
  if (privateKeyFile === undefined && privateKeyEnv === undefined) {
    reader.fail(path, "needs the signing key: privateKeyFile (a PEM file) or privateKeyEnv");
  }
  if (privateKeyEnv !== undefined && !environmentName.test(privateKeyEnv)) {
    reader.fail(
      [...path, "privateKeyEnv"],
      "must be the name of an environment variable (letters, digits and _), never the key itself",
    );
  }
  const field = privateKeyFile === undefined ? "privateKeyEnv" : "privateKeyFile";
  return {
    key:
      privateKeyFile === undefined
        ? { kind: "environment", name: privateKeyEnv as string }
        : { kind: "file", path: resolve(reader.folder, privateKeyFile) },
    ...(everyEntries === undefined ? {} : { everyEntries }),
    ...(everySeconds === undefined ? {} : { everySeconds }),
    keyLocation: reader.locate([...path, field]),
  };
}
