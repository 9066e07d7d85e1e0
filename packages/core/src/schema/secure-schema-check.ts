import { inputLimitProblem } from "./input-limits.js";
import type { JsonSchema } from "./json-schema.js";
import type { SchemaDialect } from "./schema-dialect.js";
import { buildSchemaGraph, type SchemaNode } from "./schema-graph.js";

/**
 * Caps on a schema at registration, so that compiling it stays within about 100 ms and the
 * compiled check within a bounded amount of work per input value.
 */
export const SCHEMA_LIMITS = {
  /** Size of the schema document, counted as for inputs (one per value plus string lengths). */
  maxSize: 200_000,
  /** Nesting of the schema document's objects and arrays. */
  maxDepth: 128,
  /** Subschemas in the document. */
  maxSubschemas: 500,
  /** Characters in one `pattern` or `patternProperties` key (RE2's work is input × pattern). */
  maxPatternLength: 1_000,
  /**
   * Subschemas that may apply to one input value, over every nesting depth up to
   * `recursionDepth`: what recursion through `$ref` multiplies.
   */
  maxApplicableSubschemas: 10_000,
  /** The input nesting the recursion bound is computed for (the default input `maxDepth`). */
  recursionDepth: 64,
} as const;

/**
 * Why `schema` is unsafe for validating untrusted input, or undefined when it is safe. One walk
 * over every subschema location of every supported dialect (see `subschemaLocations`) checks:
 * the document's size, nesting and number of subschemas; pattern lengths; `$ref`s that point
 * into the schema but at no subschema (data such as a `default` must not become a schema);
 * `$ref` cycles that do not descend into the input (endless recursion); and recursion that
 * lets the number of subschemas applying to one input value grow with nesting — a recursive
 * `oneOf` whose branches both descend checks a 46-byte input 2^22 times. `enum` and
 * `uniqueItems` need no rule: the guard compiles both to hash lookups.
 *
 * @example
 * secureSchemaProblem({ $defs: { n: { oneOf: [{ items: { $ref: "#/$defs/n" } }, { items: { $ref: "#/$defs/n" } }] } }, $ref: "#/$defs/n" });
 * // "at #/$defs/n/…: recursion through $ref lets more than 10000 subschemas apply to one input value …"
 * secureSchemaProblem({ type: "array", uniqueItems: true }); // undefined
 */
export function secureSchemaProblem(
  schema: JsonSchema,
  dialect: SchemaDialect = "2020-12",
): string | undefined {
  const sizeProblem = inputLimitProblem(
    schema,
    { maxSize: SCHEMA_LIMITS.maxSize, maxDepth: SCHEMA_LIMITS.maxDepth },
    "schema",
  );
  if (sizeProblem !== undefined) return sizeProblem;
  const { nodes, strayReference } = buildSchemaGraph(schema, dialect);
  if (nodes.length > SCHEMA_LIMITS.maxSubschemas) {
    return `schema has ${nodes.length} subschemas (over the limit of ${SCHEMA_LIMITS.maxSubschemas})`;
  }
  if (strayReference !== undefined) {
    return `at ${strayReference.pointer}: $ref ${JSON.stringify(strayReference.reference)} does not point at a subschema of this schema`;
  }
  let loneIf: string | undefined;
  let unevaluated = false;
  for (const node of nodes) {
    const problem = patternProblem(node);
    if (problem !== undefined) return `at ${node.pointer}: ${problem}`;
    if (typeof node.schema !== "object" || node.schema === null) continue;
    const record = node.schema as Record<string, unknown>;
    if ("unevaluatedProperties" in record || "unevaluatedItems" in record) unevaluated = true;
    if ("if" in record && !("then" in record) && !("else" in record)) loneIf ??= node.pointer;
  }
  // ajv skips a lone `if`, which changes no verdict — unless `unevaluated*` reads its annotations.
  if (loneIf !== undefined && unevaluated) {
    return `at ${loneIf}: an 'if' without 'then' or 'else' beside unevaluatedProperties/unevaluatedItems (ajv skips such an 'if' and would not count what it evaluated)`;
  }
  return recursionProblem(nodes);
}

function patternProblem(node: SchemaNode): string | undefined {
  if (typeof node.schema !== "object" || node.schema === null) return undefined;
  const record = node.schema as Record<string, unknown>;
  const patterns = [
    ...(typeof record.pattern === "string" ? [record.pattern] : []),
    ...(typeof record.patternProperties === "object" && record.patternProperties !== null
      ? Object.keys(record.patternProperties)
      : []),
  ];
  const long = patterns.find((pattern) => pattern.length > SCHEMA_LIMITS.maxPatternLength);
  return long === undefined
    ? undefined
    : `a pattern of ${long.length} characters (over the limit of ${SCHEMA_LIMITS.maxPatternLength})`;
}

/**
 * Bounds, depth by depth, how many subschema evaluations one input value can cost: `work[d][n]`
 * is the most evaluations at one input location d levels below where node n applies — 1 for n
 * itself at depth 0, else the worst child class (one child is either a property or an item,
 * never both) — plus what n's in-place targets cost there. Taking the worst class for each
 * node separately can only over-count. Saturates just above the cap: nodes × edges × depth.
 */
function recursionProblem(nodes: readonly SchemaNode[]): string | undefined {
  const order = inPlaceOrder(nodes);
  if (typeof order === "string") return order;
  const cap = SCHEMA_LIMITS.maxApplicableSubschemas;
  const classes = nodes.map((node) => childClasses(node));
  let previous: Float64Array | undefined;
  for (let depth = 0; depth <= SCHEMA_LIMITS.recursionDepth; depth++) {
    const work = new Float64Array(nodes.length);
    for (let cursor = order.length - 1; cursor >= 0; cursor--) {
      const index = order[cursor] as number;
      let total = 0;
      if (previous === undefined) total = 1;
      else {
        for (const targets of classes[index] as number[][]) {
          let sum = 0;
          for (const target of targets) sum += previous[target] as number;
          if (sum > total) total = sum;
        }
      }
      for (const target of (nodes[index] as SchemaNode).inPlace) total += work[target] as number;
      work[index] = Math.min(cap + 1, total);
    }
    if ((work[0] as number) > cap) {
      return `at ${heaviest(nodes, work)}: recursion through $ref lets more than ${cap} subschemas apply to one input value at nesting depth ${depth} (branches that each descend into the same value, as a recursive oneOf/anyOf/allOf does, multiply at every level)`;
    }
    if (work[0] === 0) return undefined;
    previous = work;
  }
  return undefined;
}

/** The pointer of the non-root node that costs the most, where the blow-up shows. */
function heaviest(nodes: readonly SchemaNode[], work: Float64Array): string {
  let best = 0;
  for (let index = 1; index < nodes.length; index++) {
    if ((work[index] as number) > (work[best] as number) || best === 0) best = index;
  }
  return (nodes[best] as SchemaNode).pointer;
}

/** The node's child classes, each with the subschemas that reach any child (`any`) added. */
function childClasses(node: SchemaNode): number[][] {
  const everyChild = node.children.get("any") ?? [];
  const classes = [...node.children.entries()]
    .filter(([name]) => name !== "any")
    .map(([, targets]) => [...targets, ...everyChild]);
  return classes.length === 0 ? [everyChild] : classes;
}

/** The nodes in an order where every in-place edge points forward, or the cycle's problem. */
function inPlaceOrder(nodes: readonly SchemaNode[]): number[] | string {
  const state = new Uint8Array(nodes.length); // 0 new, 1 on the path, 2 done
  const order: number[] = [];
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] !== 0) continue;
    const stack: [number, number][] = [[start, 0]];
    state[start] = 1;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1] as [number, number];
      const [index, edge] = frame;
      const targets = (nodes[index] as SchemaNode).inPlace;
      if (edge < targets.length) {
        frame[1]++;
        const target = targets[edge] as number;
        if (state[target] === 1) {
          return `at ${(nodes[target] as SchemaNode).pointer}: a $ref cycle that never descends into the input (validation would recurse forever)`;
        }
        if (state[target] === 0) {
          state[target] = 1;
          stack.push([target, 0]);
        }
      } else {
        state[index] = 2;
        order.push(index);
        stack.pop();
      }
    }
  }
  return order.reverse();
}
