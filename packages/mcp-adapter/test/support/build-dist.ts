import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Vitest global setup: the core CLI's `mcp-proxy` test loads this package's built entry, so
 * build it once when it is missing or older than `src` (under turbo it is already fresh).
 */
export default function buildDist(): void {
  const entry = join(packageRoot, "dist", "index.js");
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestSource(join(packageRoot, "src"))) {
    return;
  }
  execFileSync(
    process.execPath,
    [join(packageRoot, "node_modules", "tsup", "dist", "cli-default.js")],
    {
      cwd: packageRoot,
      stdio: "inherit",
    },
  );
}
