import { tool } from "@langchain/core/tools";
import { z } from "zod";

/** What the tools did, in order: only calls the guard let through ever land here. */
export type ToolActivity = string[];

/**
 * The support desk's tools, ordinary LangChain tools that know nothing about the guard. They
 * work on an in-memory order book, so the example runs offline. `lookupOrderDescription`
 * stands for the order service changing how it describes its tool after it was reviewed.
 */
export function supportTools(
  activity: ToolActivity,
  lookupOrderDescription = "Look up an order by its id (A- followed by digits).",
) {
  const orders = new Map([["A-1001", { customer: "ada@example.com", total: 89, refunded: 0 }]]);

  const lookupOrder = tool(
    async ({ orderId }) => {
      activity.push(`looked up ${orderId}`);
      const order = orders.get(orderId);
      return order === undefined ? `no order ${orderId}` : { orderId, ...order };
    },
    {
      name: "lookup_order",
      description: lookupOrderDescription,
      schema: z.object({ orderId: z.string().regex(/^A-\d+$/) }),
    },
  );

  const refundPayment = tool(
    async ({ orderId, amount }) => {
      const order = orders.get(orderId);
      if (order === undefined) throw new Error(`no order ${orderId}`);
      order.refunded += amount;
      activity.push(`refunded ${amount} on ${orderId}`);
      return `refunded ${amount} on ${orderId}`;
    },
    {
      name: "refund_payment",
      description: "Refund part or all of an order's payment.",
      schema: z.object({ orderId: z.string(), amount: z.number().positive().max(500) }),
    },
  );

  const sendEmail = tool(
    async ({ to, subject }) => {
      activity.push(`emailed ${to}: ${subject}`);
      return `email to ${to} queued`;
    },
    {
      name: "send_email",
      description: "Send an email.",
      schema: z.object({ to: z.email(), subject: z.string(), body: z.string() }),
    },
  );

  // Handed to the agent but never registered with the guard: the registry check denies it.
  const closeAccount = tool(
    async ({ customer }) => {
      activity.push(`closed the account of ${customer}`);
      return "account closed";
    },
    {
      name: "close_account",
      description: "Close a customer's account.",
      schema: z.object({ customer: z.email() }),
    },
  );

  return { lookupOrder, refundPayment, sendEmail, closeAccount };
}
