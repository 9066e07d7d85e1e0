import { describeType } from "../support/describe-type.js";
import { isPromiseLike } from "../support/is-promise-like.js";
import { reasonText } from "../support/reason-text.js";
import { type ConnectionAttemptInit, DEFAULT_SOURCE_AGENT } from "../values/connection-attempt.js";
import type {
  CapabilityTokenVerification,
  CapabilityTokenVerifier,
} from "./capability-token-verifier.js";
import type { PermissionGrants } from "./permission-grants.js";

/** The permission check's answer: who the agent is, and whether it holds what is required. */
export type PermissionVerdict =
  | {
      readonly held: true;
      /** The agent the rate limit counts: the token's `sub`, or the name given. */
      readonly agent: string;
      /** Set when the identity came from a verified capability token. */
      readonly verifiedAgent?: string;
    }
  | { readonly held: false; readonly reason: string; readonly verifiedAgent?: string };

/**
 * The permission step of the pipeline: a verified capability token when the attempt carries
 * one (or when tokens are required), else the static grants. Answers synchronously for static
 * grants and for tokens already verified; never throws.
 *
 * @example
 * const permissions = new PermissionCheck(new PermissionGrants({ bot: ["db:*"] }), undefined);
 * permissions.check({ connectorName: "db", sourceAgent: "bot" }, ["db:read"]);
 * // { held: true, agent: "bot" }
 */
export class PermissionCheck {
  constructor(
    private readonly grants: PermissionGrants,
    private readonly tokens: CapabilityTokenVerifier | undefined,
  ) {}

  /** Whether the attempt's agent holds every permission in `required`. */
  check(
    attempt: ConnectionAttemptInit,
    required: readonly string[],
  ): PermissionVerdict | Promise<PermissionVerdict> {
    const token: unknown = attempt.capabilityToken;
    const tokens = this.tokens;
    if (token === undefined && (tokens === undefined || !tokens.required)) {
      return this.checkGrants(attempt.sourceAgent ?? DEFAULT_SOURCE_AGENT, required);
    }
    if (tokens === undefined) {
      return refuse(
        "a capability token was given but this guard verifies none (configure capabilityTokens)",
      );
    }
    if (token === undefined) {
      return refuse(
        "a capability token is required (capabilityTokens.required) and the attempt carries none",
      );
    }
    const verification = tokens.verify(token);
    if (isPromiseLike(verification)) {
      return verification.then((verified) => checkToken(verified, required));
    }
    return checkToken(verification, required);
  }

  private checkGrants(agent: unknown, required: readonly string[]): PermissionVerdict {
    if (typeof agent !== "string") {
      return refuse(`sourceAgent must be a string (got ${describeType(agent)})`);
    }
    if (this.grants.holdsAll(agent, required)) return { held: true, agent };
    const missing = this.grants.missing(agent, required);
    return refuse(
      `agent '${reasonText(agent)}' is missing required permissions: ${missing.join(", ")}`,
    );
  }
}

function checkToken(
  verification: CapabilityTokenVerification,
  required: readonly string[],
): PermissionVerdict {
  if (!verification.valid) return refuse(verification.reason);
  const agent = verification.agent;
  if (verification.permissions.coversAll(required)) {
    return { held: true, agent, verifiedAgent: agent };
  }
  const missing = verification.permissions.missing(required);
  return {
    held: false,
    reason: `agent '${reasonText(agent)}' is missing required permissions: ${missing.join(", ")} (missing scope in its capability token)`,
    verifiedAgent: agent,
  };
}

function refuse(reason: string): PermissionVerdict {
  return { held: false, reason };
}
