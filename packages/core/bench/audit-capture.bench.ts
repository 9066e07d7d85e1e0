/**
 * The cost, on the allowed path, of keeping a bounded JSON copy of each input (issue 13, items
 * 3 and 4) against what the guard did before, in the same run: the redactor then walked the
 * caller's object and returned it as it was, and the in-memory log kept that object, bounded
 * by count only. Both "before" variants are copies of the old code, kept here as baselines.
 */
import {
  type AuditEntry,
  AuditLog,
  AuditRedactor,
  type AuditSink,
  ConnectionValidator,
  ConnectorRegistry,
  RequestInterceptor,
} from "../src/index.js";
import { SecretKeyMatcher } from "../src/redaction/secret-key-matcher.js";
import { hugeLimit, input, inputSchema } from "./core.bench.js";
import { type Measurement, note, report } from "./harness.js";

/** The log as it was: a ring of the entries as given, bounded by count. */
class CountOnlyAuditLog implements AuditSink {
  private readonly ring: (AuditEntry | undefined)[] = [];
  private head = 0;
  private count = 0;
  constructor(readonly maxEntries = 10_000) {}
  append(entry: AuditEntry): void {
    if (this.count < this.maxEntries) {
      this.ring[(this.head + this.count) % this.maxEntries] = entry;
      this.count++;
      return;
    }
    this.ring[this.head] = entry;
    this.head = (this.head + 1) % this.maxEntries;
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

/**
 * The redactor as it was, for the default options (no paths): a walk of the caller's object
 * under the caps, copying only what changes, returning the input itself when nothing does.
 */
class InPlaceRedactor extends AuditRedactor {
  private readonly matcher = new SecretKeyMatcher();
  private walked = 0;

  override redactInput(value: unknown): unknown {
    this.walked = 0;
    return this.walk(value, 0);
  }

  private walk(value: unknown, depth: number): unknown {
    this.walked += typeof value === "string" ? value.length + 1 : 1;
    if (this.walked > this.maxInputSize) throw new Error("over the cap (not benchmarked)");
    if (typeof value !== "object" || value === null) return value;
    if (depth >= this.maxDepth) throw new Error("too deep (not benchmarked)");
    if (ArrayBuffer.isView(value) || typeof (value as { toJSON?: unknown }).toJSON === "function") {
      return value;
    }
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let index = 0; index < value.length; index++) {
        const next = this.walk(value[index], depth + 1);
        if (!Object.is(next, value[index])) {
          copy ??= value.slice();
          copy[index] = next;
        }
      }
      return copy ?? value;
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let copy: Record<string, unknown> | undefined;
    for (let index = 0; index < keys.length; index++) {
      const key = keys[index] as string;
      this.walked += key.length;
      const item = record[key];
      const next = this.matcher.isSecret(key) ? this.replacement : this.walk(item, depth + 1);
      if (!Object.is(next, item) && copy === undefined) {
        copy = {};
        for (let earlier = 0; earlier < index; earlier++) {
          copy[keys[earlier] as string] = record[keys[earlier] as string];
        }
      }
      if (copy !== undefined) copy[key] = next;
    }
    return copy ?? value;
  }
}

function wrappedNoOp(sink: AuditSink, redactor: AuditRedactor, connectorName = "openai-chat") {
  const registry = new ConnectorRegistry();
  registry.register({
    name: "openai-chat",
    version: "1.0.0",
    rateLimit: hugeLimit,
    requiredPermissions: ["llm:call"],
    inputSchema,
  });
  // The same connector without a schema, for an input of a richer shape.
  registry.register({
    name: "chat",
    version: "1.0.0",
    rateLimit: hugeLimit,
    requiredPermissions: ["llm:call"],
  });
  const validator = new ConnectionValidator(registry, {
    agentPermissions: { "agent-1": ["llm:call"] },
    rateLimitWindowSeconds: 0.05,
  });
  const interceptor = new RequestInterceptor(validator, sink, { redaction: redactor });
  return interceptor.wrap({ connectorName, sourceAgent: "agent-1" })((_given: object) => 0);
}

/**
 * Each case run `rounds` times, interleaved, for `operations` calls, keeping its lowest CPU
 * time per call. CPU time (`process.cpuUsage`, garbage collection included) rather than wall
 * time: on a shared machine a process that is not running is not charged for it.
 */
async function interleaved(
  cases: readonly (readonly [name: string, operation: () => Promise<unknown>])[],
  rounds = 7,
  operations = 50_000,
): Promise<Measurement[]> {
  const best: (Measurement | undefined)[] = cases.map(() => undefined);
  for (const [, operation] of cases)
    for (let call = 0; call < operations; call++) await operation();
  for (let round = 0; round < rounds; round++) {
    for (const [index, [name, operation]] of cases.entries()) {
      const started = process.cpuUsage();
      for (let call = 0; call < operations; call++) await operation();
      const used = process.cpuUsage(started);
      const medianNs = ((used.user + used.system) * 1_000) / operations;
      const kept = best[index];
      if (kept === undefined || medianNs < kept.medianNs) {
        best[index] = { name, medianNs, opsPerSecond: 1e9 / medianNs, samples: round + 1 };
      }
    }
  }
  return best as Measurement[];
}

export default async function auditCaptureBenchmarks(): Promise<void> {
  const before = wrappedNoOp(new CountOnlyAuditLog(), new InPlaceRedactor());
  const copyOnly = wrappedNoOp(new CountOnlyAuditLog(), new AuditRedactor());
  const after = wrappedNoOp(new AuditLog(), new AuditRedactor());
  const beforeChat = wrappedNoOp(new CountOnlyAuditLog(), new InPlaceRedactor(), "chat");
  const afterChat = wrappedNoOp(new AuditLog(), new AuditRedactor(), "chat");
  // A model's arguments are parsed afresh for every call: so are these.
  const fresh = () => ({ prompt: "Summarize this document.", model: "gpt-x", temperature: 0.2 });
  const nested = () => ({
    prompt: "Summarize this document.",
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Summarize the attached report in three bullet points." },
    ],
    options: { model: "gpt-x", temperature: 0.2, maxTokens: 256 },
  });
  const measured = await interleaved([
    ["before: in-place redaction, count-only log", () => before(fresh())],
    ["JSON copy redacted, count-only log", () => copyOnly(fresh())],
    ["after: JSON copy redacted, byte-bounded log", () => after(fresh())],
    ["before, nested input (13 values)", () => beforeChat(nested())],
    ["after, nested input (13 values)", () => afterChat(nested())],
    ["before, one input object reused for every call", () => before(input)],
    ["after, one input object reused for every call", () => after(input)],
  ] as const);
  const [today, copied, shipped, todayNested, shippedNested, todayReused, shippedReused] =
    measured as [
      Measurement,
      Measurement,
      Measurement,
      Measurement,
      Measurement,
      Measurement,
      Measurement,
    ];
  report(
    "Audit capture: a bounded JSON copy of each input on the allowed path (CPU time per call)",
    [
      { measurement: today },
      { measurement: copied, baseline: today, target: "the copy (item 4)" },
      { measurement: shipped, baseline: today, target: "<= 1.10" },
      { measurement: todayNested },
      { measurement: shippedNested, baseline: todayNested, target: "<= 1.10" },
      { measurement: todayReused },
      { measurement: shippedReused, baseline: todayReused },
    ],
  );
  note(
    `byte-bounded log alone (after vs JSON copy + count-only log): ${(shipped.medianNs / copied.medianNs).toFixed(2)}×. A reused input flatters "before": its log then holds one object 10,000 times, where a real one holds 10,000 callers' objects.`,
  );
}
