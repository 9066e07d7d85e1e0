import type { GuardConfig } from "../guard/create-guard.js";
import type { OpenTelemetryApi } from "../telemetry/opentelemetry-api.js";
import { importOptionalPackage } from "./import-optional-package.js";
import {
  type LoadCapabilityTokenOptions,
  loadCapabilityTokenOptions,
} from "./load-capability-token-options.js";
import type { GuardConfigFile } from "./read-guard-config-file.js";

/** What a policy file sets on a guard, besides its connectors and audit sinks. */
export type PolicyGuardSettings = Pick<
  GuardConfig,
  | "agents"
  | "rateLimitWindowSeconds"
  | "onStoreError"
  | "mode"
  | "allowWildcardAll"
  | "inputLimits"
  | "schemaDialect"
  | "outputCheck"
  | "unidentified"
  | "redaction"
  | "capabilityTokens"
  | "telemetry"
>;

const copiedKeys = [
  "agents",
  "rateLimitWindowSeconds",
  "onStoreError",
  "mode",
  "allowWildcardAll",
  "inputLimits",
  "schemaDialect",
  "outputCheck",
  "unidentified",
  "redaction",
] as const;

/**
 * The `createGuard` options a read policy file sets — agents, window, store policy, mode,
 * wildcard grants, input caps, output check, redaction, capability tokens (their key file
 * or secret read now) and telemetry (`@opentelemetry/api` loaded now) — with keys the file
 * leaves out left out, so the guard's defaults apply.
 *
 * @example
 * const policy = await readGuardConfigFile("connectorguard.config.yaml");
 * const guard = createGuard({ connectors: policy.connectors, ...(await guardSettingsFromPolicy(policy)) });
 */
export async function guardSettingsFromPolicy(
  policy: GuardConfigFile,
  options: LoadCapabilityTokenOptions = {},
): Promise<PolicyGuardSettings> {
  const settings: Record<string, unknown> = {};
  for (const key of copiedKeys) {
    if (policy[key] !== undefined) settings[key] = policy[key];
  }
  if (policy.capabilityTokens !== undefined) {
    settings.capabilityTokens = await loadCapabilityTokenOptions(policy.capabilityTokens, options);
  }
  const telemetry = policy.telemetry;
  if (telemetry !== undefined && telemetry !== false) {
    const api = await importOptionalPackage<OpenTelemetryApi>("@opentelemetry/api", "telemetry", {
      file: policy.file,
      pointer: "/telemetry",
    });
    settings.telemetry = { ...(telemetry === true ? {} : telemetry), api };
  }
  return settings as PolicyGuardSettings;
}
