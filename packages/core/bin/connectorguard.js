#!/usr/bin/env node
// The CLI's entry as installed: a checked-in file, so that a workspace install links the bin
// before the first build (instead of warning once per workspace package). The CLI itself is
// the built bundle beside it.
import { fileURLToPath } from "node:url";

const bundle = new URL("../dist/cli.js", import.meta.url);
try {
  await import(bundle.href);
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !error.message.includes(fileURLToPath(bundle))) {
    throw error;
  }
  process.stderr.write(
    "connectorguard: error: the CLI is not built yet (run 'pnpm build' in the repository first)\n",
  );
  process.exitCode = 2;
}
