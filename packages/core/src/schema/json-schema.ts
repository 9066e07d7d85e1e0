/**
 * A JSON Schema document in draft-07, 2019-09 or 2020-12 (its `$schema` says which; without
 * one, the guard's `schemaDialect`). `true` and `{}` accept everything.
 */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };
