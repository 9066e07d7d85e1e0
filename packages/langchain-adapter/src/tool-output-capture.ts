/**
 * A stand-in for a tool that behaves exactly as the tool but remembers what the tool's own
 * function returned, before LangChain wraps it in a `ToolMessage`; that value is what a
 * connector's `outputSchema` describes.
 */
export interface ToolOutputCapture<Tool extends object> {
  /** Invoke this instead of the tool. */
  readonly tool: Tool;
  /**
   * What the tool's function returned (for a streaming tool, what its generator returned), or
   * `returned` when the tool's function was never reached.
   */
  outputOr(returned: unknown): unknown;
}

type ToolFunction = (...args: unknown[]) => unknown;

/**
 * Wraps `tool` so that its `_call` — the method every `StructuredTool`, `DynamicTool` and
 * `tool(...)` tool runs its function through — reports its result. The tool's own `_call`
 * still runs on the tool itself, so state it keeps stays on the tool. Returns undefined for a
 * tool without `_call` (a runnable turned tool), whose `invoke` result is its output.
 *
 * @example
 * const capture = captureToolOutput(lookupOrder);
 * const message = await capture?.tool.invoke(toolCall); // a ToolMessage
 * capture?.outputOr(message); // { orderId: "A-1", status: "delivered" }
 */
export function captureToolOutput<Tool extends object>(
  tool: Tool,
): ToolOutputCapture<Tool> | undefined {
  const ownFunction = (tool as { _call?: unknown })._call;
  if (typeof ownFunction !== "function") return undefined;
  let captured = false;
  let output: unknown;
  const record = (value: unknown) => {
    captured = true;
    output = value;
    return value;
  };
  const stand = Object.create(tool, {
    _call: {
      value: async (...args: unknown[]) => {
        const raw = await (ownFunction as ToolFunction).apply(tool, args);
        return isAsyncGenerator(raw) ? recordReturn(raw, record) : record(raw);
      },
    },
  }) as Tool;
  return { tool: stand, outputOr: (returned) => (captured ? output : returned) };
}

/** LangChain collects a streaming tool's chunks and takes what its generator returns. */
async function* recordReturn(
  generator: AsyncGenerator<unknown, unknown>,
  record: (value: unknown) => unknown,
): AsyncGenerator<unknown, unknown> {
  return record(yield* generator);
}

// The same test LangChain applies to a tool's result before it consumes it as a stream.
function isAsyncGenerator(value: unknown): value is AsyncGenerator<unknown, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { next?: unknown }).next === "function"
  );
}
