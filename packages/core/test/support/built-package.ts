import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The built package (`pnpm build` runs before `pnpm test`), for tests that spawn processes. */
export const builtIndexPath = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
export const builtCliPath = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));
export const builtIndexUrl = pathToFileURL(builtIndexPath).href;

/** Fails with a clear message when the package has not been built. */
export function requireBuild(paths: readonly string[] = [builtIndexPath, builtCliPath]): void {
  for (const path of paths) {
    if (!existsSync(path)) {
      throw new Error(`${path} is missing: run 'pnpm build' before these tests`);
    }
  }
}
