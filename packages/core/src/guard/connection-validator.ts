import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { type AgentPermissionMap, PermissionGrants } from "../permissions/permission-grants.js";
import type { RateLimitDecision, RateLimitStore } from "../rate-limit/rate-limit-store.js";
import { SlidingWindowRateLimiter } from "../rate-limit/sliding-window-rate-limiter.js";
import type { ConnectorRegistry, RegisteredConnector } from "../registry/connector-registry.js";
import { describeSchemaErrors } from "../schema/json-schema-compiler.js";
import { type ConnectionAttemptInit, DEFAULT_SOURCE_AGENT } from "./connection-attempt.js";
import { ALLOWED_REASON, type CheckName, type ConnectionResult } from "./connection-result.js";
import { isPromiseLike } from "./is-promise-like.js";

/** What the pipeline does when the rate-limit store cannot decide (down, slow, broken). */
export type StoreErrorPolicy = "deny" | "allow";

/** Options of {@link ConnectionValidator}. */
export interface ConnectionValidatorOptions {
  /** Where rate-limit state lives; defaults to an in-process `SlidingWindowRateLimiter`. */
  readonly rateLimiter?: RateLimitStore;
  /** Initial static grants: agent id → permissions. */
  readonly agentPermissions?: AgentPermissionMap;
  /** The sliding window every connector's `rateLimit` applies to, in seconds (default 60). */
  readonly rateLimitWindowSeconds?: number;
  /**
   * When the rate-limit store fails: `"deny"` (fail closed, the default) or `"allow"` (fail
   * open). Either way the reason says the store was unavailable.
   */
  readonly onStoreError?: StoreErrorPolicy;
}

/**
 * The four-step pipeline — registry, permission, rate limit, input schema — run in that order
 * and stopped at the first failure. Every result carries a reason and the time it took.
 *
 * @example
 * const validator = new ConnectionValidator(registry, { agentPermissions: { "agent-1": ["llm:call"] } });
 * const result = await validator.validate({
 *   connectorName: "openai-chat",
 *   sourceAgent: "agent-1",
 *   inputData: { prompt: "Summarize this document." },
 * });
 * result.allowed; // true
 * result.reason; // "all checks passed"
 */
export class ConnectionValidator {
  readonly registry: ConnectorRegistry;
  readonly rateLimiter: RateLimitStore;
  readonly rateLimitWindowSeconds: number;
  readonly onStoreError: StoreErrorPolicy;
  private readonly grants: PermissionGrants;

  constructor(registry: ConnectorRegistry, options: ConnectionValidatorOptions = {}) {
    this.registry = registry;
    this.rateLimiter = options.rateLimiter ?? new SlidingWindowRateLimiter();
    this.grants = new PermissionGrants(options.agentPermissions);
    this.rateLimitWindowSeconds = options.rateLimitWindowSeconds ?? 60;
    if (!(this.rateLimitWindowSeconds > 0) || !Number.isFinite(this.rateLimitWindowSeconds)) {
      throw new InvalidOptionError(
        `rateLimitWindowSeconds must be a positive number (got ${options.rateLimitWindowSeconds})`,
      );
    }
    this.onStoreError = options.onStoreError ?? "deny";
    if (this.onStoreError !== "deny" && this.onStoreError !== "allow") {
      throw new InvalidOptionError(
        `onStoreError must be "deny" or "allow" (got ${JSON.stringify(options.onStoreError)})`,
      );
    }
  }

  /** Decides one attempt. Never rejects: every failure is a denial with a reason. */
  async validate(attempt: ConnectionAttemptInit): Promise<ConnectionResult> {
    return this.decide(attempt);
  }

  /**
   * `validate` without the promise when the rate-limit store answers synchronously (the
   * in-process limiter does), so the interceptor's hot path allocates no promise for it.
   */
  decide(attempt: ConnectionAttemptInit): ConnectionResult | Promise<ConnectionResult> {
    const startedAt = performance.now();
    const connectorName = attempt.connectorName;
    const connector = this.registry.find(connectorName);
    if (connector === undefined) {
      return deny(startedAt, "registry", `connector '${connectorName}' is not registered`);
    }

    const agent = attempt.sourceAgent ?? DEFAULT_SOURCE_AGENT;
    const { requiredPermissions, rateLimit } = connector.schema;
    const missing = this.grants.missing(agent, requiredPermissions);
    if (missing.length > 0) {
      return deny(
        startedAt,
        "permission",
        `agent '${agent}' is missing required permissions: ${missing.join(", ")}`,
      );
    }

    let pending: RateLimitDecision | Promise<RateLimitDecision>;
    try {
      pending = this.rateLimiter.consume(
        rateLimitKey(connectorName, agent),
        this.rateLimitWindowSeconds,
        rateLimit,
      );
    } catch (error) {
      return this.afterStoreFailure(error, connector, attempt, startedAt);
    }
    if (isPromiseLike(pending)) {
      return Promise.resolve(pending).then(
        (decision) => this.afterRateLimit(decision, connector, attempt, startedAt, undefined),
        (error: unknown) => this.afterStoreFailure(error, connector, attempt, startedAt),
      );
    }
    return this.afterRateLimit(pending, connector, attempt, startedAt, undefined);
  }

  private afterStoreFailure(
    error: unknown,
    connector: RegisteredConnector,
    attempt: ConnectionAttemptInit,
    startedAt: number,
  ): ConnectionResult {
    const storeFailure = `rate-limit store unavailable: ${error instanceof Error ? error.message : String(error)}`;
    if (this.onStoreError === "deny") {
      return deny(startedAt, "rate-limit", `${storeFailure}; denying (fail closed)`);
    }
    const { rateLimit } = connector.schema;
    const admitted = { allowed: true, count: 0, limit: rateLimit, retryAfterMs: 0 };
    return this.afterRateLimit(admitted, connector, attempt, startedAt, storeFailure);
  }

  private afterRateLimit(
    decision: RateLimitDecision,
    connector: RegisteredConnector,
    attempt: ConnectionAttemptInit,
    startedAt: number,
    storeFailure: string | undefined,
  ): ConnectionResult {
    if (!decision.allowed) {
      const retryInSeconds = (decision.retryAfterMs / 1000).toFixed(1);
      return {
        allowed: false,
        check: "rate-limit",
        reason: `rate limit exceeded for connector '${connector.schema.name}' (limit: ${connector.schema.rateLimit} req/${this.rateLimitWindowSeconds}s); retry in ${retryInSeconds}s`,
        retryAfterMs: decision.retryAfterMs,
        latencyMs: performance.now() - startedAt,
      };
    }

    const validateInput = connector.validateInput;
    if (validateInput !== undefined) {
      const input = attempt.inputData === undefined ? {} : attempt.inputData;
      if (!validateInput(input)) {
        return deny(
          startedAt,
          "input-schema",
          `input validation failed: ${describeSchemaErrors(validateInput.errors)}`,
        );
      }
    }
    return {
      allowed: true,
      reason:
        storeFailure === undefined
          ? ALLOWED_REASON
          : `${ALLOWED_REASON} (${storeFailure}; allowed by onStoreError "allow")`,
      latencyMs: performance.now() - startedAt,
    };
  }

  /** Gives `agent` a permission, effective from the next decision. */
  grantPermission(agent: string, permission: string): void {
    this.grants.grant(agent, permission);
  }

  /** Takes a permission from `agent`; returns whether it was held. */
  revokePermission(agent: string, permission: string): boolean {
    return this.grants.revoke(agent, permission);
  }

  /** The permissions `agent` holds, sorted. */
  permissionsOf(agent: string): string[] {
    return this.grants.permissionsOf(agent);
  }
}

/**
 * The rate-limit key of one agent on one connector. The connector name is length-prefixed,
 * so no pair of names can collide (`a:b` + `c` vs `a` + `b:c`).
 */
export function rateLimitKey(connectorName: string, agent: string): string {
  return `${connectorName.length}:${connectorName}:${agent}`;
}

function deny(startedAt: number, check: CheckName, reason: string): ConnectionResult {
  return { allowed: false, check, reason, latencyMs: performance.now() - startedAt };
}
