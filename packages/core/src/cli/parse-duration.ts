import { CliUsageError } from "./cli-usage-error.js";

const unitSeconds: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Reads a time window such as `30m`, `2h`, `3600s` or `7d` into milliseconds.
 *
 * @example
 * parseDuration("30m", "--since"); // 1_800_000
 */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  if (match === null && text.trim().startsWith("-")) {
    throw new CliUsageError(
      `${option} counts back from now, so it takes a positive window like ${text.trim().slice(1) || "30m"} (got '${text}')`,
    );
  }
  if (match === null) {
    throw new CliUsageError(
      `${option} must be a number followed by s, m, h or d, like 30m, 2h or 3600s (got '${text}')`,
    );
  }
  return Number(match[1]) * (unitSeconds[match[2] as string] as number) * 1000;
}
