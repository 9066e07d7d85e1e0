import { accessSync, constants, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";

/**
 * The file `command` would run as — a path (absolute or with a slash) checked as it is, a
 * bare name looked up on `PATH` (with `PATHEXT` on Windows) — or `undefined` when there is
 * none, so the proxy can refuse a wrong server command at start instead of at the first call.
 *
 * @example
 * findExecutable("node", process.env); // "/usr/bin/node"
 * findExecutable("no-such-server", process.env); // undefined
 */
export function findExecutable(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): string | undefined {
  const extensions =
    process.platform === "win32" ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";")] : [""];
  const candidates =
    isAbsolute(command) || command.includes("/") || command.includes("\\")
      ? [resolve(cwd, command)]
      : (env.PATH ?? "")
          .split(delimiter)
          .filter((directory) => directory !== "")
          .map((directory) => join(directory, command));
  for (const candidate of candidates) {
    for (const extension of extensions) {
      const path = candidate + extension;
      try {
        if (!statSync(path).isFile()) continue;
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // Not this one.
      }
    }
  }
  return undefined;
}
