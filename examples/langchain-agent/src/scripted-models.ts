import { AIMessage, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";

const customer = "ada@example.com";

/**
 * The support bot's "model": a script of tool calls, one answer per step, that reacts to what
 * the guard told it — after the refund is denied it asks billing by email instead.
 */
export function supportBotModel() {
  return fakeModel()
    .respondWithTools([{ name: "lookup_order", args: { orderId: "A-1001" } }])
    .respondWithTools([{ name: "refund_payment", args: { orderId: "A-1001", amount: 20 } }])
    .respond((messages: BaseMessage[]) => {
      const refundDenied = lastToolMessage(messages)?.status === "error";
      const escalation = refundDenied
        ? { to: "billing@example.com", subject: "Refund 20 on A-1001", body: "Please refund." }
        : { to: customer, subject: "Refund sent", body: "Your refund is on its way." };
      // Three emails in one step, against a limit of two a minute.
      return toolCalls("email", [
        ["send_email", escalation],
        ["send_email", { to: customer, subject: "About A-1001", body: "Billing will refund 20." }],
        ["send_email", { to: customer, subject: "Survey", body: "How did we do?" }],
      ]);
    })
    .respondWithTools([
      { name: "lookup_order", args: { orderId: "1001" } },
      { name: "close_account", args: { customer } },
    ])
    .respond(
      new AIMessage(
        "Order A-1001 was delivered. I can't refund it myself, so I asked billing and told the customer.",
      ),
    );
}

/** The billing bot's "model": one refund, then an answer. */
export function billingBotModel() {
  return fakeModel()
    .respondWithTools([{ name: "refund_payment", args: { orderId: "A-1001", amount: 20 } }])
    .respond(new AIMessage("Refunded 20 on order A-1001."));
}

/** A bot that looks the order up, then answers with what the guard told it. */
export function lookupBotModel() {
  return fakeModel()
    .respondWithTools([{ name: "lookup_order", args: { orderId: "A-1001" } }])
    .respond((messages: BaseMessage[]) => {
      const answer = lastToolMessage(messages);
      return new AIMessage(
        answer?.status === "error"
          ? "The order tool is blocked; I flagged it."
          : (answer?.text ?? ""),
      );
    });
}

function lastToolMessage(messages: readonly BaseMessage[]): ToolMessage | undefined {
  return messages.findLast((message): message is ToolMessage => ToolMessage.isInstance(message));
}

function toolCalls(prefix: string, calls: [string, Record<string, unknown>][]): AIMessage {
  return new AIMessage({
    content: "",
    tool_calls: calls.map(([name, args], index) => ({
      type: "tool_call",
      id: `${prefix}-${index + 1}`,
      name,
      args,
    })),
  });
}
