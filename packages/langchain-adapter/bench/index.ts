/**
 * Runs the LangChain adapter's benchmarks (`pnpm bench` at the root, after a build). Numbers
 * are only comparable within one run.
 */
import langchainBenchmarks from "./langchain.bench.js";

console.log(
  `# @aumai/connectorguard-langchain benchmarks — Node ${process.version}, ${new Date().toISOString()}`,
);
await langchainBenchmarks();
