/**
 * `pnpm bench` for the MCP adapter: per `tools/call`, an SDK client talking to the real
 * everything server directly over stdio, against the same client through `connectorguard-mcp
 * mcp-proxy` (a second process and a second pipe hop), in one run. Calls alternate between the
 * two clients so that a busy machine slows both alike; the added latency is measured per pair
 * of calls. Throughput: the same number of calls with 16 in flight, direct vs proxied.
 * Needs the built `dist/cli.js` (`pnpm build`; turbo builds it before `bench`).
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { formatDuration, type Measurement, note, report } from "../../core/bench/harness.js";
import { connectorsFromMcpTools, toolCallDenialOf } from "../src/index.js";

const require = createRequire(import.meta.url);
const packageDirectory = join(dirname(fileURLToPath(import.meta.url)), "..");
const proxyCli = join(packageDirectory, "dist", "cli.js");
const everythingManifest = require.resolve("@modelcontextprotocol/server-everything/package.json");
const server = [process.execPath, join(dirname(everythingManifest), "dist", "index.js"), "stdio"];

async function connect(command: readonly string[]): Promise<Client> {
  const [program = "", ...args] = command;
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: program, args, stderr: "ignore" }));
  return client;
}

/** One `echo` call; a denial would not reach the server, so it fails the benchmark. */
const echo = (client: Client) => async () => {
  const result = await client.callTool({ name: "echo", arguments: { message: "benchmark" } });
  const denial = toolCallDenialOf(result);
  if (denial !== undefined) throw new Error(`the benchmark's call was denied: ${denial.reason}`);
};

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

/** Alternates calls of `direct` and `proxied` (which goes first alternates too). */
async function pairedLatency(direct: () => Promise<unknown>, proxied: () => Promise<unknown>) {
  const times: [number[], number[]] = [[], []];
  const calls = [direct, proxied] as const;
  const timeOne = async (which: 0 | 1) => {
    const startedAt = performance.now();
    await calls[which]();
    times[which].push((performance.now() - startedAt) * 1e6);
  };
  for (let warmup = 0; warmup < 300; warmup++) {
    await timeOne(0);
    await timeOne(1);
  }
  times[0].length = 0;
  times[1].length = 0;
  const sampleEnd = performance.now() + 4_000;
  for (let round = 0; performance.now() < sampleEnd || round < 500; round++) {
    const lead = (round % 2) as 0 | 1;
    await timeOne(lead);
    await timeOne(lead === 0 ? 1 : 0);
  }
  const added = times[1].map((time, index) => time - (times[0][index] as number));
  const sort = (values: number[]) => [...values].sort((left, right) => left - right);
  const [direct_, proxied_, added_] = [sort(times[0]), sort(times[1]), sort(added)];
  return {
    pairs: added.length,
    direct: { median: percentile(direct_, 0.5), p99: percentile(direct_, 0.99) },
    proxied: { median: percentile(proxied_, 0.5), p99: percentile(proxied_, 0.99) },
    added: { median: percentile(added_, 0.5), p99: percentile(added_, 0.99) },
  };
}

/**
 * The same workload on both clients, round by round, alternating which goes first; the
 * median round of each. Interleaving keeps a neighbour's burst on a shared machine from
 * landing on one side only.
 */
async function interleavedThroughput(
  operations: number,
  direct: () => Promise<void>,
  proxied: () => Promise<void>,
  rounds = 9,
): Promise<[Measurement, Measurement]> {
  await direct();
  await proxied();
  const perOperation: [number[], number[]] = [[], []];
  const workloads = [direct, proxied] as const;
  for (let round = 0; round < rounds; round++) {
    for (const which of round % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) {
      const startedAt = performance.now();
      await workloads[which]();
      perOperation[which].push(((performance.now() - startedAt) * 1e6) / operations);
    }
  }
  const summarize = (name: string, values: number[]): Measurement => {
    const medianNs = percentile(
      [...values].sort((left, right) => left - right),
      0.5,
    );
    return { name, medianNs, opsPerSecond: 1e9 / medianNs, samples: values.length };
  };
  return [
    summarize("direct, 16 in flight", perOperation[0]),
    summarize("through the proxy, 16 in flight", perOperation[1]),
  ];
}

async function concurrent(call: () => Promise<unknown>, total: number, inFlight: number) {
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next++ < total) await call();
    }),
  );
}

export default async function proxyBenchmarks(): Promise<void> {
  if (!existsSync(proxyCli)) throw new Error(`${proxyCli} is missing: run pnpm build first`);
  const workspace = mkdtempSync(join(tmpdir(), "cg-mcp-bench-"));
  const reviewer = await connect(server);
  // Every call must be allowed and reach the server: a limit the benchmark never meets.
  const connectors = connectorsFromMcpTools(await reviewer.listTools(), {
    pin: true,
    rateLimit: 1_000_000,
  });
  await reviewer.close();
  const policies = {
    "audit in memory": {},
    "audit to a JSONL file (batch durability)": {
      audit: { jsonl: { path: join(workspace, "audit.jsonl") } },
    },
  };
  for (const [label, audit] of Object.entries(policies)) {
    const policy = join(workspace, `${label.length}.json`);
    writeFileSync(
      policy,
      JSON.stringify({ connectors, agents: { bench: { permissions: [] } }, ...audit }),
    );
    const direct = await connect(server);
    const proxied = await connect([
      process.execPath,
      proxyCli,
      "mcp-proxy",
      "--config",
      policy,
      "--agent-id",
      "bench",
      "--",
      ...server,
    ]);
    try {
      const latency = await pairedLatency(echo(direct), echo(proxied));
      console.log(`\n### tools/call echo through the proxy — pinned, ${label}\n`);
      console.log("| per call | median | p99 |");
      console.log("| --- | ---: | ---: |");
      console.log(
        `| direct (client → server) | ${formatDuration(latency.direct.median)} | ${formatDuration(latency.direct.p99)} |`,
      );
      console.log(
        `| through the proxy | ${formatDuration(latency.proxied.median)} | ${formatDuration(latency.proxied.p99)} |`,
      );
      console.log(
        `| added by the proxy (per pair) | ${formatDuration(latency.added.median)} | ${formatDuration(latency.added.p99)} |`,
      );
      note(`${latency.pairs} interleaved pairs; target: added median <= 0.25 ms`);
      const total = 4_000;
      const [directRate, proxiedRate] = await interleavedThroughput(
        total,
        () => concurrent(echo(direct), total, 16),
        () => concurrent(echo(proxied), total, 16),
      );
      report(`throughput — ${label}`, [
        { measurement: directRate },
        { measurement: proxiedRate, baseline: directRate, ratioOf: "rate", target: ">= 0.5" },
      ]);
    } finally {
      await Promise.all([direct.close(), proxied.close()]);
    }
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(
    `# @aumai/connectorguard-mcp benchmarks — Node ${process.version}, ${new Date().toISOString()}`,
  );
  await proxyBenchmarks();
}
