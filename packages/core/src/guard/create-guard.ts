import { AuditLog } from "../audit/audit-log.js";
import type { AuditSink } from "../audit/audit-sink.js";
import { combineAuditSinks } from "../audit/combine-audit-sinks.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import {
  type AuditErrorHandler,
  type DecisionHandler,
  RequestInterceptor,
  type RunOptions,
  type RunOutcome,
} from "../interceptor/request-interceptor.js";
import { checkOptions } from "../options/check-options.js";
import { guardOptionSections } from "../options/option-sections.js";
import type { CapabilityTokenOptions } from "../permissions/capability-token-options.js";
import type { CapabilityTokenVerifier } from "../permissions/capability-token-verifier.js";
import { permissionProblem } from "../permissions/permission-syntax.js";
import { ConnectionValidator } from "../pipeline/connection-validator.js";
import type { RateLimitStore } from "../rate-limit/rate-limit-store.js";
import type { StoreErrorPolicy } from "../rate-limit/store-error-policy.js";
import type { AuditRedactor, RedactionOptions } from "../redaction/audit-redactor.js";
import { ConnectorRegistry } from "../registry/connector-registry.js";
import type { ConnectorDefinition } from "../schema/connector-schema.js";
import type { InputLimits } from "../schema/input-limits.js";
import type { SchemaDialect } from "../schema/schema-dialect.js";
import { createDecisionTelemetry } from "../telemetry/decision-telemetry.js";
import type { GuardTelemetry } from "../telemetry/guard-telemetry-options.js";
import type { ToolCallContext } from "../telemetry/tool-call-context.js";
import type { ConnectionAttemptInit } from "../values/connection-attempt.js";
import { DEFAULT_SOURCE_AGENT } from "../values/connection-attempt.js";
import type { ConnectionResult } from "../values/connection-result.js";
import type { GuardMode, OutputCheckMode } from "../values/guard-mode.js";
import {
  UNIDENTIFIED_AGENT_NAME_PROBLEM,
  type UnidentifiedPolicy,
} from "../values/unidentified-policy.js";

/** An agent's static grants in a guard configuration. */
export interface AgentConfig {
  readonly permissions: readonly string[];
}

/** Everything {@link createGuard} needs; the adapters and the CLI take the same shape. */
export interface GuardConfig {
  /** The connectors to register (camelCase, or the reference's snake_case JSON). */
  readonly connectors: readonly ConnectorDefinition[];
  /** Agent id → its permissions. An agent not listed holds none. */
  readonly agents?: Readonly<Record<string, AgentConfig>>;
  /** The sliding window every `rateLimit` applies to, in seconds (default 60). */
  readonly rateLimitWindowSeconds?: number;
  /** Where rate-limit state lives (default: in process). */
  readonly rateLimitStore?: RateLimitStore;
  /** When the rate-limit store fails: deny (default) or allow. */
  readonly onStoreError?: StoreErrorPolicy;
  /**
   * Where decisions are recorded: one sink or several. An in-memory `AuditLog` is always kept
   * as `guard.auditLog` (the first `AuditLog` given, or a new one).
   */
  readonly audit?: AuditSink | readonly AuditSink[];
  /** Told about every entry a sink failed to store (default: a loud line on stderr). */
  readonly onAuditError?: AuditErrorHandler;
  /**
   * `"enforce"` (the default) denies; `"shadow"` decides and audits what it would deny but
   * lets every call run. A connector's own `mode` wins.
   */
  readonly mode?: GuardMode;
  /** Told about every decision as it is made, with the attempt as audited. */
  readonly onDecision?: DecisionHandler;
  /** Verify capability tokens (signed JWTs) carried by attempts as `capabilityToken`. */
  readonly capabilityTokens?: CapabilityTokenOptions | CapabilityTokenVerifier;
  /** Accept grants made only of wildcards (`*`, `**`, `*:*`). Refused by default. */
  readonly allowWildcardAll?: boolean;
  /** The JSON Schema dialect of connector schemas without `$schema` (default `"2020-12"`). */
  readonly schemaDialect?: SchemaDialect;
  /** Caps on input (and output) size and nesting (defaults: 1 000 000 and 64). */
  readonly inputLimits?: InputLimits;
  /** What to do with results that break their `outputSchema` (default `"audit"`). */
  readonly outputCheck?: OutputCheckMode;
  /**
   * A call that names no agent and carries no token: `"allow"` (the default) runs it as the
   * agent `"unknown"`, `"deny"` refuses it with a reason that says how to pass one.
   */
  readonly unidentified?: UnidentifiedPolicy;
  /** How audit entries are cleaned before any sink sees them; on by default, `false` turns it off. */
  readonly redaction?: RedactionOptions | AuditRedactor | false;
  /**
   * OpenTelemetry spans and metrics of every decision: `true` for the global tracer and meter,
   * or `{ tracer?, meter?, traces?, metrics? }`. Off by default; `@opentelemetry/api` is loaded
   * only when it is on.
   */
  readonly telemetry?: GuardTelemetry;
}

/** The guard an application holds: one registry, one pipeline, one audit trail. */
export interface Guard {
  readonly registry: ConnectorRegistry;
  readonly validator: ConnectionValidator;
  readonly interceptor: RequestInterceptor<AuditSink>;
  /** The in-memory log of recent decisions. */
  readonly auditLog: AuditLog;
  /** Decides an attempt and records the decision, without running anything. */
  check(attempt: ConnectionAttemptInit, call?: ToolCallContext): Promise<ConnectionResult>;
  /**
   * Decides an attempt; runs `run` only when allowed and records the decision with the call's
   * outcome; throws `InterceptorError` when denied. `run` is handed the input as validated (a
   * JSON snapshot taken once): give the tool that, not the object the attempt was made from.
   */
  execute<Result>(
    attempt: ConnectionAttemptInit,
    run: (input: unknown) => Result,
    options?: RunOptions<Awaited<Result>>,
  ): Promise<Awaited<Result>>;
  /**
   * `execute` with the guard's verdicts as values — `"ran"`, `"denied"` or `"withheld"` — so
   * only an error of the tool itself rejects. What the adapters build on.
   */
  run<Result>(
    attempt: ConnectionAttemptInit,
    run: (input: unknown) => Result,
    options?: RunOptions<Awaited<Result>>,
  ): Promise<RunOutcome<Awaited<Result>>>;
  /**
   * Whether the guard checks the results of `connectorName`'s calls: it has an `outputSchema`
   * and its `outputCheck` (or the guard's) is not `"off"`. Lets an adapter capture a tool's
   * raw result only when the guard will look at it.
   */
  checksOutput(connectorName: string): boolean;
  /** Waits until every sink has stored what it was given. */
  flush(): Promise<void>;
  /** Flushes and closes every sink, then the rate-limit store if it owns a connection. */
  close(): Promise<void>;
}

const guardBrand = Symbol.for("aumai.connectorguard.guard");

const GUARD_OPTION_KEYS = Object.keys(guardOptionSections) as (keyof typeof guardOptionSections)[];

/**
 * Builds a guard from one configuration object: registers the connectors (rejecting a bad
 * one now, not at call time), grants the agents' permissions and wires the audit sinks.
 *
 * @example
 * const guard = createGuard({
 *   connectors: [{ name: "refund", version: "1.0.0", rateLimit: 5, requiredPermissions: ["payments:write"] }],
 *   agents: { "support-bot": { permissions: ["payments:write"] } },
 * });
 * const result = await guard.check({ connectorName: "refund", sourceAgent: "support-bot", inputData: {} });
 */
export function createGuard(config: GuardConfig): Guard {
  if (typeof config !== "object" || config === null) {
    throw new InvalidOptionError("createGuard needs a configuration object");
  }
  if (!Array.isArray(config.connectors)) {
    throw new InvalidOptionError("connectors must be an array of connector definitions");
  }
  // The same sections of the same schema as the policy file: the same options, the same words.
  checkOptions(config, GUARD_OPTION_KEYS, "createGuard");
  const registry = new ConnectorRegistry({ schemaDialect: config.schemaDialect });
  for (const connector of config.connectors) registry.register(connector);

  const validator = new ConnectionValidator(registry, {
    rateLimiter: config.rateLimitStore,
    agentPermissions: agentPermissions(config.agents, config.allowWildcardAll),
    rateLimitWindowSeconds: config.rateLimitWindowSeconds,
    onStoreError: config.onStoreError,
    mode: config.mode,
    capabilityTokens: config.capabilityTokens,
    allowWildcardAll: config.allowWildcardAll,
    inputLimits: config.inputLimits,
    unidentified: config.unidentified,
  });

  const sinks: AuditSink[] =
    config.audit === undefined
      ? []
      : Array.isArray(config.audit)
        ? [...config.audit]
        : [config.audit as AuditSink];
  let auditLog = sinks.find((sink): sink is AuditLog => sink instanceof AuditLog);
  if (auditLog === undefined) {
    auditLog = new AuditLog();
    sinks.unshift(auditLog);
  }
  const interceptor = new RequestInterceptor<AuditSink>(validator, combineAuditSinks(sinks), {
    onAuditError: config.onAuditError,
    onDecision: config.onDecision,
    redaction: config.redaction,
    outputCheck: config.outputCheck,
    telemetry: createDecisionTelemetry(
      config.telemetry,
      (name) => registry.find(name)?.schema.mode ?? validator.mode,
    ),
  });

  return {
    [guardBrand]: true,
    registry,
    validator,
    interceptor,
    auditLog,
    check: (attempt, call) => interceptor.intercept(attempt, call),
    execute: (attempt, run, options) => interceptor.execute(attempt, run, options),
    run: (attempt, run, options) => interceptor.run(attempt, run, options),
    checksOutput: (connectorName) => {
      const connector = registry.find(connectorName);
      if (connector?.validateOutput === undefined) return false;
      return (connector.schema.outputCheck ?? interceptor.outputCheck) !== "off";
    },
    flush: () => interceptor.auditLog.flush(),
    close: async () => {
      try {
        await interceptor.auditLog.close();
      } finally {
        await validator.rateLimiter.close?.();
      }
    },
  } as Guard;
}

/**
 * True when `value` is a guard made by `createGuard` (from any copy of the package). Adapters
 * use it to accept either a guard or the configuration to build one.
 */
export function isGuard(value: unknown): value is Guard {
  return typeof value === "object" && value !== null && guardBrand in value;
}

function agentPermissions(
  agents: GuardConfig["agents"],
  allowWildcardAll: boolean | undefined,
): Record<string, readonly string[]> | undefined {
  if (agents === undefined) return undefined;
  if (typeof agents !== "object" || agents === null || Array.isArray(agents)) {
    throw new InvalidOptionError("agents must map agent ids to { permissions: string[] }");
  }
  const grants: Record<string, readonly string[]> = Object.create(null);
  for (const [agent, agentConfig] of Object.entries(agents)) {
    if (agent === DEFAULT_SOURCE_AGENT) {
      throw new InvalidOptionError(
        `createGuard: /agents/${agent} ${UNIDENTIFIED_AGENT_NAME_PROBLEM}`,
      );
    }
    const permissions = agentConfig?.permissions;
    if (!Array.isArray(permissions)) {
      throw new InvalidOptionError(`agents.${agent}.permissions must be an array of strings`);
    }
    permissions.forEach((permission: unknown, index) => {
      const problem = permissionProblem(permission, "grant", { allowWildcardAll });
      if (problem !== undefined) {
        throw new InvalidOptionError(
          `agents.${agent}.permissions[${index}] ${JSON.stringify(permission) ?? ""} ${problem}`,
        );
      }
    });
    grants[agent] = permissions;
  }
  return grants;
}
