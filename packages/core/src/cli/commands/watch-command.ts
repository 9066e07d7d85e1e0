import { type FSWatcher, watch } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ConnectorGuardError } from "../../errors/connector-guard-error.js";
import type { Guard } from "../../guard/create-guard.js";
import type { CliCommand, CommandContext } from "../cli-command.js";
import { CliUsageError } from "../cli-usage-error.js";
import { describeFileError } from "../describe-file-error.js";
import { formatDecision } from "../format-decision.js";
import { loadCliPolicy } from "../load-cli-policy.js";
import { openCliGuard } from "../open-cli-guard.js";
import { parseAttempts } from "../parse-attempts.js";
import {
  agentIdOption,
  auditFileOption,
  configOption,
  DEFAULT_AGENT_ID,
  registryFileOption,
  sameOptionAs,
} from "../shared-options.js";

// How often --follow looks at the folder when nothing wakes it, and how soon it looks again at
// a file that was still changing (a file is read once its size and time stop changing).
const idlePollMs = 1_000;
const settlePollMs = 150;

interface Tally {
  files: number;
  attempts: number;
  allowed: number;
  denied: number;
  skipped: number;
}

/**
 * `watch --agent DIR`: validates every `*.json` attempt file in a folder, prints one
 * ALLOW/DENY line per attempt and a summary, and appends every decision to the audit file.
 * With `--follow` it keeps watching for new files until interrupted. Exit code 1 when any
 * attempt was denied or any file skipped.
 *
 * @example
 * // connectorguard watch --agent ./agent-logs --config connectorguard.config.yaml
 * //   [ALLOW] openai-chat (agent=watched-agent) — all checks passed
 * // Processed 1 attempt(s) from 1 file(s): 1 allowed, 0 denied.
 */
export const watchCommand: CliCommand = {
  name: "watch",
  summary: "Validate the attempt files in a folder and audit every decision.",
  details:
    "Every *.json file holds one attempt object or an array of them, in the reference's snake_case (connector_name, source_agent, input_data, timestamp) or in camelCase. Each decision is printed and appended to the audit file.\nExit code 0 when everything was allowed, 1 when an attempt was denied or a file was skipped as invalid.\nWith --follow, files added later are validated too, until Ctrl-C; write them under another name and rename them to *.json when complete.",
  usage:
    "--agent DIR [--follow] [--agent-id TEXT] [--registry-file PATH] [--config PATH] [--audit-file PATH]",
  options: {
    agent: { type: "string", value: "DIR", description: "Agent folder to scan.", required: true },
    "registry-file": registryFileOption,
    config: configOption,
    "agent-id": agentIdOption,
    "audit-file": auditFileOption,
    "log-file": sameOptionAs("audit-file"),
    follow: { type: "boolean", description: "Keep watching for new files until interrupted." },
  },
  async run(context) {
    const folder = context.text("agent");
    const folderStats = await stat(folder).catch((error: NodeJS.ErrnoException) => {
      throw new CliUsageError(`--agent ${folder}: ${describeFileError(error)}`);
    });
    if (!folderStats.isDirectory()) throw new CliUsageError(`--agent ${folder}: not a folder`);
    const policy = await loadCliPolicy(context, { requireConnectors: true });
    const guard = await openCliGuard(context, policy);
    const tally: Tally = { files: 0, attempts: 0, allowed: 0, denied: 0, skipped: 0 };
    const done = new Set<string>();
    try {
      for (const name of await attemptFiles(folder)) {
        await processFile(context, guard, folder, name, tally);
        done.add(name);
      }
      if (context.values.follow === true) await follow(context, guard, folder, done, tally);
      await guard.flush();
    } finally {
      await guard.close();
    }
    const skipped = tally.skipped === 0 ? "" : `, ${tally.skipped} file(s) skipped`;
    context.io.stdout.write(
      `\nProcessed ${tally.attempts} attempt(s) from ${tally.files} file(s): ${tally.allowed} allowed, ${tally.denied} denied${skipped}.\n`,
    );
    return tally.denied > 0 || tally.skipped > 0 ? 1 : 0;
  },
};

async function attemptFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
    .map((entry) => entry.name)
    .sort();
}

async function processFile(
  context: CommandContext,
  guard: Guard,
  folder: string,
  name: string,
  tally: Tally,
): Promise<void> {
  const path = join(folder, name);
  tally.files++;
  let attempts: ReturnType<typeof parseAttempts>;
  try {
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new CliUsageError(`cannot read it: ${describeFileError(error)}`);
    });
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new CliUsageError(`${path}: not valid JSON (${(error as Error).message})`);
    }
    attempts = parseAttempts(value, path);
  } catch (error) {
    if (!ConnectorGuardError.isInstance(error)) throw error;
    tally.skipped++;
    const message = error.message.startsWith(path) ? error.message : `${path}: ${error.message}`;
    context.io.stderr.write(`connectorguard: ${context.style.warn("skipped")} ${message}\n`);
    return;
  }
  for (const attempt of attempts) {
    const agent = context.given("agent-id") ?? attempt.sourceAgent ?? DEFAULT_AGENT_ID;
    const result = await guard.check({ ...attempt, sourceAgent: agent });
    tally.attempts++;
    if (result.allowed) tally.allowed++;
    else tally.denied++;
    context.io.stdout.write(
      `${formatDecision(attempt.connectorName, agent, result, context.style, nameWidth(guard))}\n`,
    );
  }
}

/** The longest registered connector name: decisions line up in columns under it. */
function nameWidth(guard: Guard): number {
  return Math.max(0, ...guard.registry.allNames().map((name) => name.length));
}

async function follow(
  context: CommandContext,
  guard: Guard,
  folder: string,
  done: Set<string>,
  tally: Tally,
): Promise<void> {
  let stopped = false;
  void context.io.interrupted.then(() => {
    stopped = true;
  });
  let wake: () => void = () => {};
  let watcher: FSWatcher | undefined;
  try {
    // Wakes the loop as soon as the folder changes; polling still catches what it misses.
    watcher = watch(folder, () => wake());
  } catch {
    watcher = undefined;
  }
  context.io.stderr.write(
    `connectorguard: watching ${folder} for new *.json files (Ctrl-C to stop)\n`,
  );
  const lastSeen = new Map<string, string>();
  try {
    while (!stopped) {
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const settling = lastSeen.size > 0;
      const timer = new AbortController();
      const tick = sleep(settling ? settlePollMs : idlePollMs, undefined, { signal: timer.signal });
      await Promise.race([context.io.interrupted, woken, tick.catch(() => {})]);
      // A pending timer would keep the process alive after Ctrl-C.
      timer.abort();
      if (stopped) break;
      for (const name of await attemptFiles(folder)) {
        if (done.has(name)) continue;
        const stats = await stat(join(folder, name)).catch(() => undefined);
        if (stats === undefined) continue;
        const signature = `${stats.size}:${stats.mtimeMs}`;
        if (lastSeen.get(name) !== signature) {
          lastSeen.set(name, signature);
          continue;
        }
        lastSeen.delete(name);
        done.add(name);
        await processFile(context, guard, folder, name, tally);
      }
    }
  } finally {
    watcher?.close();
  }
}
