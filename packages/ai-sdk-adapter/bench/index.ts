/**
 * `pnpm bench` for the AI SDK adapter (run after building): prints its tables. Numbers are
 * only comparable within one run.
 */
import generateTextBenchmarks from "./generate-text.bench.js";

console.log(
  `# @aumai/connectorguard-ai-sdk benchmarks — Node ${process.version}, ${new Date().toISOString()}`,
);
await generateTextBenchmarks();
