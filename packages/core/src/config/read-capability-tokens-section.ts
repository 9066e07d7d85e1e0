import { resolve } from "node:path";
import type { ConfigErrorLocation } from "../errors/config-error.js";
import type { CapabilityTokenOptions } from "../permissions/capability-token-options.js";
import {
  CAPABILITY_TOKEN_KEY_SOURCES,
  type CapabilityTokenKeySourceField,
  type SecretEncoding,
} from "./capability-tokens-section.js";
import { parseVerificationKey, type VerificationKey } from "./parse-verification-key.js";

/** Where a policy file's capability-token key comes from, once the file has been read. */
export type CapabilityTokenKeySource =
  | {
      readonly kind: "inline";
      readonly field: "publicKey" | "jwk" | "jwks";
      readonly key: VerificationKey;
    }
  | {
      readonly kind: "file";
      readonly field: "publicKeyFile" | "jwksFile";
      /** Resolved against the policy file's folder. */
      readonly path: string;
    }
  | {
      readonly kind: "environment";
      readonly field: "secretEnv";
      /** The environment variable holding the HMAC secret. */
      readonly name: string;
      readonly encoding: SecretEncoding;
    };

/**
 * The `capabilityTokens` section of a policy file, checked: the verifier's options without
 * the key, and where the key comes from. Key files and environment variables are read later,
 * by `loadCapabilityTokenOptions`, so a command that only inspects the policy needs neither.
 */
export interface CapabilityTokensFileSection {
  readonly options: Omit<CapabilityTokenOptions, "key" | "keys" | "now">;
  readonly keySource: CapabilityTokenKeySource;
  /** Where the key source is written, for the problems found when it is loaded. */
  readonly keyLocation: ConfigErrorLocation;
}

type Path = readonly (string | number)[];

/** What {@link readCapabilityTokensSection} needs from the policy file being read. */
export interface SectionReader {
  /** The policy file's folder, which relative paths are resolved against. */
  readonly folder: string;
  readonly fail: (path: Path, problem: string) => never;
  readonly locate: (path: Path) => ConfigErrorLocation;
}

const optionNames = [
  "issuer",
  "audience",
  "permissionsClaim",
  "clockToleranceSeconds",
  "required",
  "maxCachedTokens",
  "allowWildcardAll",
] as const;

const environmentName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks a schema-valid `capabilityTokens` section beyond what its JSON Schema can say: exactly
 * one key source, one family of algorithms, a key source of that family (an HMAC secret only
 * through `secretEnv`), inline keys that parse. Inline keys are parsed now; file paths are
 * resolved against the policy file's folder.
 *
 * @example
 * const section = readCapabilityTokensSection(document.capabilityTokens, { folder, fail, locate });
 * section.keySource; // { kind: "file", field: "publicKeyFile", path: "/srv/agent/keys/auth.pem" }
 */
export function readCapabilityTokensSection(
  section: Record<string, unknown>,
  reader: SectionReader,
): CapabilityTokensFileSection {
  const at = (...path: Path): Path => ["capabilityTokens", ...path];
  const given = CAPABILITY_TOKEN_KEY_SOURCES.filter((field) => section[field] !== undefined);
  const [field, second] = given;
  if (field === undefined) {
    reader.fail(
      at(),
      `needs a key source: one of ${CAPABILITY_TOKEN_KEY_SOURCES.join(", ")} (an HMAC secret only through secretEnv)`,
    );
  }
  if (second !== undefined) {
    reader.fail(at(second), `gives both ${field} and ${second}: give exactly one key source`);
  }
  const source = field as CapabilityTokenKeySourceField;
  const algorithms = [...new Set(section.algorithms as string[])];
  const hmac = algorithms.filter((algorithm) => algorithm.startsWith("HS"));
  if (hmac.length > 0 && hmac.length < algorithms.length) {
    reader.fail(
      at("algorithms"),
      "mixes HMAC (HS*) and public-key algorithms; a public key must never double as an HMAC secret (algorithm confusion): use one family",
    );
  }
  if (source === "secretEnv" && hmac.length === 0) {
    reader.fail(
      at(source),
      `gives an HMAC secret, which verifies only HS256, HS384 or HS512 tokens (algorithms lists ${algorithms.join(", ")})`,
    );
  }
  if (source !== "secretEnv" && hmac.length > 0) {
    reader.fail(
      at(source),
      `gives a public key, which cannot verify HMAC tokens (${hmac.join(", ")}); for those, name the secret's environment variable with secretEnv`,
    );
  }
  if (section.secretEncoding !== undefined && source !== "secretEnv") {
    reader.fail(at("secretEncoding"), "applies only to a secret given with secretEnv");
  }

  const options: Record<string, unknown> = { algorithms };
  for (const name of optionNames) {
    if (section[name] !== undefined) options[name] = section[name];
  }
  return {
    options: options as unknown as CapabilityTokensFileSection["options"],
    keySource: keySource(section, source, algorithms, reader),
    keyLocation: reader.locate(at(source)),
  };
}

function keySource(
  section: Record<string, unknown>,
  field: CapabilityTokenKeySourceField,
  algorithms: readonly string[],
  reader: SectionReader,
): CapabilityTokenKeySource {
  const value = section[field];
  switch (field) {
    case "publicKeyFile":
    case "jwksFile":
      return { kind: "file", field, path: resolve(reader.folder, value as string) };
    case "secretEnv":
      if (!environmentName.test(value as string)) {
        reader.fail(
          ["capabilityTokens", field],
          "must be the name of an environment variable (letters, digits and _), never the secret itself",
        );
      }
      return {
        kind: "environment",
        field,
        name: value as string,
        encoding: (section.secretEncoding as SecretEncoding | undefined) ?? "utf8",
      };
    default: {
      const material =
        field === "publicKey"
          ? ({ format: "pem", text: value as string } as const)
          : ({ format: "json", value } as const);
      const key = parseVerificationKey(material, algorithms, (problem, inside = []) =>
        reader.fail(["capabilityTokens", field, ...inside], problem),
      );
      return { kind: "inline", field, key };
    }
  }
}
