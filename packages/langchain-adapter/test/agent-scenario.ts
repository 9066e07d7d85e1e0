import type { AuditLog } from "@aumai/connectorguard";
import { type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { AIMessage } from "langchain";
import { expect } from "vitest";
import { auditLines } from "./support-fixtures.js";

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

/**
 * Checks the outcome of that step for `support-bot` (orders:read, email:send): the allowed calls
 * ran, the others did not, the model received each reason, and each call was audited on its own.
 */
export function expectSupportBotStep(outcome: {
  runs: string[];
  received: readonly ToolMessage[];
  auditLog: AuditLog;
}): void {
  expect([...outcome.runs].sort()).toEqual([
    "lookup_order:A-1001",
    "send_email:ada@example.com",
    "send_email:ada@example.com",
  ]);
  const answers = Object.fromEntries(
    outcome.received.map((message) => [message.tool_call_id, `${message.status}: ${message.text}`]),
  );
  expect(answers.lookup).toBe('success: {"orderId":"A-1001","status":"delivered","total":42}');
  expect(answers.refund).toBe(
    "error: call to 'refund_payment' denied: agent 'support-bot' is missing required permissions: payments:write",
  );
  expect(answers["bad-input"]).toBe(
    "error: call to 'lookup_order' denied: input validation failed: /orderId must be string",
  );
  const emails = ["email-1", "email-2", "email-3"].map((id) => answers[id]);
  expect(emails.filter((answer) => answer === "success: sent to ada@example.com")).toHaveLength(2);
  const overLimit =
    "error: call to 'send_email' denied: rate limit exceeded for connector 'send_email' (limit: 2 req/60s); retry in";
  expect(emails.filter((answer) => answer?.startsWith(overLimit))).toHaveLength(1);
  expect(auditLines(outcome.auditLog).sort()).toEqual([
    "support-bot lookup_order ALLOW ok",
    "support-bot lookup_order DENY(input-schema)",
    "support-bot refund_payment DENY(permission)",
    "support-bot send_email ALLOW ok",
    "support-bot send_email ALLOW ok",
    "support-bot send_email DENY(rate-limit)",
  ]);
}
