/** Calls a tool's `execute` the way the AI SDK does, for tests that skip the model. */
export interface CallOptions {
  readonly toolCallId?: string;
  /** AI SDK 6 style context. */
  readonly experimental_context?: unknown;
  /** AI SDK 7 style tool context. */
  readonly context?: unknown;
}

type Executable = { execute?: (input: never, options: never) => unknown };

/**
 * Runs `tool.execute(input, options)` and awaits its result (a promise or a value).
 *
 * @example
 * await callTool(tools.calculator, { a: 1, b: 2 }, { experimental_context: { agentId: "bot" } });
 */
export async function callTool(
  tool: Executable,
  input: unknown,
  options: CallOptions = {},
): Promise<unknown> {
  if (tool.execute === undefined) throw new Error("the tool has no execute");
  const execute = tool.execute as (input: unknown, options: unknown) => unknown;
  return await execute(input, { toolCallId: "call-1", messages: [], ...options });
}
