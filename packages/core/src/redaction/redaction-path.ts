import { InvalidOptionError } from "../errors/invalid-option-error.js";

/** A path segment matching any key or array index. */
export const ANY_SEGMENT: unique symbol = Symbol("any segment");

/** One step of a redaction path: a key (array indices as decimal text) or any. */
export type RedactionPathSegment = string | typeof ANY_SEGMENT;

const identifier = /^[^.[\]]+/;

/**
 * Parses a redaction path: `$` then steps `.key`, `["key"]`, `[0]`, `.*` or `[*]`, e.g.
 * `$.card.number`, `$.items[*].cvv`, `$["x-secret"]`. Throws `InvalidOptionError` that points
 * at the position of the first problem.
 *
 * @example
 * parseRedactionPath("$.items[*].cvv"); // ["items", ANY_SEGMENT, "cvv"]
 */
export function parseRedactionPath(path: string): RedactionPathSegment[] {
  const fail = (position: number, problem: string): never => {
    throw new InvalidOptionError(
      `redaction path ${JSON.stringify(path)}: ${problem} at position ${position} (supported steps: .key, ["key"], [0], .*, [*])`,
    );
  };
  if (typeof path !== "string" || !path.startsWith("$")) fail(0, "must start with '$'");
  const segments: RedactionPathSegment[] = [];
  let position = 1;
  while (position < path.length) {
    const rest = path.slice(position);
    if (rest.startsWith(".")) {
      const name = identifier.exec(rest.slice(1))?.[0];
      if (name === undefined) fail(position + 1, "expected a key after '.'");
      segments.push(name === "*" ? ANY_SEGMENT : (name as string));
      position += 1 + (name as string).length;
      continue;
    }
    const bracket = /^\[(\*|\d+|"(?:[^"\\]|\\.)*")\]/.exec(rest);
    if (bracket === null) fail(position, "expected '.key' or '[...]'");
    const inner = (bracket as RegExpExecArray)[1] as string;
    segments.push(inner === "*" ? ANY_SEGMENT : inner.startsWith('"') ? JSON.parse(inner) : inner);
    position += (bracket as RegExpExecArray)[0].length;
  }
  if (segments.length === 0) fail(1, "must name at least one step below '$'");
  return segments;
}
