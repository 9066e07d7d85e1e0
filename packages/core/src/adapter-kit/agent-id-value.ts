import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { describeValue } from "../support/describe-value.js";

/**
 * The one identity rule of every adapter: an agent id is a non-blank string; `undefined`
 * means none was given. Anything else present where an agent id belongs is an application
 * bug, refused with `InvalidOptionError` naming where it was found — never run quietly as
 * another agent.
 *
 * @example
 * agentIdValue("support-bot", "configurable.agentId"); // "support-bot"
 * agentIdValue(undefined, "configurable.agentId"); // undefined
 * agentIdValue(" ", "configurable.agentId"); // throws: configurable.agentId must be a non-blank string …
 */
export function agentIdValue(value: unknown, where: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && value.trim() !== "") return value;
  throw new InvalidOptionError(
    `${where} must be a non-blank string naming the calling agent (got ${describeValue(value)})`,
  );
}
