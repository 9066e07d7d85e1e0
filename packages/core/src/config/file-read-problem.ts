/**
 * Why a file could not be read, in a few words for an error message.
 *
 * @example
 * fileReadProblem(Object.assign(new Error("…"), { code: "ENOENT" })); // "no such file"
 */
export function fileReadProblem(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
