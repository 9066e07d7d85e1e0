import type { Readable, Writable } from "node:stream";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

/** The longest line accepted from the other side (64 MiB). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * MCP's stdio framing — one JSON-RPC message per line — over any pair of streams, for the
 * proxy. Unlike the SDK's stdio transports it does not validate each message against the
 * full MCP schema (the client and the server on either side do); a line that is not JSON is
 * reported through `onerror` and skipped. `onclose` runs once, when the input ends or
 * `close()` is called. Messages sent in one turn of the event loop go out in one write; a
 * send resolves once its write is accepted (after a drain when the stream is full).
 *
 * @example
 * const upstream = new JsonLineTransport(process.stdin, process.stdout);
 */
export class JsonLineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <Message extends JSONRPCMessage>(message: Message) => void;
  private buffer = "";
  private closed = false;
  private queued: string[] = [];
  private waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private flushScheduled = false;
  private readonly onData = (chunk: Buffer | string) => this.receive(chunk.toString());
  private readonly onEnd = () => void this.close();
  private readonly onError = (error: Error) => this.onerror?.(error);

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  async start(): Promise<void> {
    this.input.setEncoding?.("utf8");
    this.input.on("data", this.onData);
    this.input.on("end", this.onEnd);
    this.input.on("error", this.onError);
    this.output.on("error", this.onError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the connection is closed"));
    this.queued.push(`${JSON.stringify(message)}\n`);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /**
   * Writes what was sent since the last flush in one write: with many calls in flight,
   * messages come in bursts, and one write per message cost the proxy a system call each.
   */
  private readonly flush = () => {
    this.flushScheduled = false;
    const text = this.queued.join("");
    const waiting = this.waiting;
    this.queued = [];
    this.waiting = [];
    if (text === "") return;
    let failed = false;
    const written = this.output.write(text, (error) => {
      if (!error) return;
      failed = true;
      for (const { reject } of waiting) reject(error);
    });
    const settle = () => {
      if (!failed) for (const { resolve } of waiting) resolve();
    };
    if (written) settle();
    else this.output.once("drain", settle);
  };

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off("data", this.onData);
    this.input.off("end", this.onEnd);
    // A paused input no longer keeps the process alive (process.stdin included).
    if (this.input.listenerCount("data") === 0) this.input.pause();
    this.buffer = "";
    this.onclose?.();
  }

  private receive(text: string): void {
    this.buffer += text;
    if (this.buffer.length > MAX_LINE_BYTES) {
      this.buffer = "";
      this.onerror?.(new Error(`a message longer than ${MAX_LINE_BYTES} bytes; dropped`));
      return;
    }
    let newline = this.buffer.indexOf("\n");
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, "");
      this.buffer = this.buffer.slice(newline + 1);
      if (line.trim() !== "") this.deliver(line);
      newline = this.buffer.indexOf("\n");
    }
  }

  private deliver(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch (error) {
      this.onerror?.(
        new Error(`not a JSON-RPC message: ${line.slice(0, 80)} (${(error as Error).message})`),
      );
      return;
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      this.onerror?.(new Error(`not a JSON-RPC message: ${line.slice(0, 80)}`));
      return;
    }
    this.onmessage?.(message as JSONRPCMessage);
  }
}
