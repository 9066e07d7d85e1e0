import { checkOptions } from "../options/check-options.js";
import type { CapabilityTokenOptions } from "../permissions/capability-token-options.js";
import {
  type CapabilityTokenVerifier,
  toCapabilityTokenVerifier,
} from "../permissions/capability-token-verifier.js";
import { PermissionCheck } from "../permissions/permission-check.js";
import { type AgentPermissionMap, PermissionGrants } from "../permissions/permission-grants.js";
import type { RateLimitStore } from "../rate-limit/rate-limit-store.js";
import { SlidingWindowRateLimiter } from "../rate-limit/sliding-window-rate-limiter.js";
import type { StoreErrorPolicy } from "../rate-limit/store-error-policy.js";
import type { ConnectorRegistry } from "../registry/connector-registry.js";
import { type InputLimits, resolveInputLimits } from "../schema/input-limits.js";
import type { ConnectionAttemptInit } from "../values/connection-attempt.js";
import type { ConnectionResult } from "../values/connection-result.js";
import type { GuardMode } from "../values/guard-mode.js";
import type { UnidentifiedPolicy } from "../values/unidentified-policy.js";
import { createDecisionContext } from "./decision-context.js";
import { inputSchemaCheck } from "./input-schema-check.js";
import { permissionStep } from "./permission-step.js";
import { pinCheck } from "./pin-check.js";
import type { PipelineCheck } from "./pipeline-check.js";
import { rateLimitCheck } from "./rate-limit-check.js";
import { registryCheck } from "./registry-check.js";
import { runChecks } from "./run-checks.js";

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
  /** A call naming no agent: run as `"unknown"` (`"allow"`, the default) or `"deny"` it. */
  readonly unidentified?: UnidentifiedPolicy;
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
  /** The pipeline's checks, in the order they run (see `PIPELINE_CHECKS`). */
  readonly checks: readonly PipelineCheck[];
  private readonly grants: PermissionGrants;

  constructor(registry: ConnectorRegistry, options: ConnectionValidatorOptions = {}) {
    checkOptions(
      options,
      [
        "rateLimitWindowSeconds",
        "onStoreError",
        "mode",
        "allowWildcardAll",
        "inputLimits",
        "unidentified",
      ],
      "ConnectionValidator",
    );
    this.registry = registry;
    this.rateLimiter = options.rateLimiter ?? new SlidingWindowRateLimiter();
    this.grants = new PermissionGrants(options.agentPermissions, {
      allowWildcardAll: options.allowWildcardAll,
    });
    this.rateLimitWindowSeconds = options.rateLimitWindowSeconds ?? 60;
    this.onStoreError = options.onStoreError ?? "deny";
    this.mode = options.mode ?? "enforce";
    this.capabilityTokens =
      options.capabilityTokens === undefined
        ? undefined
        : toCapabilityTokenVerifier(options.capabilityTokens);
    this.inputLimits = resolveInputLimits(options.inputLimits);
    this.checks = [
      registryCheck(registry),
      pinCheck(),
      permissionStep(
        new PermissionCheck(this.grants, this.capabilityTokens),
        options.unidentified ?? "allow",
      ),
      rateLimitCheck({
        store: this.rateLimiter,
        windowSeconds: this.rateLimitWindowSeconds,
        onStoreError: this.onStoreError,
      }),
      inputSchemaCheck(this.inputLimits),
    ];
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
   * was made. `checks` replaces the pipeline's own list, for a caller that adds a step (the
   * interceptor puts the audit-availability check first).
   */
  decideAt(
    attempt: ConnectionAttemptInit,
    startedAt: number,
    checks: readonly PipelineCheck[] = this.checks,
  ): ConnectionResult | Promise<ConnectionResult> {
    return runChecks(checks, createDecisionContext(attempt, startedAt, this.mode));
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
