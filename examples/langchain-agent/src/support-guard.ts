import { type AuditSink, createGuard } from "@aumai/connectorguard";
import { connectorsFromTools } from "@aumai/connectorguard-langchain";
import type { supportTools } from "./support-tools.js";

/** Who may do what at the support desk. */
export const supportAgents = {
  "support-bot": { permissions: ["orders:read", "email:send"] },
  "billing-bot": { permissions: ["orders:read", "payments:write"] },
};

/**
 * The guard: the registered tools' connectors are derived from the tools' own schemas and
 * pinned to their definitions as reviewed, then tightened — refunds need `payments:write`,
 * email is limited to 2 a minute. `close_account` is deliberately left unregistered.
 */
export function supportGuard(tools: ReturnType<typeof supportTools>, decisionPrinter: AuditSink) {
  return createGuard({
    connectors: connectorsFromTools([tools.lookupOrder, tools.refundPayment, tools.sendEmail], {
      requiredPermissions: ["orders:read"],
      pin: true,
      overrides: {
        refund_payment: { requiredPermissions: ["payments:write"], rateLimit: 5 },
        send_email: { requiredPermissions: ["email:send"], rateLimit: 2 },
      },
    }),
    agents: supportAgents,
    audit: decisionPrinter,
  });
}
