import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { CapabilityTokenOptions } from "../permissions/capability-token-options.js";
import {
  type CapabilityTokenVerifier,
  toCapabilityTokenVerifier,
} from "../permissions/capability-token-verifier.js";
import { PermissionCheck, type PermissionVerdict } from "../permissions/permission-check.js";
import { type AgentPermissionMap, PermissionGrants } from "../permissions/permission-grants.js";
import type { RateLimitDecision, RateLimitStore } from "../rate-limit/rate-limit-store.js";
import { SlidingWindowRateLimiter } from "../rate-limit/sliding-window-rate-limiter.js";
import type { ConnectorRegistry, RegisteredConnector } from "../registry/connector-registry.js";
import { describeType, GUARD_MODES, type GuardMode } from "../schema/connector-schema.js";
import { type InputLimits, inputLimitProblem, resolveInputLimits } from "../schema/input-limits.js";
import { describeSchemaErrors } from "../schema/json-schema-compiler.js";
import type { ConnectionAttemptInit } from "./connection-attempt.js";
import type { ConnectionResult } from "./connection-result.js";
import { failedCheck, passedChecks } from "./decision-result.js";
import { isPromiseLike } from "./is-promise-like.js";
import { reasonText } from "./reason-text.js";

/** What the pipeline does when the rate-limit store cannot decide (down, slow, broken). */
export type StoreErrorPolicy = "deny" | "allow";

/** Options of {@link ConnectionValidator}. */
export interface ConnectionValidatorOptions {
  /** Where rate-limit state lives; defaults to an in-process `SlidingWindowRateLimiter`. */
  readonly rateLimiter?: RateLimitStore;
  /** Initial static grants: agent id → permissions (segment wildcards allowed). */
  readonly agentPermissions?: AgentPermissionMap;
  /** The sliding window every connector's `rateLimit` applies to, in seconds (default 60). */
  readonly rateLimitWindowSeconds?: number;
  /**
   * When the rate-limit store fails: `"deny"` (fail closed, the default) or `"allow"` (fail
   * open). Either way the reason says the store was unavailable.
   */
  readonly onStoreError?: StoreErrorPolicy;
  /** `"enforce"` (the default) or `"shadow"`; a connector's own `mode` wins. */
  readonly mode?: GuardMode;
  /** Verify capability tokens carried by attempts (see `CapabilityTokenOptions`). */
  readonly capabilityTokens?: CapabilityTokenOptions | CapabilityTokenVerifier;
  /** Accept static grants made only of wildcards (`*`, `**`…). Refused by default. */
  readonly allowWildcardAll?: boolean;
  /** Caps on input size and nesting, checked before the schema (defaults: 1 000 000 and 64). */
  readonly inputLimits?: InputLimits;
}

/**
 * The pipeline — registry, pin, permission, rate limit, input schema — run in that order and
 * stopped at the first failure. Every result carries a reason and the time it took. The
 * permission check reads static grants, or a verified capability token when the attempt
 * carries one (its `sub` then names the agent). In shadow mode a failed check allows the call
 * and says what would have denied it.
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
  /** The guard-wide mode; a connector's own `mode` overrides it. */
  readonly mode: GuardMode;
  /** The capability-token verifier, when tokens are configured. */
  readonly capabilityTokens: CapabilityTokenVerifier | undefined;
  readonly inputLimits: Required<InputLimits>;
  private readonly grants: PermissionGrants;
  private readonly permissions: PermissionCheck;

  constructor(registry: ConnectorRegistry, options: ConnectionValidatorOptions = {}) {
    this.registry = registry;
    this.rateLimiter = options.rateLimiter ?? new SlidingWindowRateLimiter();
    this.grants = new PermissionGrants(options.agentPermissions, {
      allowWildcardAll: options.allowWildcardAll,
    });
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
    this.mode = options.mode ?? "enforce";
    if (!GUARD_MODES.includes(this.mode)) {
      throw new InvalidOptionError(
        `mode must be "enforce" or "shadow" (got ${JSON.stringify(options.mode)})`,
      );
    }
    this.capabilityTokens =
      options.capabilityTokens === undefined
        ? undefined
        : toCapabilityTokenVerifier(options.capabilityTokens);
    this.inputLimits = resolveInputLimits(options.inputLimits);
    this.permissions = new PermissionCheck(this.grants, this.capabilityTokens);
  }

  /** Decides one attempt. Never rejects: every failure is a denial with a reason. */
  async validate(attempt: ConnectionAttemptInit): Promise<ConnectionResult> {
    return this.decide(attempt);
  }

  /**
   * `validate` without the promise when every step answers synchronously (the in-process
   * limiter, static grants or an already-verified token), so the hot path allocates no
   * promise. Never throws and never rejects.
   */
  decide(attempt: ConnectionAttemptInit): ConnectionResult | Promise<ConnectionResult> {
    return this.decideAt(attempt, performance.now());
  }

  /**
   * `decide`, timed from `startedAt` (a `performance.now()` reading the caller already took):
   * the result's `latencyMs` runs from it, so `startedAt + latencyMs` is when the decision
   * was made. Lets the interceptor read the clock once for the decision and its audit time.
   */
  decideAt(
    attempt: ConnectionAttemptInit,
    startedAt: number,
  ): ConnectionResult | Promise<ConnectionResult> {
    try {
      const decided = this.decideFrom(attempt, startedAt);
      if (!isPromiseLike(decided)) return decided;
      return Promise.resolve(decided).then(undefined, (error: unknown) =>
        this.unexpected(error, startedAt),
      );
    } catch (error) {
      return this.unexpected(error, startedAt);
    }
  }

  private decideFrom(
    attempt: ConnectionAttemptInit,
    startedAt: number,
  ): ConnectionResult | Promise<ConnectionResult> {
    if (typeof attempt !== "object" || attempt === null) {
      return failedCheck(startedAt, this.mode, "registry", "the attempt must be an object");
    }
    const connectorName: unknown = attempt.connectorName;
    if (typeof connectorName !== "string") {
      return failedCheck(
        startedAt,
        this.mode,
        "registry",
        `connectorName must be a string (got ${describeType(connectorName)})`,
      );
    }
    const connector = this.registry.find(connectorName);
    if (connector === undefined) {
      return failedCheck(
        startedAt,
        this.mode,
        "registry",
        `connector '${reasonText(connectorName)}' is not registered`,
      );
    }
    const schema = connector.schema;
    const mode = schema.mode ?? this.mode;
    if (schema.pin !== undefined && attempt.toolDefinitionHash !== schema.pin) {
      return failedCheck(startedAt, mode, "pin", pinReason(connectorName, attempt, schema.pin));
    }

    const verdict = this.permissions.check(attempt, schema.requiredPermissions);
    if (isPromiseLike(verdict)) {
      return Promise.resolve(verdict).then((settled) =>
        this.afterPermission(settled, connector, mode, attempt, startedAt),
      );
    }
    return this.afterPermission(verdict, connector, mode, attempt, startedAt);
  }

  private afterPermission(
    verdict: PermissionVerdict,
    connector: RegisteredConnector,
    mode: GuardMode,
    attempt: ConnectionAttemptInit,
    startedAt: number,
  ): ConnectionResult | Promise<ConnectionResult> {
    if (!verdict.held) {
      return failedCheck(startedAt, mode, "permission", verdict.reason, {
        verifiedAgent: verdict.verifiedAgent,
      });
    }
    return this.checkRateLimit(
      connector,
      mode,
      attempt,
      verdict.agent,
      verdict.verifiedAgent,
      startedAt,
    );
  }

  private checkRateLimit(
    connector: RegisteredConnector,
    mode: GuardMode,
    attempt: ConnectionAttemptInit,
    agent: string,
    verifiedAgent: string | undefined,
    startedAt: number,
  ): ConnectionResult | Promise<ConnectionResult> {
    let pending: RateLimitDecision | Promise<RateLimitDecision>;
    try {
      pending = this.rateLimiter.consume(
        rateLimitKey(connector.schema.name, agent),
        this.rateLimitWindowSeconds,
        connector.schema.rateLimit,
      );
    } catch (error) {
      return this.afterStoreFailure(error, connector, mode, attempt, verifiedAgent, startedAt);
    }
    if (isPromiseLike(pending)) {
      return Promise.resolve(pending).then(
        (decision) =>
          this.afterRateLimit(decision, connector, mode, attempt, verifiedAgent, startedAt),
        (error: unknown) =>
          this.afterStoreFailure(error, connector, mode, attempt, verifiedAgent, startedAt),
      );
    }
    return this.afterRateLimit(pending, connector, mode, attempt, verifiedAgent, startedAt);
  }

  private afterStoreFailure(
    error: unknown,
    connector: RegisteredConnector,
    mode: GuardMode,
    attempt: ConnectionAttemptInit,
    verifiedAgent: string | undefined,
    startedAt: number,
  ): ConnectionResult {
    const storeFailure = `rate-limit store unavailable: ${reasonText(error instanceof Error ? error.message : String(error), 200)}`;
    if (this.onStoreError === "deny") {
      return failedCheck(startedAt, mode, "rate-limit", `${storeFailure}; denying (fail closed)`, {
        verifiedAgent,
      });
    }
    const admitted = {
      allowed: true,
      count: 0,
      limit: connector.schema.rateLimit,
      retryAfterMs: 0,
    };
    return this.afterRateLimit(
      admitted,
      connector,
      mode,
      attempt,
      verifiedAgent,
      startedAt,
      storeFailure,
    );
  }

  private afterRateLimit(
    decision: RateLimitDecision,
    connector: RegisteredConnector,
    mode: GuardMode,
    attempt: ConnectionAttemptInit,
    verifiedAgent: string | undefined,
    startedAt: number,
    storeFailure?: string,
  ): ConnectionResult {
    if (!decision.allowed) {
      const retryInSeconds = (decision.retryAfterMs / 1000).toFixed(1);
      const { name, rateLimit } = connector.schema;
      return failedCheck(
        startedAt,
        mode,
        "rate-limit",
        `rate limit exceeded for connector '${reasonText(name)}' (limit: ${rateLimit} req/${this.rateLimitWindowSeconds}s); retry in ${retryInSeconds}s`,
        { retryAfterMs: decision.retryAfterMs, verifiedAgent },
      );
    }
    const input = attempt.inputData === undefined ? {} : attempt.inputData;
    const problem =
      inputLimitProblem(input, this.inputLimits) ?? this.schemaProblem(connector, input);
    if (problem !== undefined) {
      return failedCheck(startedAt, mode, "input-schema", problem, { verifiedAgent });
    }
    return passedChecks(startedAt, verifiedAgent, storeFailure);
  }

  private schemaProblem(connector: RegisteredConnector, input: unknown): string | undefined {
    const validateInput = connector.validateInput;
    if (validateInput === undefined) return undefined;
    try {
      if (validateInput(input)) return undefined;
    } catch (error) {
      return `input could not be validated (${reasonText(error instanceof Error ? error.message : String(error))})`;
    }
    return `input validation failed: ${describeSchemaErrors(validateInput.errors)}`;
  }

  private unexpected(error: unknown, startedAt: number): ConnectionResult {
    const detail = reasonText(error instanceof Error ? error.message : String(error));
    return failedCheck(
      startedAt,
      "enforce",
      "registry",
      `the attempt could not be decided (${detail})`,
    );
  }

  /** Gives `agent` a permission, effective from the next decision; a malformed one throws. */
  grantPermission(agent: string, permission: string): void {
    this.grants.grant(agent, permission);
  }

  /** Takes a permission (as granted) from `agent`; returns whether it was held. */
  revokePermission(agent: string, permission: string): boolean {
    return this.grants.revoke(agent, permission);
  }

  /** The permissions `agent` holds statically, sorted. */
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

function pinReason(connectorName: string, attempt: ConnectionAttemptInit, pin: string): string {
  const current: unknown = attempt.toolDefinitionHash;
  const name = reasonText(connectorName);
  if (current === undefined) {
    return `connector '${name}' is pinned to ${pin} but the call carries no tool definition hash`;
  }
  const shown = typeof current === "string" ? reasonText(current, 80) : describeType(current);
  return `tool definition of '${name}' changed since it was pinned (pinned ${pin}, now ${shown}); calls are denied until the pin is updated`;
}
