/**
 * `pnpm bench` for the AI SDK adapter: prints its tables. Numbers are
 * only comparable within one run.
 */
import generateTextBenchmarks from "./generate-text.bench.js";

console.log(
  `# @aumai/connectorguard-ai-sdk benchmarks — Node ${process.version}, ${new Date().toISOString()}`,
);
await generateTextBenchmarks();
