import { createRequire } from "node:module";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import type { OpenTelemetryApi } from "./opentelemetry-api.js";

let loaded: OpenTelemetryApi | undefined;

/**
 * Loads `@opentelemetry/api`, an optional peer dependency, the first time telemetry is asked
 * for, and never otherwise: a guard without telemetry does not load it. Synchronous, so
 * `createGuard` stays synchronous. A missing package is an `InvalidOptionError` saying what to
 * install.
 *
 * @example
 * const api = loadOpenTelemetryApi();
 * api.trace.getTracer("my-app");
 */
export function loadOpenTelemetryApi(): OpenTelemetryApi {
  if (loaded !== undefined) return loaded;
  try {
    // The name is a value on purpose: a bundler must not resolve the optional peer at build time.
    const packageName = "@opentelemetry/api";
    loaded = createRequire(import.meta.url)(packageName) as OpenTelemetryApi;
    return loaded;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    throw new InvalidOptionError(
      code === "MODULE_NOT_FOUND"
        ? "telemetry needs the '@opentelemetry/api' package, an optional peer dependency: npm install @opentelemetry/api"
        : `telemetry: cannot load '@opentelemetry/api': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
