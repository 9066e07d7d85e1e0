/**
 * What an adapter knows about the framework's tool call, beside the attempt: the tool's name
 * and the call's id. Telemetry puts them on the decision's span as `gen_ai.tool.name` and
 * `gen_ai.tool.call.id`; they are not part of the attempt and never audited.
 *
 * @example
 * await guard.execute(attempt, () => tool.execute(input), { toolName: "search", toolCallId: "call-1" });
 */
export interface ToolCallContext {
  readonly toolName?: string;
  readonly toolCallId?: string;
}
