import type { RedisScriptClient } from "./redis-script-client.js";

/** ioredis statuses in which the client is on its way to "ready". */
const WAITING_STATUSES: ReadonlySet<string> = new Set([
  "wait",
  "connecting",
  "connect",
  "reconnecting",
  "close",
]);

/** Whether a command can go now, must wait for the connection, or never will. */
export type RedisConnectionState = "ready" | "waiting" | "ended";

/**
 * Holds the Redis store's commands until its client is connected. Handing a command to a
 * client that is not ready puts it in ioredis' offline queue (or fails it, without one), from
 * where it runs after the decision waiting for it has long given up; so a command waits here,
 * for one shared `"ready"` listener, and its decision's deadline cancels it. A client without
 * `status` is taken to be connected.
 *
 * @example
 * const gate = new RedisConnectionGate(client);
 * const state = gate.admit(send); // "ready": send now; "waiting": send runs once ready
 * // when the decision gives up first:
 * gate.cancel(send);
 */
export class RedisConnectionGate {
  private readonly client: RedisScriptClient;
  private readonly waiting = new Set<() => void>();
  private listening = false;

  constructor(client: RedisScriptClient) {
    this.client = client;
  }

  /** The client's connection status, for reasons (`"unknown"` without one). */
  get status(): string {
    return this.client.status ?? "unknown";
  }

  /**
   * `"ready"` when `send` may run now, `"ended"` when the client will never connect again;
   * otherwise keeps `send` to run once the client is ready, and answers `"waiting"`.
   */
  admit(send: () => void): RedisConnectionState {
    const status = this.client.status;
    if (status === undefined || status === "ready") return "ready";
    if (status === "end") return "ended";
    if (!WAITING_STATUSES.has(status)) return "ready";
    this.waiting.add(send);
    if (!this.listening) {
      this.listening = true;
      this.client.once?.("ready", () => {
        this.listening = false;
        const waiting = [...this.waiting];
        this.waiting.clear();
        for (const waiter of waiting) waiter();
      });
      // A lazy client connects on its first command; the store sends none until it is ready.
      if (status === "wait") this.client.connect?.().catch(() => {});
    }
    return "waiting";
  }

  /** Forgets a waiting `send` (its decision gave up). */
  cancel(send: () => void): void {
    this.waiting.delete(send);
  }
}
