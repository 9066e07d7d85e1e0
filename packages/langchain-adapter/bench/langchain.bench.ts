import { createGuard } from "@aumai/connectorguard";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { type Measurement, measure, note, report } from "../../core/bench/harness.js";
// The source, not dist/: typecheck then needs no build of this package (tsx runs it as is).
import { connectorsFromTools, guardTools } from "../src/index.js";

const lookupOrder = tool(async ({ orderId }) => ({ orderId, status: "delivered" }), {
  name: "lookup_order",
  description: "Look up an order by id.",
  schema: z.object({ orderId: z.string().regex(/^A-\d+$/), verbose: z.boolean().optional() }),
});
const input = { orderId: "A-1001" };
const toolCall = { type: "tool_call" as const, id: "call-1", name: "lookup_order", args: input };
const runConfig = { configurable: { agentId: "support-bot" } };

/** A guarded `tool.invoke` against the bare one, on the allowed path, in the same run. */
export default async function langchainBenchmarks(): Promise<void> {
  const guard = createGuard({
    // A limit no run reaches and a short window, so every measured call is allowed and the
    // limiter's log stays small.
    connectors: connectorsFromTools([lookupOrder], {
      rateLimit: 1_000_000,
      requiredPermissions: ["orders:read"],
    }),
    agents: { "support-bot": { permissions: ["orders:read"] } },
    rateLimitWindowSeconds: 0.05,
  });
  const [fixedIdentity] = guardTools([lookupOrder], { guard, agentId: "support-bot" });
  const [runIdentity] = guardTools([lookupOrder], { guard });
  // The hardened path: the tool pinned to its definition and its own result checked against
  // an output schema, which runs it through a stand-in that captures that result.
  const hardenedGuard = createGuard({
    connectors: connectorsFromTools([lookupOrder], {
      rateLimit: 1_000_000,
      requiredPermissions: ["orders:read"],
      pin: true,
      overrides: {
        lookup_order: {
          outputSchema: { type: "object", required: ["orderId", "status"] },
          outputCheck: "enforce",
        },
      },
    }),
    agents: { "support-bot": { permissions: ["orders:read"] } },
    rateLimitWindowSeconds: 0.05,
  });
  const [hardened] = guardTools([lookupOrder], { guard: hardenedGuard });

  const attempt = { connectorName: "lookup_order", sourceAgent: "support-bot", inputData: input };
  const resolved = Promise.resolve(0);
  const [bare, guarded, bareCall, guardedCall, hardenedCall, coreOnly] = await interleaved([
    ["bare tool.invoke(args)", () => lookupOrder.invoke(input)],
    ["guarded tool.invoke(args), fixed agentId", () => fixedIdentity.invoke(input)],
    ["bare tool.invoke(toolCall, config)", () => lookupOrder.invoke(toolCall, runConfig)],
    [
      "guarded tool.invoke(toolCall, config), id from configurable",
      () => runIdentity.invoke(toolCall, runConfig),
    ],
    [
      "guarded tool.invoke(toolCall, config), pinned, output enforced",
      () => hardened.invoke(toolCall, runConfig),
    ],
    // The core's share of the overhead: decide + run an async no-op + audit, in this process.
    ["guard.execute(attempt, async no-op) alone", () => guard.execute(attempt, () => resolved)],
  ]);
  report("LangChain adapter: one tool call on the allowed path (median of 15 interleaved rounds)", [
    { measurement: bare },
    { measurement: guarded, baseline: bare, target: "<= 1.05" },
    { measurement: bareCall },
    { measurement: guardedCall, baseline: bareCall, target: "<= 1.05" },
    { measurement: hardenedCall, baseline: bareCall },
    { measurement: coreOnly },
  ]);
  note(
    `overhead per call: ${overheadMicros(guarded, bare)} µs (args), ${overheadMicros(guardedCall, bareCall)} µs (tool call), ${overheadMicros(hardenedCall, bareCall)} µs (pinned, output enforced), of which the core's guard.execute is ${(coreOnly.medianNs / 1000).toFixed(2)} µs; audit entries held: ${guard.auditLog.size}`,
  );
}

/**
 * Measures the cases in turns, round after round, and keeps each case's median round: on a
 * shared machine, load that comes and goes then weighs on every case alike.
 */
async function interleaved<const Cases extends readonly (readonly [string, () => unknown])[]>(
  cases: Cases,
  rounds = 15,
): Promise<{ [Index in keyof Cases]: Measurement }> {
  const results: Measurement[][] = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, [name, operation]] of cases.entries()) {
      results[index]?.push(await measure(name, operation, { warmupMs: 50, sampleMs: 200 }));
    }
  }
  return results.map((measurements) => {
    const sorted = [...measurements].sort((left, right) => left.medianNs - right.medianNs);
    return sorted[Math.floor(sorted.length / 2)] as Measurement;
  }) as { [Index in keyof Cases]: Measurement };
}

function overheadMicros(guarded: Measurement, bare: Measurement): string {
  return ((guarded.medianNs - bare.medianNs) / 1000).toFixed(2);
}
