/**
 * A file system error in a few words, for one-line CLI messages.
 *
 * @example
 * describeFileError(Object.assign(new Error("..."), { code: "ENOENT" })); // "no such file or folder"
 */
export function describeFileError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT":
      return "no such file or folder";
    case "EISDIR":
      return "it is a folder";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    default:
      return error.message;
  }
}
