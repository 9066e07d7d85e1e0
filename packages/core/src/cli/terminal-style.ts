import type { CliOutput } from "./cli-io.js";

/** Colours for CLI output, or plain text when colours are off. */
export interface TerminalStyle {
  readonly allow: (text: string) => string;
  readonly deny: (text: string) => string;
  readonly warn: (text: string) => string;
  readonly dim: (text: string) => string;
}

const plain = (text: string) => text;
const paint = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;

/**
 * Colours only on a terminal, and never when `NO_COLOR` is set to anything non-empty
 * (https://no-color.org).
 *
 * @example
 * const style = terminalStyle(process.stdout, process.env);
 * console.log(style.allow("[ALLOW]"));
 */
export function terminalStyle(
  output: CliOutput,
  env: Readonly<Record<string, string | undefined>>,
): TerminalStyle {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  if (output.isTTY !== true || noColor) {
    return { allow: plain, deny: plain, warn: plain, dim: plain };
  }
  return { allow: paint(32, 39), deny: paint(31, 39), warn: paint(33, 39), dim: paint(2, 22) };
}
