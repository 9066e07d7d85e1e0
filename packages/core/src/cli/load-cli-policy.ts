import type { AuditDurability } from "../audit/jsonl-audit-sink.js";
import { type GuardConfigFile, readGuardConfigFile } from "../config/read-guard-config-file.js";
import type { NormalizedConnectorSchema } from "../schema/connector-schema.js";
import type { CommandContext } from "./cli-command.js";
import { CliUsageError } from "./cli-usage-error.js";
import { readRegistryFile } from "./registry-file.js";

/** The default audit file: JSONL, so that appending never rewrites it. */
export const DEFAULT_AUDIT_FILE = ".connectorguard_audit.jsonl";

/** What a command works with: the registry file's connectors and the policy file's settings. */
export interface CliPolicy {
  readonly connectors: readonly NormalizedConnectorSchema[];
  readonly config: GuardConfigFile | undefined;
  readonly registryFile: string;
  /** Whether the registry file exists. */
  readonly registryFound: boolean;
}

/** Where the audit file is and how to write it: the flag, else the policy file, else the default. */
export interface CliAuditFile {
  readonly path: string;
  /** Where the path came from: `--audit-file` / `--log-file`, the policy file, or the default. */
  readonly from: "flag" | "config" | "default";
  readonly durability?: AuditDurability;
  readonly verifyOnOpen?: boolean;
}

/**
 * Reads the registry file (`--registry-file`) and the policy file (`--config`), and merges
 * their connectors; a connector defined in both is a mistake, not a silent override.
 *
 * @example
 * const policy = await loadCliPolicy(context, { requireConnectors: true });
 */
export async function loadCliPolicy(
  context: CommandContext,
  options: { readonly requireConnectors: boolean },
): Promise<CliPolicy> {
  const configPath = context.given("config");
  const config = configPath === undefined ? undefined : await readGuardConfigFile(configPath);
  const registryFile = context.text("registry-file");
  const registered = await readRegistryFile(registryFile);
  if (registered === undefined && context.given("registry-file") !== undefined) {
    throw new CliUsageError(`registry file ${registryFile} does not exist`);
  }
  const connectors = [...(registered ?? [])];
  const registeredNames = new Set(connectors.map((connector) => connector.name));
  for (const connector of config?.connectors ?? []) {
    if (registeredNames.has(connector.name)) {
      throw new CliUsageError(
        `connector '${connector.name}' is defined both in ${registryFile} and in ${configPath}; keep one`,
      );
    }
    connectors.push(connector);
  }
  if (options.requireConnectors && connectors.length === 0) {
    throw new CliUsageError(
      registered === undefined
        ? `no connectors: ${registryFile} does not exist (run 'connectorguard register --schema FILE' first, or pass --config)`
        : `no connectors: ${registryFile} registers none`,
    );
  }
  return { connectors, config, registryFile, registryFound: registered !== undefined };
}

/**
 * The audit file a command reads or appends to. Every command takes both spellings,
 * `--audit-file` and `--log-file` (the reference's); giving both is a mistake. `flag` is the
 * spelling the command lists first.
 *
 * @example
 * resolveAuditFile(context, undefined, "audit-file").path; // ".connectorguard_audit.jsonl"
 */
export function resolveAuditFile(
  context: CommandContext,
  config: GuardConfigFile | undefined,
  flag: "audit-file" | "log-file",
): CliAuditFile {
  const other = flag === "audit-file" ? "log-file" : "audit-file";
  const given = context.given(flag);
  const alias = context.given(other);
  if (given !== undefined && alias !== undefined) {
    throw new CliUsageError(`give --${flag} or --${other}, not both (they are the same option)`);
  }
  const fromFlag = given ?? alias;
  const fromConfig = config?.audit?.jsonl;
  return {
    path: fromFlag ?? fromConfig?.path ?? DEFAULT_AUDIT_FILE,
    from: fromFlag !== undefined ? "flag" : fromConfig !== undefined ? "config" : "default",
    durability: fromConfig?.durability,
    verifyOnOpen: fromConfig?.verifyOnOpen,
  };
}
