/**
 * What telemetry costs a decision, in one run: telemetry off (the baseline), on with
 * `@opentelemetry/api` but no SDK registered (the no-op tracer and meter: what an application
 * pays for leaving `telemetry: true` in a policy file it does not trace), and on with the real
 * SDK recording every span to an in-memory exporter and every measurement to a meter.
 */
import { context, metrics, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { createGuard, type GuardConfig } from "../src/index.js";
import { hugeLimit, input, inputSchema } from "./core.bench.js";
import { type Measurement, note, report } from "./harness.js";

const sdkContextManager = new AsyncLocalStorageContextManager();

class BenchReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const config: GuardConfig = {
  connectors: [
    {
      name: "openai-chat",
      version: "1.0.0",
      rateLimit: hugeLimit,
      requiredPermissions: ["llm:call"],
      inputSchema,
    },
  ],
  agents: { "agent-1": { permissions: ["llm:call"] } },
  // A window short enough that the limiter's log stays small while the benchmark runs.
  rateLimitWindowSeconds: 0.05,
};
const attempt = { connectorName: "openai-chat", sourceAgent: "agent-1", inputData: input };
const call = { toolName: "chat", toolCallId: "call-1" };
const noOp = () => 0;

export default async function telemetryBenchmarks(): Promise<void> {
  trace.disable();
  metrics.disable();
  const off = createGuard(config);
  const apiOnly = createGuard({ ...config, telemetry: true });

  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const meterProvider = new MeterProvider({ readers: [new BenchReader()] });
  sdkContextManager.enable();
  const withSdk = createGuard({
    ...config,
    telemetry: {
      tracer: tracerProvider.getTracer("bench"),
      meter: meterProvider.getMeter("bench"),
    },
  });
  let calls = 0;
  // The exporter keeps every span; empty it now and then so memory does not grow.
  const trimmed = () => {
    if (++calls % 10_000 === 0) exporter.reset();
  };

  // The cases take turns in short batches, many times over, so a machine whose load drifts
  // (this one is shared) slows each of them alike; each case keeps its median batch.
  const cases: { name: string; run: () => Promise<unknown>; sdk?: boolean }[] = [
    { name: "check: telemetry off", run: () => off.check(attempt) },
    { name: "check: API, no SDK", run: () => apiOnly.check(attempt, call) },
    {
      name: "check: SDK + in-memory exporter",
      sdk: true,
      run: () => {
        trimmed();
        return withSdk.check(attempt, call);
      },
    },
    { name: "execute: telemetry off", run: () => off.execute(attempt, noOp) },
    { name: "execute: API, no SDK", run: () => apiOnly.execute(attempt, noOp, { call }) },
    {
      name: "execute: SDK + in-memory exporter",
      sdk: true,
      run: () => {
        trimmed();
        return withSdk.execute(attempt, noOp, { call });
      },
    },
  ];
  // The SDK's cases leave garbage (spans, measurements) that would be collected during, and
  // charged to, whichever case runs next: they run after the others, with the baseline again.
  const withoutSdk = cases.filter((item) => item.sdk !== true);
  const results = await interleaved(withoutSdk, 2_000, 60);
  const sdkPhase = await interleaved(
    cases.filter((item) => item.sdk === true || item.name.endsWith("telemetry off")),
    2_000,
    20,
  );
  for (const result of sdkPhase) {
    if (!result.name.endsWith("telemetry off")) results.push(result);
    else results.push({ ...result, name: `${result.name} (SDK phase)` });
  }
  const byName = new Map(results.map((result) => [result.name, result]));
  for (const kind of ["check", "execute"] as const) {
    const baseline = byName.get(`${kind}: telemetry off`) as Measurement;
    report(
      `Telemetry cost per decision (guard.${kind}, allowed path; median of interleaved batches of 2 000)`,
      [
        { measurement: baseline },
        {
          measurement: byName.get(`${kind}: API, no SDK`) as Measurement,
          baseline,
          target: "<= 1.05",
        },
        { measurement: byName.get(`${kind}: telemetry off (SDK phase)`) as Measurement },
        {
          measurement: byName.get(`${kind}: SDK + in-memory exporter`) as Measurement,
          baseline: byName.get(`${kind}: telemetry off (SDK phase)`) as Measurement,
        },
      ],
    );
  }
  note(
    "Off, the guard never loads @opentelemetry/api. With the API and no SDK, the guard starts no span (it looks for an SDK behind the global tracer at most once a second) and records no metric (the API's no-op meter stays one).",
  );
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
}

/** Runs `batch` operations of each case in turn, `rounds` times, after one warm-up round. */
async function interleaved(
  cases: readonly { name: string; run: () => Promise<unknown>; sdk?: boolean }[],
  batch: number,
  rounds: number,
): Promise<Measurement[]> {
  const samples = cases.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (const [index, { run, sdk }] of cases.entries()) {
      // Only the SDK's cases run with its context manager, as an application with an SDK would.
      if (sdk === true) context.setGlobalContextManager(sdkContextManager);
      const startedAt = performance.now();
      for (let count = 0; count < batch; count++) await run();
      const elapsed = performance.now() - startedAt;
      if (sdk === true) context.disable();
      if (round >= 0) samples[index]?.push((elapsed * 1e6) / batch);
    }
  }
  return cases.map(({ name }, index) => {
    const sorted = (samples[index] as number[]).sort((left, right) => left - right);
    const medianNs = sorted[Math.floor(sorted.length / 2)] as number;
    return { name, medianNs, opsPerSecond: 1e9 / medianNs, samples: sorted.length };
  });
}
