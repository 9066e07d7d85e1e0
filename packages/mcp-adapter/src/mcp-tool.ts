/**
 * One tool as an MCP server advertises it in `tools/list` (the fields ConnectorGuard reads).
 * `client.listTools()` of `@modelcontextprotocol/sdk` returns objects of this shape.
 */
export interface McpTool {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  /** The JSON Schema of the tool's arguments (MCP's default dialect is 2020-12). */
  readonly inputSchema: object;
  /** The JSON Schema of the tool's `structuredContent`, when it returns one. */
  readonly outputSchema?: object;
  /** Hints about the tool's behaviour (read-only, destructive, idempotent, open-world). */
  readonly annotations?: object;
  readonly [field: string]: unknown;
}

/** A `tools/list` result: one page of tools, and the cursor of the next page if any. */
export interface McpToolList {
  readonly tools: readonly McpTool[];
  readonly nextCursor?: string;
}

/** One content block of a tool result (text, image, audio, a resource…). */
export interface McpContentBlock {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** A `tools/call` result, as MCP defines it. */
export interface McpCallToolResult {
  readonly content?: readonly McpContentBlock[];
  readonly structuredContent?: unknown;
  readonly isError?: boolean;
  readonly _meta?: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}
