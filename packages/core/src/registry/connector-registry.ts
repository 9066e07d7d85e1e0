import { ConnectorSchemaError } from "../errors/connector-schema-error.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { RegistryError } from "../errors/registry-error.js";
import {
  type ConnectorDefinition,
  type NormalizedConnectorSchema,
  parseConnectorSchema,
} from "../schema/connector-schema.js";
import {
  type CompiledSchema,
  JsonSchemaCompiler,
  type JsonSchemaCompilerOptions,
} from "../schema/json-schema-compiler.js";
import { checkSchemaDialect } from "../schema/schema-dialect.js";

/** Options of {@link ConnectorRegistry}. */
export type ConnectorRegistryOptions = JsonSchemaCompilerOptions;

import { describeInvalidSchema } from "../schema/describe-invalid-schema.js";

/** A registered connector with its JSON Schemas compiled, as the pipeline uses it. */
export interface RegisteredConnector {
  readonly schema: NormalizedConnectorSchema;
  /** The compiled input check, or undefined when the connector accepts any input. */
  readonly validateInput: CompiledSchema | undefined;
  /** The compiled output check, or undefined when the connector declares no output schema. */
  readonly validateOutput: CompiledSchema | undefined;
}

/**
 * The connectors the guard knows, keyed by name. Anything not registered is denied. A
 * connector's JSON Schemas are compiled once, when it is registered (an invalid schema is
 * rejected then), and again only if it is registered anew, each in isolation (two connectors
 * may share an `$id`). A schema is read in the dialect its `$schema` names, or in
 * `schemaDialect` (default `"2020-12"`) when it names none.
 *
 * @example
 * const registry = new ConnectorRegistry();
 * registry.register({ name: "calculator", version: "1.0.0" });
 * registry.has("calculator"); // true
 * registry.allNames(); // ["calculator"]
 */
export class ConnectorRegistry {
  private readonly connectors = new Map<string, RegisteredConnector>();
  private readonly compiler: JsonSchemaCompiler;

  constructor(options: ConnectorRegistryOptions = {}) {
    if (options.schemaDialect !== undefined) {
      try {
        checkSchemaDialect(options.schemaDialect);
      } catch (error) {
        throw new InvalidOptionError((error as Error).message);
      }
    }
    this.compiler = new JsonSchemaCompiler(options);
  }

  /** The dialect of schemas without `$schema`. */
  get schemaDialect(): JsonSchemaCompiler["schemaDialect"] {
    return this.compiler.schemaDialect;
  }

  /**
   * Validates and registers a connector (camelCase or the reference's snake_case form),
   * replacing one of the same name. Throws `ConnectorSchemaError` for a malformed definition.
   */
  register(definition: ConnectorDefinition): NormalizedConnectorSchema {
    const schema = parseConnectorSchema(definition);
    const previous = this.connectors.get(schema.name);
    if (previous !== undefined) this.forgetSchemas(previous.schema);
    const validateInput = this.compileField(schema, "inputSchema");
    let validateOutput: CompiledSchema | undefined;
    try {
      validateOutput = this.compileField(schema, "outputSchema");
    } catch (error) {
      this.compiler.forget(schema.inputSchema);
      throw error;
    }
    this.connectors.set(schema.name, { schema, validateInput, validateOutput });
    return schema;
  }

  /** The connector named `name`; throws `RegistryError` when it is not registered. */
  get(name: string): NormalizedConnectorSchema {
    const registered = this.connectors.get(name);
    if (registered === undefined) throw new RegistryError(name);
    return registered.schema;
  }

  /** The registered connector with its compiled checks, or undefined. Used by the pipeline. */
  find(name: string): RegisteredConnector | undefined {
    return this.connectors.get(name);
  }

  /** True when a connector named `name` is registered. */
  has(name: string): boolean {
    return this.connectors.has(name);
  }

  /** Removes a connector; returns whether it was registered. */
  unregister(name: string): boolean {
    const registered = this.connectors.get(name);
    if (registered === undefined) return false;
    this.forgetSchemas(registered.schema);
    return this.connectors.delete(name);
  }

  /** The registered connector names, sorted. */
  allNames(): string[] {
    return [...this.connectors.keys()].sort();
  }

  /** How many connectors are registered. */
  get size(): number {
    return this.connectors.size;
  }

  private compileField(
    schema: NormalizedConnectorSchema,
    field: "inputSchema" | "outputSchema",
  ): CompiledSchema | undefined {
    try {
      return this.compiler.compile(schema[field]);
    } catch (error) {
      const detail = describeInvalidSchema(error, schema[field]);
      throw new ConnectorSchemaError(
        `connector '${schema.name}': ${field} is not a valid JSON Schema: ${detail}`,
        field,
        { cause: error },
      );
    }
  }

  private forgetSchemas(schema: NormalizedConnectorSchema): void {
    this.compiler.forget(schema.inputSchema);
    this.compiler.forget(schema.outputSchema);
  }
}
