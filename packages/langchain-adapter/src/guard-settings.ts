import type { Guard } from "@aumai/connectorguard";
import { type AdapterOptions, resolveAdapterOptions } from "@aumai/connectorguard/adapter-kit";
import { agentIdFromRun } from "./agent-id-from-run.js";
import { capabilityTokenFromRun } from "./capability-token-from-run.js";
import type {
  DeniedCallBehaviour,
  LangChainGuardOptions,
  RunContext,
} from "./langchain-guard-options.js";

/** {@link LangChainGuardOptions} checked and resolved once, when a tool or middleware is made. */
export interface GuardSettings {
  readonly guard: Guard;
  readonly onDenied: DeniedCallBehaviour;
  /** Unidentified calls are denied by the guard (`unidentified: "deny"`, the default). */
  readonly identityRequired: boolean;
  /** The connector a tool's calls are addressed to. */
  connectorNameOf(toolName: string): string;
  /**
   * The calling agent, or undefined for the core's default agent. `readRun` is only called
   * when the identity depends on the run (not for a fixed `agentId`).
   */
  agentIdOf(readRun: () => RunContext): string | undefined;
  /**
   * The call's capability token, or undefined. Whatever is found is passed on as it is: the
   * guard, not the adapter, judges a token (a malformed one is denied and audited).
   */
  capabilityTokenOf(readRun: () => RunContext): string | undefined;
}

const deniedCallBehaviours: readonly [DeniedCallBehaviour, ...DeniedCallBehaviour[]] = [
  "tool-error",
  "throw",
];

/**
 * LangChain's side of the core's adapter kit: checks the options of `caller` (`guardTools`
 * or `connectorGuardMiddleware`) with `resolveAdapterOptions`, LangChain's defaults reading
 * the run (`configurable`, then `metadata`), and fails now, with the option named, rather than
 * on the first tool call.
 *
 * @example
 * const settings = resolveGuardSettings({ guard, agentId: "support-bot" }, "guardTools");
 */
export function resolveGuardSettings(
  options: LangChainGuardOptions,
  caller: string,
): GuardSettings {
  const resolved = resolveAdapterOptions(kitOptions(options), {
    owner: caller,
    onDeniedValues: deniedCallBehaviours,
    agentFromContext: (readRun) => agentIdFromRun(readRun()),
    agentFromContextLabel: "the run's agentId",
    tokenFromContext: (readRun) => capabilityTokenFromRun(readRun()),
  });
  return {
    guard: resolved.guard,
    onDenied: resolved.onDenied,
    identityRequired: resolved.identityRequired,
    connectorNameOf: resolved.connectorNameOf,
    // LangChain's resolvers answer synchronously, so the kit's answers are plain values.
    agentIdOf: (readRun) => resolved.agentOf(readRun, undefined) as string | undefined,
    capabilityTokenOf: (readRun) => resolved.tokenOf(readRun, undefined) as string | undefined,
  };
}

type KitOptions = AdapterOptions<() => RunContext, undefined, DeniedCallBehaviour>;

/** LangChain's resolvers take the run; the kit's take a context, here a lazy read of the run. */
function kitOptions(options: LangChainGuardOptions): KitOptions {
  if (typeof options !== "object" || options === null) return options as KitOptions;
  const { resolveAgentId, resolveCapabilityToken } = options;
  return {
    ...options,
    resolveAgentId:
      typeof resolveAgentId === "function"
        ? (readRun) => resolveAgentId(readRun())
        : (resolveAgentId as KitOptions["resolveAgentId"]),
    resolveCapabilityToken:
      typeof resolveCapabilityToken === "function"
        ? (readRun) => resolveCapabilityToken(readRun())
        : (resolveCapabilityToken as KitOptions["resolveCapabilityToken"]),
  };
}
