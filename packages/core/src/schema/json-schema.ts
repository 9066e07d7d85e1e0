/**
 * A JSON Schema document (draft-07 or 2019-09 keywords, as ajv understands them). `true` and
 * `{}` accept everything.
 */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };
