import { type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { AIMessage } from "langchain";

/**
 * One step in which the model asks for six calls at once: two that pass, one missing a
 * permission, one with invalid input, and three emails against a limit of two a minute. The
 * second answer records the tool messages the model was given and ends the run.
 */
export function scriptedSupportModel() {
  const received: ToolMessage[] = [];
  const model = fakeModel()
    .respondWithTools([
      { id: "lookup", name: "lookup_order", args: { orderId: "A-1001" } },
      { id: "refund", name: "refund_payment", args: { orderId: "A-1001", amount: 20 } },
      { id: "bad-input", name: "lookup_order", args: { orderId: 1001 } },
      { id: "email-1", name: "send_email", args: { to: "ada@example.com", body: "1" } },
      { id: "email-2", name: "send_email", args: { to: "ada@example.com", body: "2" } },
      { id: "email-3", name: "send_email", args: { to: "ada@example.com", body: "3" } },
    ])
    .respond((messages: BaseMessage[]) => {
      received.push(...messages.filter((message) => ToolMessage.isInstance(message)));
      return new AIMessage(
        "I looked the order up and emailed the customer; a refund needs billing.",
      );
    });
  return { model, received };
}

/** The tool messages the model received, keyed by tool call id: `status: content`. */
export function messagesById(received: readonly ToolMessage[]): Record<string, string> {
  return Object.fromEntries(
    received.map((message) => [message.tool_call_id, `${message.status}: ${message.text}`]),
  );
}
