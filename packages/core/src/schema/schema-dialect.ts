/**
 * A JSON Schema dialect the guard compiles: draft-07, 2019-09 or 2020-12. MCP makes 2020-12
 * the default for tool schemas, and zod 4's `z.toJSONSchema()` declares it.
 */
export type SchemaDialect = "draft-07" | "2019-09" | "2020-12";

/** The supported dialects, oldest first. */
export const SCHEMA_DIALECTS: readonly SchemaDialect[] = ["draft-07", "2019-09", "2020-12"];

/** The dialect of a schema without `$schema`, unless `schemaDialect` says otherwise. */
export const DEFAULT_SCHEMA_DIALECT: SchemaDialect = "2020-12";

// The meta-schema URIs each dialect is known by: http or https, with or without the empty
// fragment. Anything else — draft-04, draft-06, a custom meta-schema — is refused by name.
const dialectOfUri: ReadonlyMap<string, SchemaDialect> = new Map([
  ["json-schema.org/draft-07/schema", "draft-07"],
  ["json-schema.org/draft/2019-09/schema", "2019-09"],
  ["json-schema.org/draft/2020-12/schema", "2020-12"],
]);

/**
 * The dialect `schema` is written in: the one its `$schema` names, or `fallback` when it has
 * none. Throws an `Error` naming an unsupported or malformed `$schema` and the supported ones.
 *
 * @example
 * schemaDialectOf({ $schema: "https://json-schema.org/draft/2020-12/schema" }, "draft-07"); // "2020-12"
 * schemaDialectOf({ type: "string" }, "draft-07"); // "draft-07"
 * schemaDialectOf({ $schema: "http://json-schema.org/draft-04/schema#" }, "2020-12"); // throws
 */
export function schemaDialectOf(schema: unknown, fallback: SchemaDialect): SchemaDialect {
  if (typeof schema !== "object" || schema === null || !Object.hasOwn(schema, "$schema")) {
    return fallback;
  }
  const uri = (schema as { $schema?: unknown }).$schema;
  const match =
    typeof uri === "string" ? /^https?:\/\/([^#]*?)#?$/.exec(uri.trim())?.[1] : undefined;
  const dialect = match === undefined ? undefined : dialectOfUri.get(match);
  if (dialect !== undefined) return dialect;
  throw new Error(
    `$schema ${JSON.stringify(uri) ?? String(uri)} is not a supported dialect (supported: ${[...dialectOfUri.keys()].map((key) => `https://${key}`).join(", ")}; http and a trailing '#' are accepted too)`,
  );
}

/**
 * Checks a `schemaDialect` option; returns it, or throws an `Error` listing the valid values.
 *
 * @example
 * checkSchemaDialect("draft-07"); // "draft-07"
 * checkSchemaDialect("draft-04"); // throws: schemaDialect must be one of "draft-07", "2019-09", "2020-12"
 */
export function checkSchemaDialect(value: unknown, label = "schemaDialect"): SchemaDialect {
  if (SCHEMA_DIALECTS.includes(value as SchemaDialect)) return value as SchemaDialect;
  throw new Error(
    `${label} must be one of ${SCHEMA_DIALECTS.map((dialect) => JSON.stringify(dialect)).join(", ")} (got ${JSON.stringify(value) ?? typeof value})`,
  );
}
