import { type FileHandle, open } from "node:fs/promises";
import { AuditWriteError } from "../errors/audit-write-error.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { AuditEntry } from "./audit-entry.js";
import { auditSignatureFile, openAuditSignatureFile } from "./audit-signature-file.js";
import { type AuditSigningOptions, resolveAuditSigningOptions } from "./audit-signing-options.js";
import type { AuditSink } from "./audit-sink.js";
import { CheckpointSigner } from "./checkpoint-signer.js";
import { acquireFileLock, type FileLock } from "./file-lock.js";
import type { ChainHead } from "./hash-chain.js";
import { chainAuditLine } from "./jsonl-record-line.js";
import { resumeAuditChain } from "./resume-audit-chain.js";
import { setAsideTornTail, type TornLineReport } from "./set-aside-torn-tail.js";
import { countLines, writeFully } from "./write-fully.js";

/**
 * When appended entries reach the disk: `"batch"` fsyncs once per group commit (the default),
 * `"entry"` writes and fsyncs every entry on its own, `"none"` leaves it to the OS (survives
 * a crash of the process, not of the machine).
 */
export type AuditDurability = "batch" | "entry" | "none";

const durabilities: readonly AuditDurability[] = ["batch", "entry", "none"];
// One write per group commit, but never an unbounded one.
const maxChunkCharacters = 4 * 1024 * 1024;

/** Options of {@link JsonlAuditSink.open}. */
export interface JsonlAuditSinkOptions {
  /** When entries reach the disk (default `"batch"`). */
  readonly durability?: AuditDurability;
  /**
   * Verify the whole chain when opening (default true). With false only the last lines are
   * read, which opens a large log at once; run `verifyAuditLog` separately.
   */
  readonly verifyOnOpen?: boolean;
  /** Told when a torn last line was set aside on open (default: a line on stderr). */
  readonly onTornLine?: (report: TornLineReport) => void;
  /** Told when a write fails (default: a loud line on stderr); flush and close reject too. */
  readonly onWriteError?: (error: AuditWriteError) => void;
  /**
   * Sign checkpoints of the chain with an Ed25519 key, into `<file>.sig`, on a schedule and
   * on close, so that `verifyAuditLog(file, { publicKey })` can tell the entries this writer
   * vouched for from any appended by someone else (see docs/audit.md).
   */
  readonly signing?: AuditSigningOptions;
}

/** The signer and its side file, when the sink signs. */
interface Signing {
  readonly signer: CheckpointSigner;
  readonly close: () => Promise<void>;
}

/** Lines queued for one write: their text, and the head after the last of them. */
interface PendingChunk {
  readonly lines: string[];
  characters: number;
  firstSeq: number;
  last: ChainHead;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (error: AuditWriteError) => void;
}

/**
 * An append-only, hash-chained JSONL audit file: one `ChainedAuditRecord` per line, each with
 * its sequence number, the previous record's hash and its own SHA-256, so that any edited,
 * deleted, inserted or reordered line is detectable by `verifyAuditLog`.
 *
 * `append` is synchronous and cheap: it chains the entry, queues its line and schedules a
 * group commit (one write, and one fsync by default, for everything queued meanwhile).
 * `flush` resolves once everything appended so far is written with the chosen durability.
 * A failed write is reported at once and rejects `flush` and `close`; nothing is dropped
 * silently. One process writes a file at a time, enforced by `<file>.lock`.
 *
 * @example
 * const sink = await JsonlAuditSink.open(".connectorguard_audit.jsonl");
 * const guard = createGuard({ connectors, agents, audit: sink });
 * await guard.check({ connectorName: "openai-chat", sourceAgent: "agent-1", inputData: { prompt: "hi" } });
 * await guard.close(); // flushes and closes the file
 */
export class JsonlAuditSink implements AuditSink {
  /** The audit file. */
  readonly path: string;
  readonly durability: AuditDurability;
  /** The torn last line set aside when the file was opened, if there was one. */
  readonly recoveredTornLine: TornLineReport | undefined;
  private readonly handle: FileHandle;
  private readonly lock: FileLock;
  private readonly onWriteError: (error: AuditWriteError) => void;
  private queued: PendingChunk[] = [];
  private queuedHead: ChainHead;
  private storedHead: ChainHead;
  private waiters: Waiter[] = [];
  private draining = false;
  private failure: AuditWriteError | undefined;
  private closing: Promise<void> | undefined;
  private readonly signing: Signing | undefined;

  private constructor(
    path: string,
    handle: FileHandle,
    lock: FileLock,
    head: ChainHead,
    options: JsonlAuditSinkOptions,
    recoveredTornLine: TornLineReport | undefined,
    signing: Signing | undefined,
  ) {
    this.signing = signing;
    this.path = path;
    this.handle = handle;
    this.lock = lock;
    this.queuedHead = head;
    this.storedHead = head;
    this.durability = options.durability ?? "batch";
    this.onWriteError = options.onWriteError ?? reportWriteError;
    this.recoveredTornLine = recoveredTornLine;
  }

  /**
   * Opens (or creates) an audit file and resumes its chain. A torn last line left by a crash
   * is moved to a side file and reported; any other damage throws `AuditLogCorruptError`
   * naming the line, and the file is left as it is. Throws `FileLockedError` when another
   * writer holds the file.
   */
  static async open(path: string, options: JsonlAuditSinkOptions = {}): Promise<JsonlAuditSink> {
    const durability = options.durability ?? "batch";
    if (!durabilities.includes(durability)) {
      throw new InvalidOptionError(
        `durability must be one of ${durabilities.map((value) => `"${value}"`).join(", ")} (got ${JSON.stringify(durability)})`,
      );
    }
    const signingSettings =
      options.signing === undefined ? undefined : resolveAuditSigningOptions(options.signing);
    const lock = await acquireFileLock(path, { purpose: `audit file ${path}` });
    let signatures: Awaited<ReturnType<typeof openAuditSignatureFile>> | undefined;
    try {
      const state = await resumeAuditChain(path, options.verifyOnOpen ?? true);
      let recovered: TornLineReport | undefined;
      if (state.tornTail !== undefined) {
        recovered = await setAsideTornTail(path, state.tornTail);
        (options.onTornLine ?? reportTornLine)(recovered);
      }
      const handle = await open(path, "a");
      if (state.missingFinalNewline) {
        // A complete record whose newline was lost in a crash: finish its line.
        await handle.write("\n");
        await handle.datasync();
      }
      let signing: Signing | undefined;
      if (signingSettings !== undefined) {
        const file = auditSignatureFile(path);
        signatures = await openAuditSignatureFile(file, durability !== "none");
        const store = signatures;
        const signer = new CheckpointSigner(signingSettings, store.append, (error) =>
          process.stderr.write(
            `connectorguard: AUDIT SIGNATURE WRITE FAILED for ${file}: ${error instanceof Error ? error.message : String(error)}; the next checkpoint covers these entries\n`,
          ),
        );
        signing = { signer, close: store.close };
      }
      return new JsonlAuditSink(path, handle, lock, state.head, options, recovered, signing);
    } catch (error) {
      await signatures?.close();
      await lock.release();
      throw error;
    }
  }

  /** The head including queued entries: what the next entry will link to. */
  get head(): ChainHead {
    return this.queuedHead;
  }

  /** The head of what is written with the chosen durability. */
  get storedThrough(): ChainHead {
    return this.storedHead;
  }

  /**
   * Chains and queues an entry; the write happens in the next group commit. Throws
   * `AuditWriteError` when the sink is closed or an earlier write failed.
   */
  append(entry: AuditEntry): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closing !== undefined) {
      throw new AuditWriteError(
        this.path,
        `cannot append to ${this.path}: the audit sink is closed (entry for '${entry.connectionAttempt?.connectorName}' not stored)`,
      );
    }
    const line = chainAuditLine(entry, this.queuedHead);
    this.queuedHead = { seq: line.seq, hash: line.hash };
    const chunk = this.queued[this.queued.length - 1];
    if (
      chunk === undefined ||
      this.durability === "entry" ||
      chunk.characters >= maxChunkCharacters
    ) {
      this.queued.push({
        lines: [line.text],
        characters: line.text.length,
        firstSeq: line.seq,
        last: this.queuedHead,
      });
    } else {
      chunk.lines.push(line.text);
      chunk.characters += line.text.length;
      chunk.last = this.queuedHead;
    }
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => void this.drain());
    }
  }

  /** Resolves once every entry appended so far is written (and fsynced, per durability). */
  flush(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const seq = this.queuedHead.seq;
    if (this.storedHead.seq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Flushes, closes the file and releases its lock. Rejects if entries could not be stored. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    let flushError: unknown;
    try {
      await this.flush();
    } catch (error) {
      flushError = error;
    }
    try {
      // Signs what is stored: after a failed flush too, the entries that were stored.
      if (this.signing !== undefined) {
        await this.signing.signer.close();
        await this.signing.close();
      }
    } finally {
      try {
        await this.handle.close();
      } finally {
        await this.lock.release();
      }
    }
    if (flushError !== undefined) throw flushError;
  }

  private async drain(): Promise<void> {
    try {
      for (let chunk = this.queued.shift(); chunk !== undefined; chunk = this.queued.shift()) {
        const bytes = Buffer.from(`${chunk.lines.join("\n")}\n`, "utf8");
        const progress = { written: 0 };
        try {
          await writeFully(this.handle, bytes, progress);
          if (this.durability !== "none") await this.handle.datasync();
        } catch (error) {
          this.fail(error, chunk.firstSeq + countLines(bytes, progress.written));
          return;
        }
        this.storedHead = chunk.last;
        this.settleWaiters();
        this.signing?.signer.stored(chunk.firstSeq, chunk.last.seq, chunk.last);
      }
    } finally {
      this.draining = false;
    }
  }

  private settleWaiters(): void {
    if (this.waiters.length === 0) return;
    const stored = this.storedHead.seq;
    const waiting: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.seq <= stored) waiter.resolve();
      else waiting.push(waiter);
    }
    this.waiters = waiting;
  }

  private fail(cause: unknown, fromSeq: number): void {
    const toSeq = this.queuedHead.seq;
    const detail = cause instanceof Error ? cause.message : String(cause);
    const entries =
      fromSeq > toSeq
        ? "the last entries could not be synced"
        : `entries seq ${fromSeq}-${toSeq} are not stored`;
    this.failure = new AuditWriteError(
      this.path,
      `audit write to ${this.path} failed: ${detail}; ${entries}, and the sink accepts no more (a partial last line is set aside when the file is next opened)`,
      { cause },
    );
    this.queued = [];
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(this.failure);
    this.onWriteError(this.failure);
  }
}

function reportTornLine(report: TornLineReport): void {
  process.stderr.write(
    `connectorguard: ${report.file}: line ${report.line} was incomplete (${report.byteLength} bytes, a write cut short by a crash); moved it to ${report.sideFile} and continued the log after line ${report.line - 1}\n`,
  );
}

function reportWriteError(error: AuditWriteError): void {
  process.stderr.write(`connectorguard: AUDIT WRITE FAILED: ${error.message}\n`);
}
