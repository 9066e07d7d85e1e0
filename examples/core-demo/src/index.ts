/**
 * The core guard without any agent framework: a payments back office with three tools, an
 * agent that tries calls that pass and calls that fail each of the four checks, and the audit
 * log at the end. Run it with `pnpm demo` (or `pnpm --filter @aumai/example-core-demo start`).
 */
import { createGuard, InterceptorError } from "@aumai/connectorguard";

const guard = createGuard({
  connectors: [
    {
      name: "lookup-order",
      version: "1.0.0",
      inputSchema: {
        type: "object",
        properties: { orderId: { type: "string", pattern: "^A[0-9]+$" } },
        required: ["orderId"],
        additionalProperties: false,
      },
    },
    {
      name: "refund-payment",
      version: "1.0.0",
      requiredPermissions: ["payments:write"],
      inputSchema: {
        type: "object",
        properties: {
          orderId: { type: "string" },
          amount: { type: "number", exclusiveMinimum: 0, maximum: 500 },
        },
        required: ["orderId", "amount"],
        additionalProperties: false,
      },
    },
    // The reference's own example file, in its snake_case form, registers as it is.
    {
      name: "send-email",
      version: "1.0.0",
      rate_limit: 2,
      required_permissions: ["email:send"],
      input_schema: {
        type: "object",
        properties: { to: { type: "string", format: "email" }, body: { type: "string" } },
        required: ["to", "body"],
      },
    },
  ],
  agents: {
    "support-bot": { permissions: ["email:send"] },
    "billing-bot": { permissions: ["payments:write", "email:send"] },
  },
});

// The tools themselves: plain functions the guard stands in front of.
const tools: Record<string, (input: Record<string, unknown>) => unknown> = {
  "lookup-order": ({ orderId }) => ({ orderId, status: "delivered", total: 42 }),
  "refund-payment": ({ orderId, amount }) => ({ refunded: amount, orderId }),
  "send-email": ({ to }) => ({ sent: true, to }),
};

const calls: Array<{ agent: string; tool: string; input: Record<string, unknown>; why: string }> = [
  {
    agent: "support-bot",
    tool: "lookup-order",
    input: { orderId: "A1001" },
    why: "passes all four checks",
  },
  { agent: "support-bot", tool: "delete-customer", input: { id: 7 }, why: "not registered" },
  {
    agent: "support-bot",
    tool: "refund-payment",
    input: { orderId: "A1001", amount: 42 },
    why: "lacks payments:write",
  },
  {
    agent: "billing-bot",
    tool: "refund-payment",
    input: { orderId: "A1001", amount: 42 },
    why: "holds payments:write",
  },
  {
    agent: "billing-bot",
    tool: "refund-payment",
    input: { orderId: "A1001", amount: 5000 },
    why: "amount over the schema's maximum",
  },
  {
    agent: "support-bot",
    tool: "lookup-order",
    input: { orderId: "1001; DROP TABLE" },
    why: "input fails the pattern",
  },
  {
    agent: "support-bot",
    tool: "send-email",
    input: { to: "ann@example.com", body: "Your refund is on its way." },
    why: "email 1 of 2 this minute",
  },
  {
    agent: "support-bot",
    tool: "send-email",
    input: { to: "ann@example.com", body: "Follow-up." },
    why: "email 2 of 2",
  },
  {
    agent: "support-bot",
    tool: "send-email",
    input: { to: "ann@example.com", body: "One more!" },
    why: "over the limit of 2 a minute",
  },
];

const useColour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: number, text: string) =>
  useColour ? `\u001b[${code}m${text}\u001b[0m` : text;

console.log(
  "ConnectorGuard core demo: every call passes registry → permission → rate-limit → input-schema\n",
);
for (const call of calls) {
  const run = tools[call.tool] ?? (() => undefined);
  try {
    const output = await guard.execute(
      { connectorName: call.tool, sourceAgent: call.agent, inputData: call.input },
      () => run(call.input),
    );
    console.log(`${paint(32, "[ALLOW]")} ${call.agent} → ${call.tool} (${call.why})`);
    console.log(`        result: ${JSON.stringify(output)}`);
  } catch (error) {
    if (!InterceptorError.isInstance(error)) throw error;
    console.log(`${paint(31, "[DENY ]")} ${call.agent} → ${call.tool} (${call.why})`);
    console.log(`        ${error.result.check}: ${error.result.reason}`);
  }
}

const entries = guard.auditLog.allEntries();
console.log(
  `\nAudit log: ${entries.length} entries, ${guard.auditLog.deniedEntries().length} denied`,
);
console.log(
  "time                      agent        connector        decision  check         outcome",
);
for (const entry of entries) {
  const attempt = entry.connectionAttempt;
  console.log(
    [
      entry.timestamp.toISOString(),
      attempt.sourceAgent.padEnd(12),
      attempt.connectorName.padEnd(16),
      (entry.result.allowed ? "allow" : "deny").padEnd(9),
      (entry.result.check ?? "-").padEnd(13),
      entry.outcome === undefined
        ? "not run"
        : `${entry.outcome.status} in ${entry.outcome.durationMs.toFixed(3)} ms`,
    ].join(" "),
  );
}
for (const agent of ["support-bot", "billing-bot"]) {
  const mine = guard.auditLog.forAgent(agent);
  const denied = mine.filter((entry) => !entry.result.allowed).length;
  console.log(`${agent}: ${mine.length} calls, ${denied} denied`);
}
