import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  AggregationTemporality,
  type HistogramMetricData,
  MeterProvider,
  MetricReader,
  type SumMetricData,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { builtIndexPath, builtIndexUrl, requireBuild } from "./support/built-package.js";
import {
  createGuard,
  type GuardConfig,
  InterceptorError,
  InvalidOptionError,
  loadGuardConfig,
  OutputValidationError,
  TELEMETRY_SCOPE,
} from "./support/core-internals.js";

const temporaryFolder = useTemporaryFolder();

/** A metric reader the test collects from when it wants (the SDK's own base class). */
class CollectingReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const tracer = tracerProvider.getTracer("test");
const contextManager = new AsyncLocalStorageContextManager();

let reader: CollectingReader;
let meterProvider: MeterProvider;

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
});
afterAll(() => {
  context.disable();
});
afterEach(async () => {
  exporter.reset();
  trace.disable();
  metrics.disable();
  await meterProvider?.shutdown();
});

function freshMeter() {
  reader = new CollectingReader();
  meterProvider = new MeterProvider({ readers: [reader] });
  return meterProvider.getMeter("test");
}

const connectors: GuardConfig["connectors"] = [
  { name: "search", version: "1", requiredPermissions: ["web:read"] },
  {
    name: "refund",
    version: "1",
    requiredPermissions: ["payments:write"],
    mode: "shadow",
  },
  {
    name: "lookup",
    version: "1",
    outputSchema: { type: "object", required: ["id"] },
  },
];
const agents = { bot: { permissions: ["web:read"] } };

function decisionSpans(): ReadableSpan[] {
  return exporter.getFinishedSpans().filter((span) => span.name === "connectorguard.decision");
}

async function collected() {
  const { resourceMetrics } = await reader.collect();
  const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  const counter = all.find((metric) => metric.descriptor.name === "connectorguard.decisions") as
    | SumMetricData
    | undefined;
  const histogram = all.find(
    (metric) => metric.descriptor.name === "connectorguard.decision.duration",
  ) as HistogramMetricData | undefined;
  return { counter, histogram };
}

describe("telemetry with the OpenTelemetry SDK", () => {
  it("records one span per decision with its attributes, and the metrics", async () => {
    const guard = createGuard({
      connectors,
      agents,
      outputCheck: "enforce",
      telemetry: { tracer, meter: freshMeter() },
    });
    await guard.execute({ connectorName: "search", sourceAgent: "bot" }, () => "found", {
      call: { toolName: "webSearch", toolCallId: "call-1" },
    });
    await expect(
      guard.execute({ connectorName: "search", sourceAgent: "intruder" }, () => "never"),
    ).rejects.toThrow(InterceptorError);
    await guard.check({ connectorName: "refund", sourceAgent: "bot" });
    await expect(
      guard.execute({ connectorName: "lookup", sourceAgent: "bot" }, () => {
        throw new Error("backend down");
      }),
    ).rejects.toThrow("backend down");
    await expect(
      guard.execute({ connectorName: "lookup", sourceAgent: "bot" }, () => ({ name: "no id" })),
    ).rejects.toThrow(OutputValidationError);

    const spans = decisionSpans();
    expect(spans).toHaveLength(5);
    const [allowed, denied, shadow, failed, withheld] = spans as ReadableSpan[];
    expect(allowed?.attributes).toEqual({
      "connectorguard.connector": "search",
      "connectorguard.agent": "bot",
      "connectorguard.allowed": true,
      "connectorguard.mode": "enforce",
      "connectorguard.outcome": "ok",
      "gen_ai.tool.name": "webSearch",
      "gen_ai.tool.call.id": "call-1",
    });
    expect(allowed?.instrumentationScope.name).toBe("test");
    expect(denied?.attributes).toMatchObject({
      "connectorguard.allowed": false,
      "connectorguard.check": "permission",
      "connectorguard.reason": "agent 'intruder' is missing required permissions: web:read",
    });
    // A denied call never ran: no outcome.
    expect(denied?.attributes["connectorguard.outcome"]).toBeUndefined();
    expect(shadow?.attributes).toMatchObject({
      "connectorguard.allowed": true,
      "connectorguard.mode": "shadow",
      "connectorguard.check": "permission",
    });
    expect(failed?.attributes["connectorguard.outcome"]).toBe("error");
    expect(failed?.status).toEqual({ code: 2, message: "backend down" });
    expect(failed?.events.map((event) => event.name)).toEqual(["exception"]);
    expect(withheld?.attributes["connectorguard.outcome"]).toBe("withheld");

    const { counter, histogram } = await collected();
    const counts = counter?.dataPoints.map((point) => [point.attributes, point.value]);
    expect(counts).toEqual(
      expect.arrayContaining([
        [
          {
            "connectorguard.connector": "search",
            "connectorguard.allowed": true,
            "connectorguard.mode": "enforce",
          },
          1,
        ],
        [
          {
            "connectorguard.connector": "search",
            "connectorguard.allowed": false,
            "connectorguard.mode": "enforce",
            "connectorguard.check": "permission",
          },
          1,
        ],
        [
          {
            "connectorguard.connector": "refund",
            "connectorguard.allowed": true,
            "connectorguard.mode": "shadow",
            "connectorguard.check": "permission",
          },
          1,
        ],
        [
          {
            "connectorguard.connector": "lookup",
            "connectorguard.allowed": true,
            "connectorguard.mode": "enforce",
          },
          2,
        ],
      ]),
    );
    expect(histogram?.descriptor.unit).toBe("s");
    const durations = histogram?.dataPoints ?? [];
    expect(durations.reduce((sum, point) => sum + point.value.count, 0)).toBe(5);
    // Seconds, not milliseconds: a decision takes far less than one.
    for (const point of durations) expect(point.value.max).toBeLessThan(0.5);
  });

  it("nests under the active span, and the tool's own spans nest under the decision", async () => {
    const guard = createGuard({ connectors, agents, telemetry: { tracer, meter: freshMeter() } });
    await tracer.startActiveSpan("execute_tool webSearch", async (toolSpan) => {
      await guard.execute({ connectorName: "search", sourceAgent: "bot" }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        tracer.startSpan("http GET").end();
      });
      toolSpan.end();
    });
    const spans = exporter.getFinishedSpans();
    const byName = new Map(spans.map((span) => [span.name, span]));
    const tool = byName.get("execute_tool webSearch");
    const decision = byName.get("connectorguard.decision");
    const inner = byName.get("http GET");
    expect(decision?.parentSpanContext?.spanId).toBe(tool?.spanContext().spanId);
    expect(inner?.parentSpanContext?.spanId).toBe(decision?.spanContext().spanId);
    expect(decision?.spanContext().traceId).toBe(tool?.spanContext().traceId);
  });

  it("`true` uses the global providers (a tracer provider may come after the guard)", async () => {
    // The API has no proxy meter: a meter provider must be registered before the guard is made.
    reader = new CollectingReader();
    meterProvider = new MeterProvider({ readers: [reader] });
    metrics.setGlobalMeterProvider(meterProvider);
    const guard = createGuard({ connectors, agents, telemetry: true });
    trace.setGlobalTracerProvider(tracerProvider);
    await guard.check({ connectorName: "search", sourceAgent: "bot" });
    const [span] = decisionSpans();
    expect(span?.instrumentationScope.name).toBe(TELEMETRY_SCOPE);
    const { counter } = await collected();
    expect(counter?.dataPoints[0]?.value).toBe(1);
  });

  it("picks up a tracer provider registered after its first decisions, within a second", async () => {
    const guard = createGuard({ connectors, agents, telemetry: { metrics: false } });
    await guard.check({ connectorName: "search", sourceAgent: "bot" });
    trace.setGlobalTracerProvider(tracerProvider);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await guard.check({ connectorName: "search", sourceAgent: "bot" });
    expect(decisionSpans()).toHaveLength(1);
  });

  it("records nothing when off, and only what is asked for", async () => {
    trace.setGlobalTracerProvider(tracerProvider);
    const off = createGuard({ connectors, agents });
    await off.check({ connectorName: "search", sourceAgent: "bot" });
    const alsoOff = createGuard({ connectors, agents, telemetry: false });
    await alsoOff.check({ connectorName: "search", sourceAgent: "bot" });
    expect(decisionSpans()).toEqual([]);

    const metricsOnly = createGuard({
      connectors,
      agents,
      telemetry: { meter: freshMeter(), traces: false },
    });
    await metricsOnly.check({ connectorName: "search", sourceAgent: "bot" });
    expect(decisionSpans()).toEqual([]);
    expect((await collected()).counter?.dataPoints[0]?.value).toBe(1);
  });

  it("is configured by the policy file, through the global providers", async () => {
    trace.setGlobalTracerProvider(tracerProvider);
    const folder = await temporaryFolder();
    const policy = join(folder, "policy.yaml");
    await writeFile(
      policy,
      "connectors:\n  - { name: search, version: '1' }\ntelemetry:\n  metrics: false\n",
    );
    const guard = createGuard(await loadGuardConfig(policy));
    await guard.check({ connectorName: "search", sourceAgent: "bot" });
    expect(decisionSpans()[0]?.attributes["connectorguard.connector"]).toBe("search");
    await writeFile(policy, "connectors: []\ntelemetry: { logs: true }\n");
    await expect(loadGuardConfig(policy)).rejects.toThrow("/telemetry");
  });

  it("loads @opentelemetry/api only when telemetry is on (the built package)", () => {
    requireBuild([builtIndexPath]);
    const loadsApi = (telemetry: string) =>
      execFileSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import { createRequire } from "node:module";
const { createGuard } = await import(${JSON.stringify(builtIndexUrl)});
const guard = createGuard({ connectors: [{ name: "a", version: "1" }]${telemetry} });
await guard.check({ connectorName: "a" });
const cache = createRequire(${JSON.stringify(builtIndexPath)}).cache;
console.log(Object.keys(cache).some((path) => path.includes("@opentelemetry")));`,
        ],
        { encoding: "utf8" },
      ).trim();
    expect(loadsApi("")).toBe("false");
    expect(loadsApi(", telemetry: true")).toBe("true");
  });

  it("rejects a telemetry option that is not one", () => {
    expect(() => createGuard({ connectors, telemetry: "yes" as never })).toThrow(
      InvalidOptionError,
    );
    expect(() => createGuard({ connectors, telemetry: { traces: "no" as never } })).toThrow(
      "telemetry.traces and telemetry.metrics must be true or false",
    );
  });
});
