import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * Why an audit file cannot be created at `path`, in words that name its folder, or undefined
 * when its folder is there. The audit file is created on first use, its folder never is: a
 * missing `logs/` is the user's to create, and is reported before a lock file is attempted.
 *
 * @example
 * await auditFolderProblem("logs/connectorguard_audit.jsonl");
 * // "the folder /srv/agent/logs does not exist (create it, or name a file in an existing folder)"
 */
export async function auditFolderProblem(path: string): Promise<string | undefined> {
  const folder = dirname(resolve(path));
  try {
    const folderStats = await stat(folder);
    return folderStats.isDirectory() ? undefined : `${folder} is not a folder`;
  } catch (error) {
    switch ((error as NodeJS.ErrnoException).code) {
      case "ENOENT":
        return `the folder ${folder} does not exist (create it, or name a file in an existing folder)`;
      case "ENOTDIR":
        return `a part of ${folder} is not a folder`;
      case "EACCES":
      case "EPERM":
        return `the folder ${folder} cannot be read (permission denied)`;
      default:
        return undefined;
    }
  }
}
