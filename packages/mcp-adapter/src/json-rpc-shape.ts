import type {
  JSONRPCErrorResponse,
  JSONRPCMessage,
  JSONRPCNotification,
  JSONRPCRequest,
  JSONRPCResultResponse,
} from "@modelcontextprotocol/sdk/types.js";

/*
 * The proxy reads a few fields of every message it relays and leaves the rest to the client
 * and the server, which validate what they receive. These checks read only those fields:
 * validating every message against the full schema (as the SDK's own guards do) cost the
 * proxy more than everything else it does per call.
 */

/** A request: a method and an id. */
export function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  const candidate = message as { method?: unknown; id?: unknown };
  return typeof candidate.method === "string" && candidate.id !== undefined;
}

/** A notification: a method and no id. */
export function isNotification(message: JSONRPCMessage): message is JSONRPCNotification {
  const candidate = message as { method?: unknown; id?: unknown };
  return typeof candidate.method === "string" && candidate.id === undefined;
}

/** A successful response. */
export function isResultResponse(message: JSONRPCMessage): message is JSONRPCResultResponse {
  const candidate = message as { method?: unknown; result?: unknown };
  return candidate.method === undefined && "result" in message;
}

/** An error response. */
export function isErrorResponse(message: JSONRPCMessage): message is JSONRPCErrorResponse {
  const candidate = message as { method?: unknown };
  return candidate.method === undefined && "error" in message;
}
