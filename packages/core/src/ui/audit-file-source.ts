import { open, stat } from "node:fs/promises";
import { type ChainedAuditRecord, type ChainHead, EMPTY_CHAIN_HEAD } from "../audit/hash-chain.js";
import { scanAuditFile } from "../audit/scan-audit-file.js";
import type { AuditIndex } from "./audit-index.js";
import type { ChainState } from "./chain-state.js";
import type { ViewerSource } from "./viewer-source.js";

interface ScanPosition {
  offset: number;
  line: number;
  head: ChainHead;
  /** Where the last verified record's line is, to notice a rewrite. */
  lastLine: { offset: number; length: number } | undefined;
}

/**
 * The viewer's JSONL source: the first refresh verifies and indexes the whole file (the same
 * scan as `verify`); later ones verify and index only what was appended. A file that shrank,
 * changed in place or whose last verified line no longer hashes the same is read again from
 * the start.
 *
 * @example
 * const source = new AuditFileSource("audit.jsonl");
 * await source.refresh(index);
 * source.chain().verified; // 1187
 */
export class AuditFileSource implements ViewerSource {
  readonly name: string;
  private readonly path: string;
  private position: ScanPosition = start();
  private signature = "";
  private state: ChainState;

  constructor(path: string) {
    this.path = path;
    this.name = path;
    this.state = chainState(this.position, undefined, undefined);
  }

  async refresh(index: AuditIndex): Promise<boolean> {
    const stats = await stat(this.path);
    const signature = `${stats.size}:${stats.mtimeMs}`;
    if (signature === this.signature) return false;
    const broken = this.state.firstBreak !== undefined;
    const rewritten =
      stats.size < this.position.offset ||
      (stats.size === this.position.offset && this.signature !== "") ||
      !(await this.lastLineIntact());
    if (broken || rewritten) {
      index.clear();
      this.position = start();
    }
    this.signature = signature;
    await this.scan(index);
    return true;
  }

  async verifyAgain(index: AuditIndex): Promise<void> {
    index.clear();
    this.position = start();
    this.signature = "";
    const stats = await stat(this.path);
    this.signature = `${stats.size}:${stats.mtimeMs}`;
    await this.scan(index);
  }

  chain(): ChainState {
    return this.state;
  }

  async record(index: AuditIndex, seq: number): Promise<ChainedAuditRecord | undefined> {
    const location = index.locate(seq);
    if (location === undefined) return undefined;
    const text = await this.readLine(location);
    if (text === undefined) return undefined;
    const record = JSON.parse(text) as ChainedAuditRecord;
    return record.seq === seq ? record : undefined;
  }

  async close(): Promise<void> {}

  private async scan(index: AuditIndex): Promise<void> {
    const position = this.position;
    let lastLine = position.lastLine;
    let lineNumber = position.line;
    const scan = await scanAuditFile(this.path, {
      resumeFrom: position,
      onRecord: (record, line, location) => {
        lastLine = location;
        index.add(record, location);
        lineNumber = line;
      },
    });
    this.position = { offset: scan.endOffset, line: lineNumber, head: scan.head, lastLine };
    this.state = chainState(this.position, scan.firstBreak, scan.tornTail);
  }

  /** True when the last verified line still holds the record with the head's hash. */
  private async lastLineIntact(): Promise<boolean> {
    const lastLine = this.position.lastLine;
    if (lastLine === undefined) return true;
    const text = await this.readLine(lastLine).catch(() => undefined);
    if (text === undefined) return false;
    try {
      return (JSON.parse(text) as { hash?: unknown }).hash === this.position.head.hash;
    } catch {
      return false;
    }
  }

  private async readLine(location: {
    offset: number;
    length: number;
  }): Promise<string | undefined> {
    const handle = await open(this.path, "r");
    try {
      const buffer = Buffer.alloc(location.length);
      const { bytesRead } = await handle.read(buffer, 0, location.length, location.offset);
      return bytesRead === location.length ? buffer.toString("utf8") : undefined;
    } finally {
      await handle.close();
    }
  }
}

function start(): ScanPosition {
  return { offset: 0, line: 0, head: EMPTY_CHAIN_HEAD, lastLine: undefined };
}

function chainState(
  position: ScanPosition,
  firstBreak: { line: number; seq: number; reason: string } | undefined,
  tornTail: { line: number } | undefined,
): ChainState {
  return {
    verified: position.head.seq,
    head: { seq: position.head.seq, hash: position.head.hash },
    ...(firstBreak === undefined ? {} : { firstBreak }),
    ...(tornTail === undefined ? {} : { tornTail: { line: tornTail.line } }),
    checkedAt: new Date().toISOString(),
    coverage: "as read",
  };
}
