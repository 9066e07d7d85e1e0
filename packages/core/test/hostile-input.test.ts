import { describe, expect, it } from "vitest";
import {
  ConnectorRegistry,
  ConnectorSchemaError,
  createGuard,
  DEFAULT_INPUT_LIMITS,
  inputLimitProblem,
  JsonSchemaCompiler,
  secureSchemaProblem,
} from "./support/core-internals.js";

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { next: value };
  return value;
}

describe("input caps before validation", () => {
  const guard = createGuard({
    connectors: [{ name: "echo", version: "1", inputSchema: { type: "object" } }],
  });

  it("denies a huge input with a clear reason, at the input-schema check", async () => {
    const result = await guard.check({
      connectorName: "echo",
      inputData: { text: "x".repeat(2_000_000) },
    });
    expect(result).toMatchObject({
      allowed: false,
      check: "input-schema",
      reason:
        "input too large (over the limit of 1000000: one per value plus the length of each string and key)",
    });
  });

  it("denies deep nesting, and cycles, without blowing the stack", async () => {
    expect(
      await guard.check({ connectorName: "echo", inputData: { deep: nested(100_000) } }),
    ).toMatchObject({
      allowed: false,
      reason: "input too deeply nested (over the limit of 64 levels)",
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect((await guard.check({ connectorName: "echo", inputData: cyclic })).reason).toBe(
      "input too deeply nested (over the limit of 64 levels)",
    );
    expect(
      (await guard.check({ connectorName: "echo", inputData: { ok: nested(62) } })).allowed,
    ).toBe(true);
  });

  it("measures size as documented and stops early on a sparse giant array", () => {
    const limits = { maxSize: 10, maxDepth: 4 };
    expect(inputLimitProblem({ ab: "cdef" }, limits)).toBeUndefined(); // 1 + 2 + 1 + 4 = 8
    expect(inputLimitProblem({ ab: "cdefghi" }, limits)).toMatch(/too large/); // 11
    expect(inputLimitProblem(new Array(1e9), DEFAULT_INPUT_LIMITS)).toMatch(/too large/);
  });

  it("denies an input it cannot read instead of throwing", async () => {
    const trap = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error("trap");
        },
      },
    );
    expect(await guard.check({ connectorName: "echo", inputData: trap })).toMatchObject({
      allowed: false,
      check: "input-schema",
      reason: "input could not be read (trap)",
    });
  });

  it("denies malformed attempts with a reason instead of throwing", async () => {
    expect(await guard.check(null as never)).toMatchObject({ allowed: false, check: "registry" });
    expect(await guard.check({ connectorName: 42 } as never)).toMatchObject({
      allowed: false,
      reason: "connectorName must be a string (got number)",
    });
    expect(await guard.check({ connectorName: "echo", sourceAgent: {} } as never)).toMatchObject({
      allowed: false,
      check: "permission",
      reason: "sourceAgent must be a string (got an object)",
    });
    const quoted = await guard.check({ connectorName: "evil\nFAKE LOG LINE" });
    expect(quoted.reason).toBe("connector 'evil\\nFAKE LOG LINE' is not registered");
  });
});

describe("hardened JSON Schema compilation", () => {
  it("answers a ReDoS pattern on a 10 KB input within 10 ms", () => {
    const check = new JsonSchemaCompiler().compile({
      type: "string",
      pattern: "^(a+)+$",
    });
    const hostile = `${"a".repeat(10_240)}!`;
    const timings: number[] = [];
    for (let run = 0; run < 5; run++) {
      const startedAt = performance.now();
      expect(check?.(hostile)).toBe(false);
      timings.push(performance.now() - startedAt);
    }
    // A backtracking engine would take longer than the age of the universe here.
    expect(Math.min(...timings)).toBeLessThan(10);
    expect(check?.("aaaa")).toBe(true);
  });

  it("refuses patterns that cannot run in linear time, at registration", () => {
    const registry = new ConnectorRegistry();
    for (const pattern of ["(?=a)b", "(a)\\1"]) {
      expect(() =>
        registry.register({ name: "p", version: "1", inputSchema: { type: "string", pattern } }),
      ).toThrow(/cannot run on the linear-time engine RE2/);
    }
  });

  it("bounds uniqueItems on objects instead of refusing it, and refuses unsafe schemas by place", async () => {
    // Formats are linear-time checks on a size-capped input: zod's `z.string().email()` schema passes.
    expect(secureSchemaProblem({ type: "string", format: "email" })).toBeUndefined();
    // uniqueItems is a hash set (linear), so objects need no maxItems any more.
    const tagsSchema = {
      type: "object",
      properties: { tags: { type: "array", uniqueItems: true, items: { type: "object" } } },
    };
    expect(secureSchemaProblem(tagsSchema)).toBeUndefined();
    const guard = createGuard({
      connectors: [{ name: "tags", version: "1", inputSchema: tagsSchema }],
    });
    const duplicate = await guard.check({
      connectorName: "tags",
      inputData: { tags: [{ a: 1, b: 2 }, { c: 3 }, { b: 2, a: 1 }] },
    });
    expect(duplicate.reason).toBe(
      "input validation failed: /tags must NOT have duplicate items (items ## 0 and 2 are identical)",
    );
    expect(
      secureSchemaProblem({
        properties: { a: { $ref: "#" } },
        patternProperties: { a: { $ref: "#" } },
      }),
    ).toMatch(/^at #\/properties\/a: recursion through \$ref/);
    const registry = new ConnectorRegistry();
    expect(() =>
      registry.register({
        name: "cycle",
        version: "1",
        inputSchema: { $defs: { a: { $ref: "#/$defs/a" } }, $ref: "#/$defs/a" },
      }),
    ).toThrow(ConnectorSchemaError);
  });

  it("never fetches a remote $ref and has no $data", () => {
    const registry = new ConnectorRegistry();
    expect(() =>
      registry.register({
        name: "remote",
        version: "1",
        inputSchema: { $ref: "https://schemas.example.test/evil.json" },
      }),
    ).toThrow(/can't resolve reference/);
    expect(() =>
      registry.register({
        name: "data",
        version: "1",
        inputSchema: {
          type: "object",
          properties: { max: { type: "number" }, value: { maximum: { $data: "1/max" } } },
        },
      }),
    ).toThrow(ConnectorSchemaError);
  });

  it("validates own properties only, and refuses NaN and Infinity as numbers", () => {
    const check = new JsonSchemaCompiler().compile({
      type: "object",
      properties: { n: { type: "number" } },
      required: ["isAdmin"],
    });
    const inherited = Object.create({ isAdmin: true });
    expect(check?.(inherited)).toBe(false);
    expect(check?.({ isAdmin: true, n: Number.NaN })).toBe(false);
    expect(check?.({ isAdmin: true, n: Number.POSITIVE_INFINITY })).toBe(false);
    expect(check?.({ isAdmin: true, n: 1 })).toBe(true);
  });
});

describe("prototype pollution", () => {
  it("leaves Object.prototype alone whatever the input, schema or grants say", async () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": "input"}, "constructor": {"prototype": {"polluted": "ctor"}}, "prototype": {"polluted": 1}}',
    );
    const guard = createGuard({
      connectors: [
        JSON.parse(
          '{"name": "p", "version": "1", "input_schema": {"type": "object", "properties": {"__proto__": {"type": "object"}, "constructor": {"type": "object"}}}}',
        ),
      ],
      agents: JSON.parse('{"__proto__": {"permissions": ["db:read"]}}'),
    });
    expect((await guard.check({ connectorName: "p", inputData: hostile })).allowed).toBe(true);
    expect(
      (await guard.check({ connectorName: "p", sourceAgent: "__proto__", inputData: hostile }))
        .allowed,
    ).toBe(true);
    await guard.execute({ connectorName: "p", inputData: hostile }, () => hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(guard.validator.permissionsOf("__proto__")).toEqual(["db:read"]);
    expect(guard.validator.permissionsOf("constructor")).toEqual([]);
  });
});
