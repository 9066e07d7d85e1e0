import type { ErrorCode } from "./error-codes.js";

const errorBrand = Symbol.for("aumai.connectorguard.error");

/**
 * The base class of every error ConnectorGuard throws. Match on `code`, or use `isInstance`,
 * which also recognises errors thrown by another copy of the package (a duplicated install),
 * where `instanceof` would fail.
 *
 * @example
 * try {
 *   registry.get("missing");
 * } catch (error) {
 *   if (ConnectorGuardError.isInstance(error)) console.error(error.code, error.message);
 * }
 */
export class ConnectorGuardError extends Error {
  /** A stable, documented code (see `ErrorCodes`). */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, errorBrand, { value: true });
  }

  /** True for any ConnectorGuard error, whichever copy of the package created it. */
  static isInstance(value: unknown): value is ConnectorGuardError {
    return typeof value === "object" && value !== null && errorBrand in value;
  }
}

/** True when `value` is a ConnectorGuard error carrying `code`. */
export function hasErrorCode(value: unknown, code: ErrorCode): value is ConnectorGuardError {
  return ConnectorGuardError.isInstance(value) && value.code === code;
}
