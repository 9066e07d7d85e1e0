import { readFile } from "node:fs/promises";
import { auditSigningKey } from "../audit/audit-signing-key.js";
import type { AuditSigningOptions } from "../audit/audit-signing-options.js";
import { ConfigError } from "../errors/config-error.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { AuditSigningFileSection } from "./audit-signing-section.js";
import { fileReadProblem } from "./file-read-problem.js";

/**
 * Reads a policy file's signing key (its PEM file, or the environment variable holding the
 * PEM) and returns the sink's `signing` options. An unreadable file, a variable that is not
 * set or a key that is not an Ed25519 private key is a `ConfigError` naming the policy file,
 * the field and the key file — never the key.
 *
 * @example
 * const signing = await loadAuditSigningOptions(policy.audit.jsonl.signing, process.env);
 * await JsonlAuditSink.open(policy.audit.jsonl.path, { signing });
 */
export async function loadAuditSigningOptions(
  section: AuditSigningFileSection,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<AuditSigningOptions> {
  const fail = (problem: string): never => {
    throw new ConfigError(section.keyLocation, problem);
  };
  const { key: source } = section;
  let pem: string;
  let named: string;
  if (source.kind === "file") {
    named = source.path;
    pem = await readFile(source.path, "utf8").catch((error: unknown) =>
      fail(`cannot read ${source.path}: ${fileReadProblem(error)}`),
    );
  } else {
    named = `environment variable ${source.name}`;
    const value = Object.hasOwn(env, source.name) ? env[source.name] : undefined;
    if (value === undefined || value === "") {
      return fail(
        `environment variable ${source.name} is not set (it must hold the PEM of an Ed25519 private key)`,
      );
    }
    pem = value;
  }
  try {
    const privateKey = auditSigningKey(pem);
    return {
      privateKey,
      ...(section.everyEntries === undefined ? {} : { everyEntries: section.everyEntries }),
      ...(section.everySeconds === undefined ? {} : { everySeconds: section.everySeconds }),
    };
  } catch (error) {
    if (!InvalidOptionError.isInstance(error)) throw error;
    return fail(`${named}: ${error.message}`);
  }
}
