#!/usr/bin/env node
// The root scripts run turbo through this file, for two things turbo does not offer:
// - colours only on a terminal: turbo's tasks write to a pipe, and vitest colours a pipe too,
//   so `pnpm test > test.log` was full of escape codes. Off the terminal, NO_COLOR is set.
// - no "cache bypass, force executing <hash>" line for the tasks that are never cached (test,
//   bench, demo): it says nothing a reader of the demo can use.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const terminal = process.stdout.isTTY === true;
const environment = { ...process.env };
if (terminal) {
  // Turbo writes to our pipe now; tell it and its tasks that a person is watching.
  environment.FORCE_COLOR ??= "1";
} else if (environment.FORCE_COLOR === undefined) {
  environment.NO_COLOR ??= "1";
}
const args = process.argv.slice(2);
const child = spawn("turbo", terminal ? [...args, "--color"] : args, {
  env: environment,
  stdio: ["inherit", "pipe", "inherit"],
});

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching escape codes is the point
const escapeCodes = /\u001b\[[0-9;]*m/g;
const cacheBypass = /^(?:\S+:\s*)?cache bypass, force executing [0-9a-f]+\s*$/;
createInterface({ input: child.stdout }).on("line", (line) => {
  if (!cacheBypass.test(line.replace(escapeCodes, ""))) process.stdout.write(`${line}\n`);
});

child.on("error", (error) => {
  process.stderr.write(`run-turbo: cannot start turbo: ${error.message}\n`);
  process.exitCode = 2;
});
child.on("close", (code, signal) => {
  process.exitCode = code ?? (signal === null ? 1 : 128);
});
