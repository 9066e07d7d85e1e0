import { readFile } from "node:fs/promises";
import { ConfigError } from "../errors/config-error.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import {
  type CapabilityTokenOptions,
  MIN_HMAC_SECRET_BYTES,
  resolveCapabilityTokenOptions,
} from "../permissions/capability-token-options.js";
import type { SecretEncoding } from "./capability-tokens-section.js";
import { fileReadProblem } from "./file-read-problem.js";
import { parseVerificationKey, type VerificationKey } from "./parse-verification-key.js";
import type { CapabilityTokensFileSection } from "./read-capability-tokens-section.js";

/** Options of {@link loadCapabilityTokenOptions}. */
export interface LoadCapabilityTokenOptions {
  /** Where `secretEnv` (and `loadGuardConfig`'s `urlEnv`) variables are looked up (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const encodedText: Readonly<Record<Exclude<SecretEncoding, "utf8">, RegExp>> = {
  base64: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  base64url: /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?$/,
  hex: /^(?:[0-9a-fA-F]{2})*$/,
};

/**
 * Turns a policy file's checked `capabilityTokens` section into the options `createGuard`
 * takes: reads the key file (PEM, or a JWK / JWKS as JSON) or the HMAC secret's environment
 * variable. A missing variable, a secret under 32 bytes, an unreadable file or a key that is
 * not a usable public key is a `ConfigError` naming the policy file, the key source's JSON
 * Pointer and what is wrong — never the secret.
 *
 * @example
 * const policy = await readGuardConfigFile("connectorguard.config.yaml");
 * const capabilityTokens = policy.capabilityTokens && (await loadCapabilityTokenOptions(policy.capabilityTokens));
 */
export async function loadCapabilityTokenOptions(
  section: CapabilityTokensFileSection,
  options: LoadCapabilityTokenOptions = {},
): Promise<CapabilityTokenOptions> {
  const fail = (problem: string): never => {
    throw new ConfigError(section.keyLocation, problem);
  };
  const source = section.keySource;
  let key: VerificationKey | { key: Uint8Array };
  if (source.kind === "inline") {
    key = source.key;
  } else if (source.kind === "environment") {
    key = { key: secretFromEnvironment(source.name, source.encoding, fail, options.env) };
  } else {
    const text = await readFile(source.path, "utf8").catch((error: unknown) =>
      fail(`cannot read ${source.path}: ${fileReadProblem(error)}`),
    );
    key = parseVerificationKey(
      keyMaterial(text, source.field, source.path, fail),
      section.options.algorithms,
      (problem, inside = []) =>
        fail(`${source.path}${inside.length === 0 ? "" : `: ${formatInside(inside)}`} ${problem}`),
    );
  }
  const resolved: CapabilityTokenOptions = { ...section.options, ...key };
  try {
    resolveCapabilityTokenOptions(resolved);
  } catch (error) {
    if (!InvalidOptionError.isInstance(error)) throw error;
    // The section was checked when the file was read; this is the core's last word.
    throw new ConfigError(
      { file: section.keyLocation.file, pointer: "/capabilityTokens" },
      error.message,
      {
        cause: error,
      },
    );
  }
  return resolved;
}

function keyMaterial(
  text: string,
  field: "publicKeyFile" | "jwksFile",
  path: string,
  fail: (problem: string) => never,
) {
  if (field === "publicKeyFile") return { format: "pem", text } as const;
  if (text.trimStart().startsWith("-----BEGIN")) {
    return fail(`${path} holds PEM, not JSON: give a PEM file with publicKeyFile`);
  }
  try {
    return { format: "json", value: JSON.parse(text) as unknown } as const;
  } catch (error) {
    return fail(`${path} is not valid JSON (${(error as Error).message})`);
  }
}

function secretFromEnvironment(
  name: string,
  encoding: SecretEncoding,
  fail: (problem: string) => never,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Uint8Array {
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  if (value === undefined || value === "") {
    return fail(`environment variable ${name} is not set (it must hold the HMAC secret)`);
  }
  if (encoding !== "utf8" && !encodedText[encoding].test(value)) {
    fail(`environment variable ${name} is not valid ${encoding} (secretEncoding: ${encoding})`);
  }
  const bytes = new Uint8Array(Buffer.from(value, encoding === "utf8" ? "utf8" : encoding));
  if (bytes.byteLength < MIN_HMAC_SECRET_BYTES) {
    fail(
      `environment variable ${name} holds a ${bytes.byteLength}-byte secret; an HMAC secret needs at least ${MIN_HMAC_SECRET_BYTES} bytes`,
    );
  }
  return bytes;
}

function formatInside(path: readonly (string | number)[]): string {
  return path.map((step) => (typeof step === "number" ? `[${step}]` : step)).join("");
}
