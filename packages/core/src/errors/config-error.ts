import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/** Where in a policy file a problem is. */
export interface ConfigErrorLocation {
  /** The policy file. */
  readonly file: string;
  /** JSON Pointer to the value at fault (`""` for the whole document). */
  readonly pointer: string;
  /** 1-based line and column, when they could be found. */
  readonly line?: number;
  readonly column?: number;
}

/**
 * Thrown by `loadGuardConfig` for a policy file that cannot be read, parsed or validated. The
 * message names the file, the line and column when known, the JSON Pointer to the value at
 * fault and what is wrong with it.
 *
 * @example
 * // ConfigError: connectorguard.config.json:7:9: /agents/bot/permissions/0: must be a string (got number)
 * await loadGuardConfig("connectorguard.config.json");
 */
export class ConfigError extends ConnectorGuardError {
  readonly file: string;
  readonly pointer: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** What is wrong, without the location. */
  readonly problem: string;

  constructor(location: ConfigErrorLocation, problem: string, options?: { cause?: unknown }) {
    super(ErrorCodes.invalidConfig, formatConfigProblem(location, problem), options);
    this.file = location.file;
    this.pointer = location.pointer;
    this.line = location.line;
    this.column = location.column;
    this.problem = problem;
  }

  static override isInstance(value: unknown): value is ConfigError {
    return hasErrorCode(value, ErrorCodes.invalidConfig);
  }
}

function formatConfigProblem(location: ConfigErrorLocation, problem: string): string {
  const position = location.line === undefined ? "" : `:${location.line}:${location.column ?? 1}`;
  const where = location.pointer === "" ? "" : `${location.pointer}: `;
  return `${location.file}${position}: ${where}${problem}`;
}
