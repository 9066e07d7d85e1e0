import { ConfigError, type ConfigErrorLocation } from "../errors/config-error.js";

/**
 * Loads an optional peer dependency (`ioredis`, `pg`) the moment a policy file asks for it.
 * A package that is not installed is a `ConfigError` at the section that needs it, saying
 * what to install; any other failure to load it keeps its cause.
 *
 * The name arrives as a value, not a literal `import("pg")`, on purpose: a bundler resolves a
 * literal specifier at build time and fails for applications that never installed the peer,
 * although the core entry only needs it when a policy file names the service.
 *
 * @example
 * const { Redis } = await importOptionalPackage<{ Redis: RedisConstructor }>(
 *   "ioredis", "a Redis rate-limit store", location);
 */
export async function importOptionalPackage<Module>(
  packageName: string,
  purpose: string,
  location: ConfigErrorLocation,
): Promise<Module> {
  try {
    return (await import(packageName)) as Module;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    const missing =
      (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
      String((error as Error).message).includes(`'${packageName}'`);
    throw new ConfigError(
      location,
      missing
        ? `${purpose} needs the '${packageName}' package, which is not installed: run \`npm install ${packageName}\` (or pnpm add / yarn add) in your application`
        : `cannot load the '${packageName}' package for ${purpose}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
