import { parseArgs } from "node:util";
import type { CliIo } from "./cli-io.js";
import { CliUsageError } from "./cli-usage-error.js";
import type { TerminalStyle } from "./terminal-style.js";

/** One flag of a command. */
export interface CliOption {
  readonly type: "string" | "boolean";
  /** The value's placeholder in help, e.g. `PATH`. */
  readonly value?: string;
  readonly description: string;
  readonly default?: string;
  readonly required?: boolean;
  /** The only values accepted. */
  readonly choices?: readonly string[];
}

/** What a command's `run` receives. */
export interface CommandContext {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  readonly io: CliIo;
  readonly style: TerminalStyle;
  /** The option's value as given, or its default. */
  readonly text: (option: string) => string;
  /** The option's value only when it was given on the command line. */
  readonly given: (option: string) => string | undefined;
}

/** One CLI command: its flags, its help and what it does. Returns the exit code. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  /** Usage after the command's name, e.g. `--schema PATH [options]`. */
  readonly usage: string;
  /** More help text shown under the summary. */
  readonly details?: string;
  readonly options: Readonly<Record<string, CliOption>>;
  /** The positional arguments accepted, for help (none when absent). */
  readonly positionals?: {
    readonly name: string;
    readonly description: string;
    readonly max: number;
  };
  run(context: CommandContext): Promise<number>;
}

/**
 * Parses a command's arguments strictly: an unknown flag, a missing value, a value outside
 * the choices, a missing required flag or an extra argument is a `CliUsageError` naming it.
 *
 * @example
 * const parsed = parseCommandArguments(registerCommand, ["--schema", "openai-chat.json"]);
 * parsed.values.schema; // "openai-chat.json"
 */
export function parseCommandArguments(
  command: CliCommand,
  args: readonly string[],
): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(command.options).map(([name, option]) => [name, { type: option.type }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: attachDashValues(command, args),
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: command.positionals !== undefined,
    });
  } catch (error) {
    throw new CliUsageError(
      `${command.name}: ${describeParseError(error)} (see 'connectorguard ${command.name} --help')`,
    );
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true) return { values, positionals: parsed.positionals };
  for (const [name, option] of Object.entries(command.options)) {
    const value = values[name];
    if (option.required === true && value === undefined) {
      throw new CliUsageError(
        `${command.name}: --${name} ${option.value ?? ""} is required`.replace("  ", " "),
      );
    }
    if (typeof value === "string" && value === "") {
      throw new CliUsageError(`${command.name}: --${name} must not be empty`);
    }
    if (
      option.choices !== undefined &&
      typeof value === "string" &&
      !option.choices.includes(value)
    ) {
      throw new CliUsageError(
        `${command.name}: --${name} must be one of ${option.choices.join(", ")} (got '${value}')`,
      );
    }
  }
  const max = command.positionals?.max ?? 0;
  if (parsed.positionals.length > max) {
    throw new CliUsageError(
      `${command.name}: unexpected argument '${parsed.positionals[max]}' (see 'connectorguard ${command.name} --help')`,
    );
  }
  return { values, positionals: parsed.positionals };
}

/**
 * The help text of a command: usage, summary, and every flag with its default.
 *
 * @example
 * process.stdout.write(formatCommandHelp(registerCommand));
 */
export function formatCommandHelp(command: CliCommand): string {
  const rows: [string, string][] = Object.entries(command.options).map(([name, option]) => {
    const flag = `--${name}${option.value === undefined ? "" : ` ${option.value}`}`;
    const notes = [
      option.choices === undefined ? "" : ` (${option.choices.join("|")})`,
      option.required === true ? " [required]" : "",
      option.default === undefined ? "" : ` [default: ${option.default}]`,
    ].join("");
    return [flag, `${option.description}${notes}`];
  });
  if (command.positionals !== undefined) {
    rows.unshift([command.positionals.name, command.positionals.description]);
  }
  rows.push(["-h, --help", "Show this help and exit."]);
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const lines = [
    `Usage: connectorguard ${command.name} ${command.usage}`,
    "",
    command.summary,
    ...(command.details === undefined ? [] : ["", command.details]),
    "",
    "Options:",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`),
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * `--since -5m`: a value that starts with a dash is the option's value, not another option,
 * unless it names one of the command's flags. `parseArgs` alone refuses it as ambiguous.
 */
function attachDashValues(command: CliCommand, args: readonly string[]): string[] {
  const result: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    const next = args[index + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : undefined;
    const takesValue = name !== undefined && command.options[name]?.type === "string";
    if (takesValue && next?.startsWith("-") && !isFlag(command, next)) {
      result.push(`${arg}=${next}`);
      index++;
    } else {
      result.push(arg);
    }
  }
  return result;
}

function isFlag(command: CliCommand, arg: string): boolean {
  if (arg === "-h" || arg === "--help" || arg === "--") return true;
  if (!arg.startsWith("--")) return false;
  const name = arg.slice(2).split("=")[0] as string;
  return Object.hasOwn(command.options, name);
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const named = /'([^']+)'/.exec(message)?.[1] ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option '${named}'`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      // "argument missing", or "ambiguous" when the next word is another of its flags.
      return message.includes("does not take an argument")
        ? `option '${named.split(" ")[0]}' does not take a value`
        : `option '${named.split(" ")[0]}' needs a value`;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument '${named}'`;
    default:
      return message;
  }
}
