import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown when the CLI's registry file cannot be read or is not a registry (not JSON, wrong
 * shape, an invalid connector). The file is never rewritten in that case.
 *
 * @example
 * // RegistryFileError: .connectorguard_registry.json: not valid JSON (Unexpected end of JSON input); fix or remove the file
 */
export class RegistryFileError extends ConnectorGuardError {
  /** The registry file. */
  readonly file: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(ErrorCodes.invalidRegistryFile, `${file}: ${problem}`, options);
    this.file = file;
  }

  static override isInstance(value: unknown): value is RegistryFileError {
    return hasErrorCode(value, ErrorCodes.invalidRegistryFile);
  }
}
