import { Ajv } from "ajv";
import { RateLimiterMemory } from "rate-limiter-flexible";
import {
  AuditLog,
  ConnectionValidator,
  ConnectorRegistry,
  createGuard,
  RequestInterceptor,
  SlidingWindowRateLimiter,
} from "../src/index.js";
import { measure, report } from "./harness.js";

export const inputSchema = {
  type: "object",
  properties: {
    prompt: { type: "string" },
    model: { type: "string" },
    temperature: { type: "number", minimum: 0, maximum: 2 },
  },
  required: ["prompt"],
  additionalProperties: false,
} as const;
export const input = { prompt: "Summarize this document.", model: "gpt-x", temperature: 0.2 };
// Limits high enough that every measured call takes the allowed path.
export const hugeLimit = 1_000_000;

export default async function coreBenchmarks(): Promise<void> {
  const bareValidate = new Ajv().compile(inputSchema);
  const bareAjv = await measure("bare ajv validate (3-field schema)", () => bareValidate(input));

  const registry = new ConnectorRegistry();
  registry.register({
    name: "openai-chat",
    version: "1.0.0",
    rateLimit: hugeLimit,
    requiredPermissions: ["llm:call"],
    inputSchema,
  });
  // A window short enough that the log stays small while the benchmark runs for seconds.
  const validator = new ConnectionValidator(registry, {
    agentPermissions: { "agent-1": ["llm:call"] },
    rateLimitWindowSeconds: 0.05,
  });
  const attempt = { connectorName: "openai-chat", sourceAgent: "agent-1", inputData: input };
  const decision = await measure("validator.validate() — full decision, allowed", () =>
    validator.validate(attempt),
  );

  const noOp = (_input: typeof input) => 0;
  const bareCall = await measure("bare no-op tool call", () => noOp(input));
  const interceptor = new RequestInterceptor(validator, new AuditLog());
  const guardedNoOp = interceptor.wrap({ connectorName: "openai-chat", sourceAgent: "agent-1" })(
    noOp,
  );
  const guardedCall = await measure("wrapped no-op (decide + run + audit)", () =>
    guardedNoOp(input),
  );

  const guard = createGuard({
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
    rateLimitWindowSeconds: 0.05,
  });
  const guardExecute = await measure("guard.execute(attempt, no-op), createGuard defaults", () =>
    guard.execute(attempt, () => noOp(input)),
  );

  const limiter = new SlidingWindowRateLimiter();
  const ours = await measure("SlidingWindowRateLimiter.checkRateLimit", () =>
    limiter.checkRateLimit("openai-chat:agent-1", 0.05, hugeLimit),
  );
  const flexible = new RateLimiterMemory({ points: 1_000_000_000, duration: 1 });
  const theirs = await measure("rate-limiter-flexible RateLimiterMemory.consume", () =>
    flexible.consume("openai-chat:agent-1"),
  );

  report("Core: one decision on the allowed path", [
    { measurement: bareAjv },
    { measurement: decision, baseline: bareAjv, target: "median <= 1 µs" },
    { measurement: bareCall },
    { measurement: guardedCall, baseline: bareCall, target: "overhead <= 1.5 µs" },
    { measurement: guardExecute, baseline: bareCall, target: "median <= 0.6 µs" },
    { measurement: theirs },
    { measurement: ours, baseline: theirs, target: "<= 1.00 (at least as fast)" },
  ]);
  console.log(
    `\nwrapped-call overhead: ${((guardedCall.medianNs - bareCall.medianNs) / 1000).toFixed(2)} µs; full decision: ${(decision.medianNs / 1000).toFixed(2)} µs`,
  );
}
