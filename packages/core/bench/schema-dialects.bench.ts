import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { ConnectorRegistry, createGuard } from "../src/index.js";
import { useConstantTimeKeywords } from "../src/schema/constant-time-keywords.js";
import { linearTimeRegExp } from "../src/schema/linear-time-regexp.js";
import { decided } from "../test/support/hostile-schema-corpus.js";
import { formatDuration, type Measurement, measure, note, report } from "./harness.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** A tool schema as zod 4's z.toJSONSchema() writes it: 2020-12, closed, with an enum and a tuple. */
export const toolSchema2020 = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {
    orderId: { type: "string", pattern: "^A-\\d+$" },
    reason: { type: "string", enum: ["damaged", "late", "wrong-item", "other"] },
    amount: { type: "number", exclusiveMinimum: 0, maximum: 10_000 },
    email: { type: "string", format: "email" },
    lines: {
      type: "array",
      maxItems: 50,
      items: {
        type: "object",
        properties: { sku: { type: "string" }, quantity: { type: "integer", minimum: 1 } },
        required: ["sku", "quantity"],
        additionalProperties: false,
      },
    },
    window: { type: "array", prefixItems: [{ type: "string" }, { type: "string" }], items: false },
  },
  required: ["orderId", "reason", "amount"],
  additionalProperties: false,
} as const;

const toolInput = {
  orderId: "A-1042",
  reason: "damaged",
  amount: 25.5,
  email: "someone@example.com",
  lines: [
    { sku: "mug", quantity: 2 },
    { sku: "plate", quantity: 1 },
  ],
  window: ["2026-01-01", "2026-01-31"],
};

function bareAjv2020(options: ConstructorParameters<typeof Ajv2020>[0] = {}): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, ...options });
  addFormats(ajv);
  return ajv;
}

/** Bare Ajv2020 with one of the guard's hardenings, to show what each costs. */
function bareWith(hardening: "ownProperties" | "regExp" | "hash enum") {
  const ajv = bareAjv2020(
    hardening === "ownProperties"
      ? { ownProperties: true }
      : hardening === "regExp"
        ? { code: { regExp: linearTimeRegExp } }
        : {},
  );
  if (hardening === "hash enum") useConstantTimeKeywords(ajv);
  const { $schema: _dialect, ...schema } = toolSchema2020;
  return ajv.compile(schema);
}

async function decisions() {
  const bareValidate = bareAjv2020().compile(toolSchema2020);
  const registry = new ConnectorRegistry();
  registry.register({ name: "refund", version: "1", inputSchema: toolSchema2020 });
  const guardValidate = registry.find("refund")?.validateInput as (data: unknown) => boolean;
  if (!bareValidate(toolInput) || !guardValidate(toolInput)) throw new Error("the input must pass");
  const guard = createGuard({
    redaction: false,
    connectors: [
      { name: "refund", version: "1", rateLimit: 1_000_000, inputSchema: toolSchema2020 },
    ],
  });
  const bare = await measure("bare Ajv2020 validate (zod-style 2020-12 tool schema)", () =>
    bareValidate(toolInput),
  );
  const compiled = await measure("guard's compiled check, same schema and input", () =>
    guardValidate(toolInput),
  );
  const checked = await measure("guard.check (whole pipeline, audited)", () =>
    guard.check({ connectorName: "refund", inputData: toolInput }),
  );
  const parts: Measurement[] = [];
  for (const hardening of ["ownProperties", "regExp", "hash enum"] as const) {
    const validate = bareWith(hardening);
    parts.push(await measure(`bare Ajv2020 + ${hardening} only`, () => validate(toolInput)));
  }
  return { bare, compiled, checked, parts };
}

async function registrations() {
  let counter = 0;
  const registry = new ConnectorRegistry();
  const guardRegister = await measure(
    "ConnectorRegistry.register (2020-12 tool schema)",
    () =>
      registry.register({
        name: `tool-${counter++ % 50}`,
        version: "1",
        inputSchema: toolSchema2020,
      }),
    { warmupMs: 200, sampleMs: 1_000, batchMs: 20 },
  );
  const shared = bareAjv2020();
  const bareShared = await measure(
    "bare Ajv2020 compile, one instance (removeSchema after)",
    () => {
      shared.compile(toolSchema2020);
      shared.removeSchema();
    },
    { warmupMs: 200, sampleMs: 1_000, batchMs: 20 },
  );
  const bareFresh = await measure(
    "bare Ajv2020 compile, a new instance per connector",
    () => bareAjv2020().compile(toolSchema2020),
    { warmupMs: 200, sampleMs: 1_000, batchMs: 20 },
  );
  // The largest schema the caps let through: 499 properties (500 subschemas with the root).
  const widest = {
    type: "object",
    properties: Object.fromEntries(
      Array.from({ length: 499 }, (_, index) => [
        `field${index}`,
        { type: "string", maxLength: 64 },
      ]),
    ),
  };
  const guardWidest = await measure(
    "ConnectorRegistry.register, 500 subschemas (the cap)",
    () => registry.register({ name: "widest", version: "1", inputSchema: widest }),
    { warmupMs: 0, sampleMs: 2_000, batchMs: 1 },
  );
  const bareWidest = await measure(
    "bare Ajv2020 compile, same 500 subschemas",
    () => {
      shared.compile(widest);
      shared.removeSchema();
    },
    { warmupMs: 0, sampleMs: 2_000, batchMs: 1 },
  );
  return { guardRegister, bareShared, bareFresh, guardWidest, bareWidest };
}

/** Each decided case of the hostile corpus, registered once and decided on its hostile input. */
async function hostileCorpus(): Promise<Measurement[]> {
  const results: Measurement[] = [];
  for (const entry of decided) {
    const guard = createGuard({
      schemaDialect: entry.dialect,
      redaction: false,
      connectors: [
        { name: "hostile", version: "1", rateLimit: 1_000_000, inputSchema: entry.schema },
      ],
    });
    const data = entry.input();
    results.push(
      await measure(entry.name, () => guard.check({ connectorName: "hostile", inputData: data }), {
        warmupMs: 100,
        sampleMs: 400,
        batchMs: 5,
      }),
    );
  }
  return results;
}

export default async function schemaDialectBenchmarks(): Promise<void> {
  const decision = await decisions();
  report("Schemas: a 2020-12 decision against bare Ajv2020 on the same schema", [
    { measurement: decision.bare },
    { measurement: decision.compiled, baseline: decision.bare },
    { measurement: decision.checked, baseline: decision.bare },
    ...decision.parts.map((measurement) => ({ measurement, baseline: decision.bare })),
  ]);
  note(
    "ownProperties (inherited properties never satisfy `required`) and the linear-time pattern engine predate the dialects; the hash-based enum is this change's share.",
  );

  const registration = await registrations();
  report("Schemas: registration cost per connector", [
    { measurement: registration.bareShared },
    { measurement: registration.guardRegister, baseline: registration.bareShared },
    { measurement: registration.bareFresh, baseline: registration.bareShared },
    { measurement: registration.bareWidest },
    {
      measurement: registration.guardWidest,
      baseline: registration.bareWidest,
      target: "<= 100 ms",
    },
  ]);

  const corpus = await hostileCorpus();
  const worst = corpus.reduce((slowest, entry) =>
    entry.medianNs > slowest.medianNs ? entry : slowest,
  );
  report(
    "Schemas: the hostile-schema corpus, one decision each (guard.check)",
    corpus.map((measurement) => ({
      measurement,
      target: measurement === worst ? "worst case <= 10 ms" : "",
    })),
  );
  note(
    `Worst case of the hostile corpus: ${worst.name}, ${formatDuration(worst.medianNs)} per decision.`,
  );
}
