/**
 * The part of `@opentelemetry/api` the guard uses, as structural types: the core compiles,
 * and its declarations read, without the package installed. The real `Tracer`, `Meter` and
 * the API module itself satisfy them.
 */

/** A span attribute's value. */
export type TelemetryAttributeValue = string | number | boolean;

/** Attributes of a span or a measurement. */
export type TelemetryAttributes = Readonly<Record<string, TelemetryAttributeValue>>;

/** A span, as the guard uses it. */
export interface TelemetrySpan {
  setAttribute(key: string, value: TelemetryAttributeValue): unknown;
  setAttributes(attributes: TelemetryAttributes): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  recordException(exception: Error | string): void;
  isRecording(): boolean;
  spanContext(): { readonly traceFlags: number };
  end(): void;
}

/** An OpenTelemetry `Tracer`. */
export interface TelemetryTracer {
  startSpan(name: string, options?: { kind?: number }, context?: unknown): TelemetrySpan;
}

/** An OpenTelemetry `Counter`. */
export interface TelemetryCounter {
  add(value: number, attributes?: TelemetryAttributes): void;
}

/** An OpenTelemetry `Histogram`. */
export interface TelemetryHistogram {
  record(value: number, attributes?: TelemetryAttributes): void;
}

/** An OpenTelemetry `Meter`. */
export interface TelemetryMeter {
  createCounter(name: string, options?: { description?: string; unit?: string }): TelemetryCounter;
  createHistogram(
    name: string,
    options?: {
      description?: string;
      unit?: string;
      advice?: { explicitBucketBoundaries?: number[] };
    },
  ): TelemetryHistogram;
}

/** The `@opentelemetry/api` module: its global tracer, meter and context. */
export interface OpenTelemetryApi {
  readonly trace: {
    getTracer(name: string, version?: string): TelemetryTracer;
    /** The global provider: the API's proxy, whose delegate is the SDK's provider once registered. */
    getTracerProvider(): { getDelegateTracer?(name: string): unknown };
    setSpan(context: never, span: never): unknown;
  };
  readonly metrics: { getMeter(name: string, version?: string): TelemetryMeter };
  /** The API's no-op meter, what `getMeter` answers while no SDK is registered. */
  readonly createNoopMeter?: () => TelemetryMeter;
  readonly context: {
    active(): unknown;
    with<Result>(context: never, fn: () => Result): Result;
  };
}
