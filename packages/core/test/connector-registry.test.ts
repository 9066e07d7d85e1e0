import { describe, expect, it } from "vitest";
import {
  ConnectorRegistry,
  ConnectorSchemaError,
  parseConnectorSchema,
  RegistryError,
} from "../src/index.js";

// The reference README's example connector file, as it is.
const openAiChatFile = {
  name: "openai-chat",
  version: "1.0.0",
  rate_limit: 30,
  required_permissions: ["llm:call"],
  input_schema: {
    type: "object",
    properties: { prompt: { type: "string" }, model: { type: "string" } },
    required: ["prompt"],
  },
  output_schema: { type: "object" },
};

describe("parseConnectorSchema", () => {
  it("accepts the reference's snake_case file and returns camelCase with defaults", () => {
    const schema = parseConnectorSchema(openAiChatFile);
    expect(schema).toMatchObject({
      name: "openai-chat",
      version: "1.0.0",
      rateLimit: 30,
      requiredPermissions: ["llm:call"],
      outputSchema: { type: "object" },
    });
    expect(parseConnectorSchema({ name: "calculator", version: "1.0.0" })).toEqual({
      name: "calculator",
      version: "1.0.0",
      rateLimit: 60,
      requiredPermissions: [],
    });
  });

  it.each([
    [{ version: "1" }, "name is required"],
    [{ name: "  ", version: "1" }, "name must not be blank"],
    [{ name: "x", version: "" }, "connector 'x': version must not be blank"],
    [
      { name: "x", version: "1", rateLimit: 0 },
      "connector 'x': rateLimit must be an integer from 1 to 1000000 (got 0)",
    ],
    [
      { name: "x", version: "1", rate_limit: 2.5 },
      "connector 'x': rate_limit must be an integer from 1 to 1000000 (got 2.5)",
    ],
    [
      { name: "x", version: "1", rateLimit: "10" },
      'rateLimit must be an integer from 1 to 1000000 (got "10")',
    ],
    [{ name: "x", version: "1", rateLimt: 5 }, "unknown field 'rateLimt' in connector definition"],
    [
      { name: "x", version: "1", rateLimit: 5, rate_limit: 6 },
      "field 'rateLimit' is given twice, as 'rateLimit' and as 'rate_limit'",
    ],
    [
      { name: "x", version: "1", requiredPermissions: "db:write" },
      "requiredPermissions must be an array of strings (got a string)",
    ],
    [
      { name: "x", version: "1", requiredPermissions: ["ok", ""] },
      "requiredPermissions [1] must not be empty",
    ],
    [
      { name: "x", version: "1", inputSchema: [] },
      "inputSchema must be a JSON Schema object or boolean (got an array)",
    ],
    [{ name: "bad\nname", version: "1" }, "name must not contain control characters"],
    [[], "a connector definition must be a JSON object (got an array)"],
  ])("rejects %j: %s", (definition, message) => {
    expect(() => parseConnectorSchema(definition)).toThrow(message);
  });

  it("names the source file and the field in its error", () => {
    let error: unknown;
    try {
      parseConnectorSchema({ name: "x", version: "1", rate_limit: -1 }, { source: "db.json" });
    } catch (caught) {
      error = caught;
    }
    expect(ConnectorSchemaError.isInstance(error)).toBe(true);
    expect((error as ConnectorSchemaError).message).toMatch(/^db\.json: connector 'x': rate_limit/);
    expect((error as ConnectorSchemaError).field).toBe("rate_limit");
    expect((error as ConnectorSchemaError).code).toBe("CG_INVALID_CONNECTOR_SCHEMA");
  });
});

describe("ConnectorRegistry", () => {
  it("registers, gets, lists sorted, and unregisters", () => {
    const registry = new ConnectorRegistry();
    registry.register(openAiChatFile);
    registry.register({ name: "calculator", version: "1.0.0" });
    expect(registry.has("openai-chat")).toBe(true);
    expect(registry.get("openai-chat").rateLimit).toBe(30);
    expect(registry.allNames()).toEqual(["calculator", "openai-chat"]);
    expect(registry.unregister("calculator")).toBe(true);
    expect(registry.unregister("calculator")).toBe(false);
    expect(registry.size).toBe(1);
  });

  it("throws RegistryError for an unknown connector", () => {
    const registry = new ConnectorRegistry();
    expect(() => registry.get("missing")).toThrow(RegistryError);
    expect(() => registry.get("missing")).toThrow("connector 'missing' is not registered");
    let error: unknown;
    try {
      registry.get("missing");
    } catch (caught) {
      error = caught;
    }
    expect(RegistryError.isInstance(error)).toBe(true);
    expect((error as RegistryError).connectorName).toBe("missing");
  });

  it.each([
    [{ type: "strin" }, "inputSchema is not a valid JSON Schema"],
    [
      { type: "object", properties: { a: { minimum: "1" } } },
      "inputSchema is not a valid JSON Schema",
    ],
    [
      { type: "object", propertees: {} },
      'unknown keyword "propertees" at the top level (did you mean "properties"?)',
    ],
    [
      { type: "object", properties: { a: { type: "strng" } } },
      '/properties/a/type: "strng" is not a JSON Schema type (use one of array, boolean',
    ],
    [{ type: "string", format: "no-such-format" }, 'unknown format "no-such-format"'],
  ])("rejects an invalid input schema at registration: %j", (inputSchema, message) => {
    const registry = new ConnectorRegistry();
    expect(() => registry.register({ name: "bad", version: "1", inputSchema })).toThrow(message);
    expect(registry.has("bad")).toBe(false);
  });

  it("rejects an invalid output schema at registration, and leaves the old definition in place", () => {
    const registry = new ConnectorRegistry();
    registry.register({ name: "tool", version: "1" });
    expect(() =>
      registry.register({ name: "tool", version: "2", outputSchema: { type: 12 } }),
    ).toThrow("connector 'tool': outputSchema is not a valid JSON Schema");
    expect(registry.get("tool").version).toBe("1");
  });

  it("compiles a schema once at registration and again only when re-registered", () => {
    const registry = new ConnectorRegistry();
    const inputSchema = { $id: "urn:test:tool", type: "object" };
    registry.register({ name: "tool", version: "1", inputSchema });
    const compiled = registry.find("tool")?.validateInput;
    expect(compiled).toBeTypeOf("function");
    expect(registry.find("tool")?.validateInput).toBe(compiled);
    // Re-registering (even with the same $id) compiles anew without an ajv "already exists" error.
    registry.register({ name: "tool", version: "2", inputSchema });
    expect(registry.find("tool")?.validateInput).not.toBe(compiled);
    // An empty schema skips the check entirely.
    registry.register({ name: "free", version: "1", inputSchema: {} });
    expect(registry.find("free")?.validateInput).toBeUndefined();
  });

  it("accepts formats such as email and date-time", () => {
    const registry = new ConnectorRegistry();
    registry.register({
      name: "mail",
      version: "1",
      inputSchema: { type: "object", properties: { to: { type: "string", format: "email" } } },
    });
    const validate = registry.find("mail")?.validateInput;
    expect(validate?.({ to: "a@example.com" })).toBe(true);
    expect(validate?.({ to: "not an address" })).toBe(false);
  });
});
