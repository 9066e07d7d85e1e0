import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { createGuard, type Guard, isGuard } from "../guard/create-guard.js";
import { describeValue } from "../support/describe-value.js";
import { isPromiseLike } from "../support/is-promise-like.js";
import type { AdapterOptions, ContextReader } from "./adapter-options.js";
import { agentIdValue } from "./agent-id-value.js";

/** What an adapter tells the kit about its framework. */
export interface AdapterFramework<Context, Details, OnDenied extends string> {
  /** The function being configured, for error messages (`"guardTools"`). */
  readonly owner: string;
  /** The `onDenied` values the adapter supports, the default first. */
  readonly onDeniedValues: readonly [OnDenied, ...OnDenied[]];
  /** The default identity lookup in the framework's context (checked by the identity rule). */
  readonly agentFromContext: (context: Context, details: Details) => unknown;
  /** Where the default lookup reads, for its error message (`"configurable.agentId"`). */
  readonly agentFromContextLabel: string;
  /** The default capability-token lookup. */
  readonly tokenFromContext: (context: Context, details: Details) => unknown;
}

/** {@link AdapterOptions} checked once and ready for every call. */
export interface ResolvedAdapterOptions<Context, Details, OnDenied extends string> {
  readonly guard: Guard;
  readonly onDenied: OnDenied;
  /** Sent as the attempts' `identityRequired`: unidentified calls are denied by the guard. */
  readonly identityRequired: boolean;
  /** The connector of a tool; a mapping that answers a blank name throws. */
  connectorNameOf(toolName: string): string;
  /**
   * The calling agent, or `undefined` when the call names none. Synchronous unless the
   * user's resolver answers with a promise; a malformed id throws (or rejects).
   */
  agentOf(context: Context, details: Details): string | undefined | Promise<string | undefined>;
  /** The call's capability token, passed on as found: the guard judges it. */
  tokenOf(context: Context, details: Details): unknown;
}

/**
 * Checks an adapter's options and resolves them, failing now with the option named rather
 * than on the first tool call: builds the guard from its configuration when one is given,
 * picks the identity source (`agentId` xor `resolveAgentId`, else the framework's default
 * lookup), the token lookup, the connector mapping and `onDenied`.
 *
 * @example
 * const options = resolveAdapterOptions(config, {
 *   owner: "guardTools",
 *   onDeniedValues: ["tool-error", "throw"],
 *   agentFromContext: (run) => run.configurable?.agentId,
 *   agentFromContextLabel: "configurable.agentId",
 *   tokenFromContext: (run) => run.configurable?.capabilityToken,
 * });
 * options.agentOf(run, details); // "support-bot"
 */
export function resolveAdapterOptions<Context, Details, OnDenied extends string>(
  options: AdapterOptions<Context, Details, OnDenied>,
  framework: AdapterFramework<Context, Details, OnDenied>,
): ResolvedAdapterOptions<Context, Details, OnDenied> {
  const owner = framework.owner;
  const fail = (problem: string): never => {
    throw new InvalidOptionError(`${owner}: ${problem}`);
  };
  if (typeof options !== "object" || options === null) {
    fail(`options must be an object with a 'guard' (got ${describeValue(options)})`);
  }
  const { guard, agentId, resolveAgentId, resolveCapabilityToken, connectorName } = options;
  if (typeof guard !== "object" || guard === null) {
    fail(
      `guard must be a Guard from createGuard, or the configuration createGuard takes (got ${describeValue(guard)})`,
    );
  }
  const onDenied = options.onDenied ?? framework.onDeniedValues[0];
  if (!framework.onDeniedValues.includes(onDenied)) {
    const accepted = framework.onDeniedValues.map((value) => `"${value}"`).join(", ");
    fail(`onDenied must be one of ${accepted} (got ${describeValue(onDenied)})`);
  }
  if (agentId !== undefined && resolveAgentId !== undefined) {
    fail("give either agentId (a fixed identity) or resolveAgentId, not both");
  }
  if (agentId !== undefined) agentIdValue(agentId, `${owner}: agentId`);
  const unidentified = options.unidentified ?? "deny";
  if (unidentified !== "deny" && unidentified !== "allow") {
    fail(`unidentified must be one of "deny", "allow" (got ${describeValue(unidentified)})`);
  }
  for (const [name, value] of [
    ["resolveAgentId", resolveAgentId],
    ["resolveCapabilityToken", resolveCapabilityToken],
    ["connectorName", connectorName],
  ] as const) {
    if (value !== undefined && typeof value !== "function") {
      fail(`${name} must be a function (got ${typeof value})`);
    }
  }
  return {
    guard: isGuard(guard) ? guard : createGuard(guard),
    onDenied,
    identityRequired: unidentified === "deny",
    connectorNameOf(toolName) {
      if (connectorName === undefined) return toolName;
      const name: unknown = connectorName(toolName);
      if (typeof name !== "string" || name.trim() === "") {
        fail(
          `connectorName('${toolName}') must return a non-blank string (got ${describeValue(name)})`,
        );
      }
      return name as string;
    },
    agentOf: agentResolver(agentId, resolveAgentId, framework),
    tokenOf: (resolveCapabilityToken ?? framework.tokenFromContext) as (
      context: Context,
      details: Details,
    ) => unknown,
  };
}

function agentResolver<Context, Details, OnDenied extends string>(
  agentId: string | undefined,
  resolveAgentId: ContextReader<Context, Details> | undefined,
  framework: AdapterFramework<Context, Details, OnDenied>,
): ResolvedAdapterOptions<Context, Details, OnDenied>["agentOf"] {
  if (agentId !== undefined) return () => agentId;
  if (resolveAgentId === undefined) {
    const label = framework.agentFromContextLabel;
    return (context, details) => agentIdValue(framework.agentFromContext(context, details), label);
  }
  const label = `${framework.owner}: the agent id returned by resolveAgentId`;
  return (context, details) => {
    const resolved = resolveAgentId(context, details);
    return isPromiseLike(resolved)
      ? Promise.resolve(resolved).then((value) => agentIdValue(value, label))
      : agentIdValue(resolved, label);
  };
}
