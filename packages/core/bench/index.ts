/**
 * Runs every `*.bench.ts` file in this folder, in name order, each printing its own table.
 * `pnpm bench` (root) runs this after building. Numbers are only comparable within one run.
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const folder = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(folder)
  .filter((file) => file.endsWith(".bench.ts"))
  .filter((file) => only === undefined || file.includes(only))
  .sort();

console.log(
  `# @aumai/connectorguard benchmarks — Node ${process.version}, ${new Date().toISOString()}`,
);
for (const file of files) {
  const module = (await import(pathToFileURL(join(folder, file)).href)) as {
    default: () => Promise<void>;
  };
  await module.default();
}
