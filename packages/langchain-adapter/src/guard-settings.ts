import { createGuard, type Guard, InvalidOptionError, isGuard } from "@aumai/connectorguard";
import { agentIdFromRun } from "./agent-id-from-run.js";
import { capabilityTokenFromRun } from "./capability-token-from-run.js";
import { describeValue } from "./describe-value.js";
import type {
  DeniedCallBehaviour,
  LangChainGuardOptions,
  RunContext,
} from "./langchain-guard-options.js";

/** {@link LangChainGuardOptions} checked and resolved once, when a tool or middleware is made. */
export interface GuardSettings {
  readonly guard: Guard;
  readonly onDenied: DeniedCallBehaviour;
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

/**
 * Checks the options of `caller` (`guardTools` or `connectorGuardMiddleware`) and resolves them:
 * builds the guard when given its configuration, picks the identity source, and fails now, with
 * the option named, rather than on the first tool call.
 */
export function resolveGuardSettings(
  options: LangChainGuardOptions,
  caller: string,
): GuardSettings {
  const fail = (problem: string): never => {
    throw new InvalidOptionError(`${caller}: ${problem}`);
  };
  if (typeof options !== "object" || options === null) {
    fail(`options must be an object with a 'guard' (got ${describeValue(options)})`);
  }
  const {
    guard,
    agentId,
    resolveAgentId,
    resolveCapabilityToken,
    connectorName,
    onDenied = "tool-error",
  } = options;
  if (typeof guard !== "object" || guard === null) {
    fail(
      `options.guard must be a Guard from createGuard or its configuration (got ${describeValue(guard)})`,
    );
  }
  if (onDenied !== "tool-error" && onDenied !== "throw") {
    fail(`options.onDenied must be "tool-error" or "throw" (got ${describeValue(onDenied)})`);
  }
  if (agentId !== undefined && resolveAgentId !== undefined) {
    fail("give options.agentId or options.resolveAgentId, not both");
  }
  if (agentId !== undefined && !isAgentId(agentId)) {
    fail(`options.agentId must be a non-blank string (got ${describeValue(agentId)})`);
  }
  if (resolveAgentId !== undefined && typeof resolveAgentId !== "function") {
    fail(`options.resolveAgentId must be a function (got ${describeValue(resolveAgentId)})`);
  }
  if (resolveCapabilityToken !== undefined && typeof resolveCapabilityToken !== "function") {
    fail(
      `options.resolveCapabilityToken must be a function (got ${describeValue(resolveCapabilityToken)})`,
    );
  }
  if (connectorName !== undefined && typeof connectorName !== "function") {
    fail(`options.connectorName must be a function (got ${describeValue(connectorName)})`);
  }

  return {
    guard: isGuard(guard) ? guard : createGuard(guard),
    onDenied,
    connectorNameOf(toolName) {
      if (connectorName === undefined) return toolName;
      const name = connectorName(toolName);
      if (typeof name !== "string" || name.trim() === "") {
        fail(
          `options.connectorName('${toolName}') must return a non-blank string (got ${describeValue(name)})`,
        );
      }
      return name;
    },
    agentIdOf:
      agentId !== undefined
        ? () => agentId
        : resolveAgentId === undefined
          ? (readRun) => agentIdFromRun(readRun())
          : (readRun) => {
              const resolved = resolveAgentId(readRun());
              if (resolved !== undefined && !isAgentId(resolved)) {
                fail(
                  `options.resolveAgentId must return a non-blank string or undefined (got ${describeValue(resolved)})`,
                );
              }
              return resolved;
            },
    capabilityTokenOf: (readRun) =>
      (resolveCapabilityToken ?? capabilityTokenFromRun)(readRun()) as string | undefined,
  };
}

function isAgentId(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}
