import { describe, expect, it } from "vitest";
import { ConnectorSchemaError, createGuard } from "../src/index.js";
import { decided, refused } from "./support/hostile-schema-corpus.js";

// A generous bound that catches a blow-up (seconds, minutes), not a performance assertion:
// the benchmark measures the real cost (bench/schema-dialects.bench.ts).
const blowUpBoundMs = 1_000;

describe("hostile schemas", () => {
  it.each(refused)(
    "refuses $name at registration, with its reason",
    ({ schema, dialect, refused: reason }) => {
      const startedAt = performance.now();
      let error: unknown;
      try {
        createGuard({
          schemaDialect: dialect,
          connectors: [{ name: "hostile", version: "1", inputSchema: schema }],
        });
      } catch (thrown) {
        error = thrown;
      }
      expect(performance.now() - startedAt).toBeLessThan(blowUpBoundMs * 5);
      expect(ConnectorSchemaError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /^connector 'hostile': inputSchema is not a valid JSON Schema: /,
      );
      expect((error as Error).message).toMatch(reason);
    },
  );

  it.each(decided)(
    "decides $name within the blow-up bound",
    async ({ schema, dialect, input, allowed }) => {
      const guard = createGuard({
        schemaDialect: dialect,
        redaction: false,
        connectors: [{ name: "hostile", version: "1", inputSchema: schema }],
      });
      const data = input();
      const startedAt = performance.now();
      const result = await guard.check({ connectorName: "hostile", inputData: data });
      expect(performance.now() - startedAt).toBeLessThan(blowUpBoundMs);
      expect({ allowed: result.allowed, reason: result.reason }).toMatchObject({ allowed });
    },
  );

  it("caps an enum's denial reason at a few values and how many more", async () => {
    const guard = createGuard({
      connectors: [
        {
          name: "pick",
          version: "1",
          inputSchema: { enum: Array.from({ length: 10_000 }, (_, index) => `value-${index}`) },
        },
      ],
    });
    const result = await guard.check({ connectorName: "pick", inputData: "nope" });
    expect(result.reason).toBe(
      'input validation failed: must be equal to one of the allowed values ("value-0", "value-1", "value-2", "value-3", "value-4", 9995 more)',
    );
  });

  it("runs the ECMAScript property escapes RE2 has with the same meaning", async () => {
    const guard = createGuard({
      connectors: [
        {
          name: "letters",
          version: "1",
          inputSchema: { type: "string", pattern: "^\\p{Letter}+$" },
        },
        {
          name: "greek",
          version: "1",
          inputSchema: { type: "string", pattern: "^\\p{Script=Greek}+$" },
        },
        {
          name: "not-upper",
          version: "1",
          inputSchema: { type: "string", pattern: "^\\P{General_Category=Uppercase_Letter}+$" },
        },
      ],
    });
    const allowed = async (connectorName: string, inputData: string) =>
      (await guard.check({ connectorName, inputData })).allowed;
    expect(await allowed("letters", "héllo")).toBe(true);
    expect(await allowed("letters", "h3llo")).toBe(false);
    expect(await allowed("greek", "αβγ")).toBe(true);
    expect(await allowed("greek", "abc")).toBe(false);
    expect(await allowed("not-upper", "abc")).toBe(true);
    expect(await allowed("not-upper", "aBc")).toBe(false);
  });
});
