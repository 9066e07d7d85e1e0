import { AuditLog, createGuard, type Guard, type GuardConfig } from "@aumai/connectorguard";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { type ConnectorOverride, connectorsFromTools } from "../src/index.js";

/** What a test may change in the support guard. */
export interface SupportFixtureOptions {
  /** Agent id → permissions (default: support-bot and billing-bot). */
  readonly agents?: Record<string, string[]>;
  /** More guard settings: capability tokens, mode, output checks… */
  readonly guard?: Omit<GuardConfig, "connectors" | "agents" | "audit">;
  /** Connector fields added per tool name, over the fixture's own. */
  readonly connectors?: Record<string, ConnectorOverride>;
  /** Pin every tool to its definition. */
  readonly pin?: boolean;
}

/** A customer-support tool set whose tools count their runs, and a guard over it. */
export function supportFixtures(options: SupportFixtureOptions = {}) {
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
  const extra = options.connectors ?? {};
  const guard: Guard = createGuard({
    ...options.guard,
    connectors: connectorsFromTools(tools, {
      pin: options.pin,
      overrides: {
        lookup_order: { requiredPermissions: ["orders:read"], ...extra.lookup_order },
        refund_payment: {
          requiredPermissions: ["payments:write"],
          rateLimit: 5,
          ...extra.refund_payment,
        },
        send_email: { requiredPermissions: ["email:send"], rateLimit: 2, ...extra.send_email },
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
