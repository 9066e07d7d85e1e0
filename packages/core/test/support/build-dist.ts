import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The built entries the multi-process tests run in child processes. */
export const distEntries = ["index.js", "redis.js", "postgres.js"].map((file) =>
  join(packageRoot, "dist", file),
);

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Vitest global setup: child processes run the built `dist`, so build it once, before any
 * test file, when it is missing or older than `src` (under turbo it is already fresh).
 */
export default function buildDist(): void {
  const sourceTime = newestSource(join(packageRoot, "src"));
  const stale = distEntries.some(
    (entry) => !existsSync(entry) || statSync(entry).mtimeMs < sourceTime,
  );
  if (!stale) return;
  console.log("building dist for the multi-process tests (missing or older than src)");
  execFileSync(join(packageRoot, "node_modules", ".bin", "tsup"), [], {
    cwd: packageRoot,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
