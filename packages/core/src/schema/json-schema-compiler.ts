import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { reasonText } from "../support/reason-text.js";
import { useConstantTimeKeywords } from "./constant-time-keywords.js";
import type { JsonSchema } from "./json-schema.js";
import { linearTimeRegExp } from "./linear-time-regexp.js";
import { DEFAULT_SCHEMA_DIALECT, type SchemaDialect, schemaDialectOf } from "./schema-dialect.js";
import { secureSchemaProblem } from "./secure-schema-check.js";

// ajv-formats is CommonJS; depending on the loader its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** A compiled JSON Schema check. */
export type CompiledSchema = ValidateFunction;

/** Options of {@link JsonSchemaCompiler}. */
export interface JsonSchemaCompilerOptions {
  /** The dialect of a schema without `$schema` (default `"2020-12"`, as MCP specifies). */
  readonly schemaDialect?: SchemaDialect;
}

// ajv's strict mode both catches mistakes (an unknown keyword is usually a typo: `propertes`)
// and refuses legal schemas (a lone `if`, `additionalItems` beside a single `items`). Its
// checks report through the logger when strictSchema is "log"; this one throws for the first
// kind and stays quiet for the rest, which the specification allows and ignores.
const strictLogger = {
  log() {},
  error() {},
  warn(message: unknown) {
    const text = String(message);
    if (text.includes("unknown keyword")) throw new Error(text);
  },
};

const ajvOptions: Options = {
  strictSchema: "log",
  strictNumbers: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowMatchingProperties: true,
  allErrors: false,
  $data: false,
  logger: strictLogger,
  validateFormats: true,
  // Inherited properties (a polluted Object.prototype) must not satisfy `required`.
  ownProperties: true,
  code: { regExp: linearTimeRegExp },
};

const ajvClasses: Readonly<Record<SchemaDialect, new (options: Options) => Ajv>> = {
  "draft-07": Ajv,
  "2019-09": Ajv2019,
  "2020-12": Ajv2020,
};

/**
 * Compiles connector JSON Schemas in the dialect each declares (`$schema`: draft-07, 2019-09
 * or 2020-12; `schemaDialect` when it has none) with ajv's own class for that dialect,
 * hardened for untrusted input: unknown keywords and formats are errors; the schema must pass
 * `secureSchemaProblem` (size, patterns, recursion); `enum` and `uniqueItems` are hash
 * lookups; no `$data`, no remote `$ref` (nothing is ever fetched); `pattern` on a linear-time
 * engine; only own properties of the input read; NaN and Infinity refused as numbers; the
 * first error only at call time. Each schema compiles in isolation: whatever it adds to ajv
 * (its `$id`s) is removed again, so two connectors may share an `$id`.
 *
 * @example
 * const compiler = new JsonSchemaCompiler();
 * const check = compiler.compile({ type: "object", properties: { n: { type: "integer" } } });
 * check?.({ n: 1.5 }); // false
 */
export class JsonSchemaCompiler {
  readonly schemaDialect: SchemaDialect;

  constructor(options: JsonSchemaCompilerOptions = {}) {
    this.schemaDialect = options.schemaDialect ?? DEFAULT_SCHEMA_DIALECT;
  }

  /**
   * Compiles `schema`, or returns undefined when it accepts everything (`true` or `{}`), so the
   * hot path can skip the check. Throws an error naming the problem for an invalid schema, an
   * unsupported dialect, or one unsafe for untrusted input.
   */
  compile(schema: JsonSchema | undefined): CompiledSchema | undefined {
    if (schema === undefined || schema === true) return undefined;
    if (typeof schema === "object" && Object.keys(schema).length === 0) return undefined;
    const dialect = schemaDialectOf(schema, this.schemaDialect);
    const problem = secureSchemaProblem(schema, dialect);
    if (problem !== undefined) throw new Error(`unsafe for untrusted input ${problem}`);
    return compileIsolated(ajvFor(dialect), schema);
  }

  /** Kept for callers of the shared-instance design: compiled schemas leave nothing behind. */
  forget(_schema: JsonSchema | undefined): void {}
}

// One ajv per dialect for the whole process: building one (and compiling its meta-schemas)
// costs milliseconds, and compileIsolated leaves each exactly as it found it.
const instances = new Map<SchemaDialect, Ajv>();

function ajvFor(dialect: SchemaDialect): Ajv {
  let ajv = instances.get(dialect);
  if (ajv === undefined) {
    ajv = new ajvClasses[dialect](ajvOptions);
    addFormats(ajv);
    useConstantTimeKeywords(ajv);
    // ajv resolves `$anchor` but does not list it as a keyword, so strict mode calls it unknown.
    if (dialect !== "draft-07") ajv.addKeyword({ keyword: "$anchor", schemaType: "string" });
    instances.set(dialect, ajv);
  }
  return ajv;
}

/**
 * Compiles `schema` and removes from `ajv` everything the compilation added — the schema by
 * its `$id`, the `$id`s nested in it, its cache entries — so the next schema sees only the
 * meta-schemas. The compiled function keeps what it needs.
 */
function compileIsolated(ajv: Ajv, schema: JsonSchema): CompiledSchema {
  // `$schema` picked the instance; the instance's own meta-schema URI is the canonical one.
  const bare =
    typeof schema === "object" && Object.hasOwn(schema, "$schema")
      ? (({ $schema: _dialect, ...rest }) => rest)(schema as Record<string, unknown>)
      : schema;
  const refs = new Set(Object.keys(ajv.refs));
  const schemas = new Set(Object.keys(ajv.schemas));
  const cache = (ajv as unknown as { _cache?: Map<unknown, unknown> })._cache;
  const cached = cache?.size ?? 0;
  try {
    return ajv.compile(bare);
  } finally {
    for (const key of Object.keys(ajv.refs)) if (!refs.has(key)) delete ajv.refs[key];
    for (const key of Object.keys(ajv.schemas)) if (!schemas.has(key)) delete ajv.schemas[key];
    if (cache !== undefined) {
      let index = 0;
      for (const key of [...cache.keys()]) if (index++ >= cached) cache.delete(key);
    }
  }
}

const shownEnumValues = 5;

/**
 * Turns ajv's errors into one line a person or a model can act on, e.g.
 * `/temperature must be <= 2` or `must have required property 'prompt'`. Property names come
 * from the input, so they are escaped and cut short; an `enum` shows its first few values and
 * how many more there are.
 *
 * @example
 * if (!check(input)) console.log(describeSchemaErrors(check.errors));
 */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (first === undefined) return "input does not match the schema";
  let message = first.message ?? `failed keyword '${first.keyword}'`;
  if (first.keyword === "additionalProperties") {
    message += ` '${reasonText(String((first.params as { additionalProperty?: unknown }).additionalProperty))}'`;
  } else if (first.keyword === "enum") {
    const allowed = (first.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    const shown = allowed.slice(0, shownEnumValues).map((value) => {
      const text = JSON.stringify(value) ?? String(value);
      return text.length > 40 ? `${text.slice(0, 37)}...` : text;
    });
    if (allowed.length > shownEnumValues) shown.push(`${allowed.length - shownEnumValues} more`);
    message += ` (${shown.join(", ")})`;
  }
  return first.instancePath === "" ? message : `${reasonText(first.instancePath)} ${message}`;
}
