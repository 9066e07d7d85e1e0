import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { AuditDurability } from "../audit/jsonl-audit-sink.js";
import { ConfigError, type ConfigErrorLocation } from "../errors/config-error.js";
import { ConnectorGuardError } from "../errors/connector-guard-error.js";
import { ConnectorSchemaError } from "../errors/connector-schema-error.js";
import type { AgentConfig } from "../guard/create-guard.js";
import { permissionProblem } from "../permissions/permission-syntax.js";
import type { StoreErrorPolicy } from "../rate-limit/store-error-policy.js";
import type { RedactionOptions } from "../redaction/audit-redactor.js";
import { ConnectorRegistry } from "../registry/connector-registry.js";
import {
  type NormalizedConnectorSchema,
  parseConnectorSchema,
} from "../schema/connector-schema.js";
import type { InputLimits } from "../schema/input-limits.js";
import type { SchemaDialect } from "../schema/schema-dialect.js";
import { DEFAULT_SOURCE_AGENT } from "../values/connection-attempt.js";
import type { GuardMode, OutputCheckMode } from "../values/guard-mode.js";
import {
  UNIDENTIFIED_AGENT_NAME_PROBLEM,
  type UnidentifiedPolicy,
} from "../values/unidentified-policy.js";
import { type AuditSigningFileSection, readAuditSigningSection } from "./audit-signing-section.js";
import { fileReadProblem } from "./file-read-problem.js";
import { findConfigProblem } from "./find-config-problem.js";
import { parseConfigText } from "./parse-config-text.js";
import {
  type CapabilityTokensFileSection,
  readCapabilityTokensSection,
} from "./read-capability-tokens-section.js";
import { readRedactionSection } from "./read-redaction-section.js";
import {
  type PostgresAuditFileSection,
  type RedisStoreFileSection,
  readStoreSections,
  type WrittenStoreSections,
} from "./read-store-sections.js";

/** A policy file, validated, with its connectors parsed and its paths made absolute. */
export interface GuardConfigFile {
  /** The policy file, as given. */
  readonly file: string;
  readonly connectors: readonly NormalizedConnectorSchema[];
  readonly agents?: Readonly<Record<string, AgentConfig>>;
  readonly rateLimitWindowSeconds?: number;
  readonly onStoreError?: StoreErrorPolicy;
  /** Checked; the client is built by `loadGuardConfig`. */
  readonly rateLimitStore?: { readonly redis: RedisStoreFileSection };
  readonly audit?: {
    readonly jsonl?: {
      /** Resolved against the policy file's folder. */
      readonly path: string;
      readonly durability?: AuditDurability;
      readonly verifyOnOpen?: boolean;
      /** Checked; the key is read by `loadGuardConfig`. */
      readonly signing?: AuditSigningFileSection;
    };
    readonly memory?: { readonly maxEntries?: number; readonly maxBytes?: number };
    /** Checked; the pool is built by `loadGuardConfig`. */
    readonly postgres?: PostgresAuditFileSection;
  };
  readonly mode?: GuardMode;
  readonly allowWildcardAll?: boolean;
  readonly inputLimits?: InputLimits;
  /** The dialect of connector schemas without `$schema`. */
  readonly schemaDialect?: SchemaDialect;
  readonly outputCheck?: OutputCheckMode;
  readonly unidentified?: UnidentifiedPolicy;
  /** How audit entries are cleaned; `false` records inputs as given. */
  readonly redaction?: RedactionOptions | false;
  /** Checked; its key file or secret is read by `loadCapabilityTokenOptions`. */
  readonly capabilityTokens?: CapabilityTokensFileSection;
  /** OpenTelemetry through the global providers; `@opentelemetry/api` is loaded by `loadGuardConfig`. */
  readonly telemetry?: boolean | { readonly traces?: boolean; readonly metrics?: boolean };
}

type Path = readonly (string | number)[];

/**
 * Reads and validates a policy file (JSON or YAML) without opening its audit sinks, key files
 * or secrets (`loadGuardConfig` does that). A connector may be given inline or as a path to
 * its own JSON/YAML file, relative to the policy file. Every problem is a `ConfigError` naming
 * the file, the line and column, the JSON Pointer of the value and what is wrong with it.
 *
 * @example
 * const policy = await readGuardConfigFile("connectorguard.config.yaml");
 * policy.connectors.map((connector) => connector.name); // ["openai-chat", "db-write"]
 * policy.audit?.jsonl?.path; // "/srv/agent/.connectorguard_audit.jsonl"
 */
export async function readGuardConfigFile(file: string): Promise<GuardConfigFile> {
  const parsed = parseConfigText(await readText(file, file), file);
  const locate = (path: Path): ConfigErrorLocation => {
    const position = parsed.locate(path);
    return { file, pointer: toPointer(path), line: position?.line, column: position?.column };
  };
  const fail = (path: Path, problem: string, cause?: unknown): never => {
    throw new ConfigError(locate(path), problem, { cause });
  };
  if (typeof parsed.value !== "object" || parsed.value === null || Array.isArray(parsed.value)) {
    fail([], "a policy file must hold an object with keys such as connectors, agents and audit");
  }
  const problem = findConfigProblem(parsed.value);
  if (problem !== undefined) fail(problem.path, problem.problem);

  // The schema has checked every key's type; what is left are the rules it cannot express.
  const document = parsed.value as Omit<
    GuardConfigFile,
    "file" | "connectors" | "capabilityTokens" | "rateLimitStore" | "audit"
  > & {
    connectors?: unknown[];
    capabilityTokens?: Record<string, unknown>;
    rateLimitStore?: WrittenStoreSections["rateLimitStore"];
    audit?: {
      memory?: { maxEntries?: number };
      jsonl?: Omit<NonNullable<NonNullable<GuardConfigFile["audit"]>["jsonl"]>, "signing"> & {
        signing?: Record<string, unknown>;
      };
    } & WrittenStoreSections["audit"];
  };
  const folder = dirname(resolve(file));
  checkGrants(document.agents, document.allowWildcardAll, fail);
  const connectors = await readConnectors(
    document.connectors ?? [],
    folder,
    fail,
    document.schemaDialect,
  );
  const { connectors: _items, capabilityTokens, rateLimitStore: _store, audit, ...rest } = document;
  const { redaction } = rest;
  const stores = readStoreSections(document, { fail, locate });
  const signingOf = (section: Record<string, unknown> | undefined, path: Path) =>
    section === undefined
      ? {}
      : { signing: readAuditSigningSection(section, path, { folder, fail, locate }) };
  const jsonlSection = ({
    signing,
    ...jsonl
  }: NonNullable<NonNullable<typeof audit>["jsonl"]>) => ({
    ...jsonl,
    path: resolve(folder, jsonl.path),
    ...signingOf(signing, ["audit", "jsonl", "signing"]),
  });
  const settings: Omit<GuardConfigFile, "file" | "connectors"> = {
    ...rest,
    ...(stores.redis === undefined ? {} : { rateLimitStore: { redis: stores.redis } }),
    ...(audit === undefined
      ? {}
      : {
          audit: {
            ...(audit.memory === undefined ? {} : { memory: audit.memory }),
            ...(audit.jsonl === undefined ? {} : { jsonl: jsonlSection(audit.jsonl) }),
            ...(stores.postgres === undefined
              ? {}
              : {
                  postgres: {
                    ...stores.postgres,
                    ...signingOf(audit.postgres?.signing, ["audit", "postgres", "signing"]),
                  },
                }),
          },
        }),
    ...(redaction === undefined ? {} : { redaction: readRedactionSection(redaction, fail) }),
    ...(capabilityTokens === undefined
      ? {}
      : {
          capabilityTokens: readCapabilityTokensSection(capabilityTokens, {
            folder,
            fail,
            locate,
          }),
        }),
  };
  return { ...settings, file, connectors };
}

function checkGrants(
  agents: GuardConfigFile["agents"],
  allowWildcardAll: boolean | undefined,
  fail: (path: Path, problem: string) => never,
): void {
  for (const [agent, { permissions }] of Object.entries(agents ?? {})) {
    if (agent === DEFAULT_SOURCE_AGENT) fail(["agents", agent], UNIDENTIFIED_AGENT_NAME_PROBLEM);
    for (const [index, permission] of permissions.entries()) {
      const problem = permissionProblem(permission, "grant", { allowWildcardAll });
      if (problem !== undefined) {
        fail(["agents", agent, "permissions", index], `${JSON.stringify(permission)} ${problem}`);
      }
    }
  }
}

async function readConnectors(
  items: readonly unknown[],
  folder: string,
  fail: (path: Path, problem: string, cause?: unknown) => never,
  schemaDialect: SchemaDialect | undefined,
): Promise<NormalizedConnectorSchema[]> {
  const registry = new ConnectorRegistry({ schemaDialect });
  const seenAt = new Map<string, number>();
  const connectors: NormalizedConnectorSchema[] = [];
  for (const [index, item] of items.entries()) {
    const path = ["connectors", index];
    let definition = item;
    let source: string | undefined;
    if (typeof item === "string") {
      source = resolve(folder, item);
      definition = parseConfigText(await readText(source, source), source).value;
    }
    try {
      const connector = parseConnectorSchema(definition, { source });
      // Registering compiles the JSON Schemas, so an invalid one is reported here, by path.
      registry.register(connector);
      const earlier = seenAt.get(connector.name);
      if (earlier !== undefined) {
        fail(
          path,
          `connector '${connector.name}' is defined twice (also at /connectors/${earlier})`,
        );
      }
      seenAt.set(connector.name, index);
      connectors.push(connector);
    } catch (error) {
      if (!ConnectorSchemaError.isInstance(error)) throw error;
      const field = typeof item === "string" || error.field === undefined ? [] : [error.field];
      const message =
        source === undefined || error.message.startsWith(source)
          ? error.message
          : `${source}: ${error.message}`;
      fail([...path, ...field], message, error);
    }
  }
  return connectors;
}

async function readText(path: string, file: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (ConnectorGuardError.isInstance(error)) throw error;
    throw new ConfigError(
      { file, pointer: "" },
      `cannot read the file: ${fileReadProblem(error)}`,
      {
        cause: error,
      },
    );
  }
}

function toPointer(path: Path): string {
  return path
    .map((segment) => `/${String(segment).replace(/~/g, "~0").replace(/\//g, "~1")}`)
    .join("");
}
