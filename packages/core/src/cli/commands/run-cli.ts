import { version } from "../../../package.json";
import { ConnectorGuardError } from "../../errors/connector-guard-error.js";
import {
  type CliCommand,
  type CommandContext,
  formatCommandHelp,
  parseCommandArguments,
} from "../cli-command.js";
import type { CliIo } from "../cli-io.js";
import { CliUsageError } from "../cli-usage-error.js";
import { describeFileError } from "../describe-file-error.js";
import { terminalStyle } from "../terminal-style.js";
import { auditCommand } from "./audit-command.js";
import { checkCommand } from "./check-command.js";
import { listCommand } from "./list-command.js";
import { mcpProxyCommand } from "./mcp-proxy-command.js";
import { registerCommand } from "./register-command.js";
import { reportCommand } from "./report-command.js";
import { uiCommand } from "./ui-command.js";
import { verifyCommand } from "./verify-command.js";
import { watchCommand } from "./watch-command.js";

/** The CLI's commands, in the order help lists them. */
export const cliCommands: readonly CliCommand[] = [
  registerCommand,
  listCommand,
  watchCommand,
  checkCommand,
  auditCommand,
  verifyCommand,
  mcpProxyCommand,
  reportCommand,
  uiCommand,
];

/** Exit codes: 0 success or allowed, 1 denied / skipped / not verified, 2 a user mistake. */
export const ExitCodes = { ok: 0, denied: 1, usage: 2 } as const;

/**
 * Runs the `connectorguard` CLI with `args` (without the program name) and returns its exit
 * code. Every error becomes one line on stderr and exit code 2; set
 * `CONNECTORGUARD_DEBUG=1` to also get the stack trace of an unexpected one.
 *
 * @example
 * process.exitCode = await runCli(["list", "--output", "json"], processIo());
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  try {
    if (name === undefined) {
      io.stderr.write(programHelp());
      return ExitCodes.usage;
    }
    if (name === "--help" || name === "-h" || name === "help") {
      const topic = rest[0];
      const command = cliCommands.find((candidate) => candidate.name === topic);
      if (topic !== undefined && command === undefined) throw unknownCommand(topic);
      io.stdout.write(command === undefined ? programHelp() : formatCommandHelp(command));
      return ExitCodes.ok;
    }
    if (name === "--version" || name === "-v") {
      io.stdout.write(`${version}\n`);
      return ExitCodes.ok;
    }
    const command = cliCommands.find((candidate) => candidate.name === name);
    if (command === undefined) throw unknownCommand(name);
    const { values, positionals } = parseCommandArguments(command, rest);
    if (values.help === true) {
      io.stdout.write(formatCommandHelp(command));
      return ExitCodes.ok;
    }
    const context: CommandContext = {
      values,
      positionals,
      io,
      style: terminalStyle(io.stdout, io.env),
      text: (option) => {
        const value = values[option];
        return typeof value === "string" ? value : (command.options[option]?.default ?? "");
      },
      given: (option) => {
        const value = values[option];
        return typeof value === "string" ? value : undefined;
      },
    };
    return await command.run(context);
  } catch (error) {
    io.stderr.write(`connectorguard: error: ${describeFailure(error, io)}\n`);
    return ExitCodes.usage;
  }
}

function describeFailure(error: unknown, io: CliIo): string {
  let message: string;
  if (ConnectorGuardError.isInstance(error)) {
    message = error.message;
  } else if (
    typeof (error as NodeJS.ErrnoException)?.code === "string" &&
    (error as NodeJS.ErrnoException).path
  ) {
    const fileError = error as NodeJS.ErrnoException;
    message = `${fileError.path}: ${describeFileError(fileError)}`;
  } else {
    const debug = io.env.CONNECTORGUARD_DEBUG;
    if (debug !== undefined && debug !== "" && error instanceof Error) {
      io.stderr.write(`${error.stack}\n`);
    }
    message = `unexpected failure: ${error instanceof Error ? error.message : String(error)} (set CONNECTORGUARD_DEBUG=1 for the stack trace)`;
  }
  // One line, whatever the message holds.
  return message.replace(/\s*\n\s*/g, " ");
}

function unknownCommand(name: string): CliUsageError {
  return new CliUsageError(
    `unknown command '${name}' (commands: ${cliCommands.map((command) => command.name).join(", ")}; see 'connectorguard --help')`,
  );
}

function programHelp(): string {
  const width = Math.max(...cliCommands.map((command) => command.name.length)) + 2;
  return [
    "Usage: connectorguard <command> [options]   (also installed as aumai-connectorguard)",
    "",
    "A runtime guard between AI agents and their tools: registry, permissions, rate limits,",
    "input schemas, and a hash-chained audit file.",
    "",
    "Commands:",
    ...cliCommands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    "",
    "Run 'connectorguard <command> --help' for a command's options.",
    "Exit codes: 0 success or allowed; 1 a denial, a skipped file or a failed verify; 2 a usage error.",
    "",
  ].join("\n");
}
