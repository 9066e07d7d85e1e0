import type { AuditSigningSettings } from "./audit-signing-options.js";
import type { ChainHead } from "./hash-chain.js";
import { type SignedCheckpoint, signChainHead } from "./signed-checkpoint.js";

/** Where a signer stores its checkpoints (a side file, a table). */
export type CheckpointStore = (checkpoint: SignedCheckpoint) => Promise<void>;

/**
 * Signs checkpoints for one audit sink on its schedule: told which records the sink has
 * stored, it signs the stored head once enough entries or time have passed, vouching for
 * exactly the records this sink wrote since its last checkpoint (never for records it found
 * when it opened the log). Writes are serialized; a failed one is reported and retried with
 * the next checkpoint, whose ranges still include the records it missed.
 *
 * @example
 * const signer = new CheckpointSigner(settings, (checkpoint) => appendLine(checkpoint), console.error);
 * signer.stored(1, 40, head40); // signs when due
 * await signer.close(); // signs what is left
 */
export class CheckpointSigner {
  private readonly settings: AuditSigningSettings;
  private readonly store: CheckpointStore;
  private readonly report: (error: unknown) => void;
  private ranges: [number, number][] = [];
  private unsignedCount = 0;
  private head: ChainHead | undefined;
  private lastSignedAt = Date.now();
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    settings: AuditSigningSettings,
    store: CheckpointStore,
    report: (error: unknown) => void,
  ) {
    this.settings = settings;
    this.store = store;
    this.report = report;
    // A quiet log still gets its last entries signed, within `everySeconds`.
    this.timer = setInterval(
      () => {
        if (Date.now() - this.lastSignedAt >= settings.everySeconds * 1000) this.sign();
      },
      Math.min(settings.everySeconds * 1000, 2_147_483_647),
    );
    this.timer.unref();
  }

  /** Records `first..last` were stored by this sink, and the chain now ends at `head`. */
  stored(first: number, last: number, head: ChainHead): void {
    if (this.closed || last < first) return;
    const previous = this.ranges[this.ranges.length - 1];
    if (previous !== undefined && previous[1] + 1 === first) previous[1] = last;
    else this.ranges.push([first, last]);
    this.unsignedCount += last - first + 1;
    this.head = head;
    if (
      this.unsignedCount >= this.settings.everyEntries ||
      Date.now() - this.lastSignedAt >= this.settings.everySeconds * 1000
    ) {
      this.sign();
    }
  }

  /** Signs what is left, stops the schedule and waits for every checkpoint to be stored. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.sign();
      this.closed = true;
      clearInterval(this.timer);
    }
    await this.writing;
  }

  private sign(): void {
    const head = this.head;
    if (this.closed || head === undefined || this.ranges.length === 0) return;
    const ranges = this.ranges;
    const count = this.unsignedCount;
    this.ranges = [];
    this.unsignedCount = 0;
    this.lastSignedAt = Date.now();
    const { privateKey, keyId } = this.settings;
    const checkpoint = signChainHead(head, ranges, privateKey, keyId);
    this.writing = this.writing.then(async () => {
      try {
        await this.store(checkpoint);
      } catch (error) {
        // Put the ranges back: the next checkpoint vouches for them.
        this.ranges = [...ranges, ...this.ranges];
        this.unsignedCount += count;
        this.report(error);
      }
    });
  }
}
