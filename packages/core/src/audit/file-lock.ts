import { randomUUID } from "node:crypto";
import { link, open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { FileLockedError } from "../errors/file-locked-error.js";
import { writeNewFileSynced } from "./write-new-file-synced.js";

/** Options of {@link acquireFileLock}. */
export interface FileLockOptions {
  /** How long to wait for the current holder to let go, in milliseconds (default 0). */
  readonly waitMs?: number;
  /** What the lock protects, for error messages (default: the file's path). */
  readonly purpose?: string;
}

/** A lock held on a file by this process. */
export interface FileLock {
  /** The lock file, `<file>.lock`. */
  readonly lockFile: string;
  /** Removes the lock file if it is still this lock's. Safe to call twice. */
  release(): Promise<void>;
}

interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly token: string;
  readonly acquiredAt: string;
}

// Tokens of the locks this process holds: a lock file naming our pid but an unknown token was
// left by an earlier process that had the same pid (common in containers), so it is stale.
const heldTokens = new Set<string>();
const retryDelayMs = 20;
const breakerStaleMs = 10_000;
const staleRecoveryGraceMs = 2_000;

/**
 * Takes an exclusive lock on `file` by creating `<file>.lock` atomically (written aside, then
 * hard-linked into place, so its content is complete whenever it exists). The lock names the
 * holder's pid and host. A lock left by a process that no longer runs on this host is taken
 * over, one contender at a time; a live holder makes this wait up to `waitMs`, then throw
 * `FileLockedError` naming it.
 *
 * @example
 * const lock = await acquireFileLock("registry.json", { waitMs: 10_000 });
 * try {
 *   // read, change and rewrite registry.json
 * } finally {
 *   await lock.release();
 * }
 */
export async function acquireFileLock(
  file: string,
  options: FileLockOptions = {},
): Promise<FileLock> {
  const lockFile = `${file}.lock`;
  const holder: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    token: randomUUID(),
    acquiredAt: new Date().toISOString(),
  };
  const content = JSON.stringify(holder);
  const startedAt = Date.now();
  const waitMs = options.waitMs ?? 0;
  for (;;) {
    if (await createExclusively(lockFile, content)) {
      heldTokens.add(holder.token);
      return { lockFile, release: () => releaseLock(lockFile, holder.token) };
    }
    const current = await readHolder(lockFile);
    if (current === "gone") continue;
    const elapsed = Date.now() - startedAt;
    if (current !== "unreadable" && isStale(current.holder)) {
      if (await breakStaleLock(lockFile, current.text)) continue;
      if (elapsed < Math.max(waitMs, staleRecoveryGraceMs)) {
        await sleep(retryDelayMs);
        continue;
      }
    }
    if (elapsed >= waitMs) {
      throw new FileLockedError(
        file,
        lockFile,
        `${options.purpose ?? file} is locked by ${describeHolder(current)} (lock file ${lockFile}); if no such process is running, remove the lock file`,
      );
    }
    await sleep(retryDelayMs);
  }
}

async function createExclusively(lockFile: string, content: string): Promise<boolean> {
  const draft = `${lockFile}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeNewFileSynced(draft, content);
  } catch (error) {
    // Name the lock file, not its draft, in the error (a missing folder, say).
    if (typeof error === "object" && error !== null) Object.assign(error, { path: lockFile });
    throw error;
  }
  try {
    await link(draft, lockFile);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(draft).catch(() => {});
  }
}

async function readHolder(
  lockFile: string,
): Promise<"gone" | "unreadable" | { text: string; holder: LockHolder }> {
  let text: string;
  try {
    text = await readFile(lockFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  try {
    const holder = JSON.parse(text) as LockHolder;
    if (typeof holder.pid === "number" && typeof holder.hostname === "string") {
      return { text, holder };
    }
  } catch {
    // Not written by us: treat as held by an unknown process.
  }
  return "unreadable";
}

function isStale(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return false;
  if (holder.pid === process.pid) return !heldTokens.has(holder.token);
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Removes a stale lock, guarded by `<lock>.break` so that two contenders cannot both remove a
 * lock and one of them then remove the other's fresh lock. Returns false when another process
 * is breaking it.
 */
async function breakStaleLock(lockFile: string, staleText: string): Promise<boolean> {
  const breaker = `${lockFile}.break`;
  try {
    await (await open(breaker, "wx")).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const age = await stat(breaker).then(
      (stats) => Date.now() - stats.mtimeMs,
      () => 0,
    );
    // A breaker that crashed mid-way leaves its file behind; it must not block for ever.
    if (age > breakerStaleMs) await unlink(breaker).catch(() => {});
    return false;
  }
  try {
    const current = await readFile(lockFile, "utf8").catch(() => undefined);
    if (current === staleText) await unlink(lockFile).catch(() => {});
    return true;
  } finally {
    await unlink(breaker).catch(() => {});
  }
}

async function releaseLock(lockFile: string, token: string): Promise<void> {
  if (!heldTokens.delete(token)) return;
  const current = await readHolder(lockFile);
  if (typeof current === "object" && current.holder.token === token) {
    await unlink(lockFile).catch(() => {});
  }
}

function describeHolder(current: "unreadable" | { holder: LockHolder }): string {
  if (current === "unreadable") return "an unknown process";
  const { pid, hostname: host } = current.holder;
  return pid === process.pid && host === hostname()
    ? "this process (the file is already open here)"
    : `process ${pid} on host ${host}`;
}
