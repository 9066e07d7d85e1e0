import type { McpTool } from "./mcp-tool.js";
import { mcpToolDefinitionHash } from "./mcp-tool-definition-hash.js";

/** Reads every page of the server's `tools/list`. */
export type ReadAllTools = () => Promise<readonly McpTool[]>;

/**
 * What the server advertises now, tool by tool, with each definition's hash: filled from the
 * `tools/list` results that pass by, emptied on `notifications/tools/list_changed` and read
 * again, so the pin check always compares against the live definition, never a stale one.
 *
 * @example
 * const live = new LiveToolDefinitions(async () => (await client.listTools()).tools);
 * live.record((await client.listTools()).tools);
 * await live.hashOf("read_text_file"); // "sha256:…"
 */
export class LiveToolDefinitions {
  private readonly hashes = new Map<string, string>();
  private readonly tools = new Map<string, McpTool>();
  private complete = false;
  private readFailed = false;
  private refreshing: Promise<void> | undefined;
  private generation = 0;

  constructor(
    private readonly readAll: ReadAllTools,
    /** Told when the list could not be read (the pin check then fails closed). */
    private readonly onReadError?: (error: unknown) => void,
  ) {}

  /** Takes in one page of a `tools/list` result. */
  record(tools: readonly McpTool[]): void {
    for (const tool of tools) {
      if (typeof tool?.name !== "string") continue;
      this.tools.set(tool.name, tool);
      this.hashes.set(tool.name, mcpToolDefinitionHash(tool));
    }
  }

  /** The server said its tools changed: forget them all and read them again. */
  invalidate(): Promise<void> {
    this.hashes.clear();
    this.tools.clear();
    this.complete = false;
    this.generation++;
    // A read already under way answers for the old list; start a new one.
    this.refreshing = undefined;
    return this.refresh();
  }

  /**
   * The live hash of `name`'s definition, reading the list first when it is not known; after
   * any change announced meanwhile, the newest. `undefined` when the server does not list the
   * tool or its list cannot be read (the pin check then fails closed).
   */
  async hashOf(name: string): Promise<string | undefined> {
    // Each answer is read in the same turn as the state it depends on: a change can arrive
    // between any two awaits, and a hash read a turn later could belong to no list at all.
    for (let round = 0; round < 8; round++) {
      const refreshing = this.refreshing;
      if (refreshing !== undefined) {
        await refreshing;
        continue;
      }
      const hash = this.hashes.get(name);
      if (hash !== undefined || this.complete || (round > 0 && this.readFailed)) return hash;
      await this.refresh();
    }
    return undefined;
  }

  /** The hash known now, without reading anything. */
  knownHashOf(name: string): string | undefined {
    return this.refreshing === undefined ? this.hashes.get(name) : undefined;
  }

  private refresh(): Promise<void> {
    if (this.refreshing !== undefined) return this.refreshing;
    const generation = this.generation;
    const refreshing = this.readAll()
      .then(
        (tools) => {
          // A change announced while reading makes this answer stale; the next read counts.
          if (generation !== this.generation) return;
          this.record(tools);
          this.complete = true;
          this.readFailed = false;
        },
        (error: unknown) => {
          // Unknown definitions fail the pin check closed; the next call tries again.
          if (generation === this.generation) this.readFailed = true;
          this.onReadError?.(error);
        },
      )
      .finally(() => {
        if (this.refreshing === refreshing) this.refreshing = undefined;
      });
    this.refreshing = refreshing;
    return refreshing;
  }
}
