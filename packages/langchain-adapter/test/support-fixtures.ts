import { AuditLog, createGuard, type Guard } from "@aumai/connectorguard";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { connectorsFromTools } from "../src/index.js";

/** A customer-support tool set whose tools count their runs, and a guard over it. */
export function supportFixtures(options: { agents?: Record<string, string[]> } = {}) {
  const runs: string[] = [];
  const lookupOrder = tool(
    async ({ orderId }) => {
      runs.push(`lookup_order:${orderId}`);
      return { orderId, status: "delivered", total: 42 };
    },
    {
      name: "lookup_order",
      description: "Look up an order by id.",
      schema: z.object({ orderId: z.string().regex(/^A-\d+$/) }),
    },
  );
  const refundPayment = tool(
    async ({ orderId, amount }) => {
      runs.push(`refund_payment:${orderId}:${amount}`);
      return `refunded ${amount} on ${orderId}`;
    },
    {
      name: "refund_payment",
      description: "Refund part of a payment.",
      schema: z.object({ orderId: z.string(), amount: z.number().positive().max(500) }),
    },
  );
  const sendEmail = tool(
    async ({ to }) => {
      runs.push(`send_email:${to}`);
      return `sent to ${to}`;
    },
    {
      name: "send_email",
      description: "Email a customer.",
      schema: z.object({ to: z.email(), body: z.string() }),
    },
  );
  const tools = [lookupOrder, refundPayment, sendEmail] as const;
  const auditLog = new AuditLog();
  const agents = options.agents ?? {
    "support-bot": ["orders:read", "email:send"],
    "billing-bot": ["orders:read", "payments:write"],
  };
  const guard: Guard = createGuard({
    connectors: connectorsFromTools(tools, {
      overrides: {
        lookup_order: { requiredPermissions: ["orders:read"] },
        refund_payment: { requiredPermissions: ["payments:write"], rateLimit: 5 },
        send_email: { requiredPermissions: ["email:send"], rateLimit: 2 },
      },
    }),
    agents: Object.fromEntries(
      Object.entries(agents).map(([agent, permissions]) => [agent, { permissions }]),
    ),
    audit: auditLog,
  });
  return { tools, lookupOrder, refundPayment, sendEmail, runs, guard, auditLog };
}

/** A compact view of the audit log: `agent connector ALLOW|DENY(check) [outcome]`. */
export function auditLines(auditLog: AuditLog): string[] {
  return auditLog.allEntries().map((entry) => {
    const { sourceAgent, connectorName } = entry.connectionAttempt;
    const decision = entry.result.allowed ? "ALLOW" : `DENY(${entry.result.check})`;
    const outcome = entry.outcome === undefined ? "" : ` ${entry.outcome.status}`;
    return `${sourceAgent} ${connectorName} ${decision}${outcome}`;
  });
}
