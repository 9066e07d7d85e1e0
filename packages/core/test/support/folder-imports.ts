import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Folder → the folders its files import from (relative imports only; a folder's own files left out). */
export type FolderGraph = Map<string, Set<string>>;

const importLine =
  /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["'](\.{1,2}\/[^"']+)["']|\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/**
 * Reads the import lines of every `.ts` file under `root` and returns which folder imports
 * which. Files directly in `root` (the package entries) form the folder `"."`.
 */
export function readFolderGraph(root: string): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const file of typeScriptFiles(root)) {
    const from = folderOf(root, file);
    if (!graph.has(from)) graph.set(from, new Set());
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(importLine)) {
      const specifier = (match[1] ?? match[2]) as string;
      const target = resolve(dirname(file), specifier);
      if (relative(root, target).startsWith("..")) continue;
      const to = folderOf(root, target);
      if (to !== from) graph.get(from)?.add(to);
    }
  }
  return graph;
}

/** Every cycle of folders (strongly connected components of more than one folder), sorted. */
export function folderCycles(graph: FolderGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (folder: string): void => {
    index.set(folder, counter);
    low.set(folder, counter);
    counter++;
    stack.push(folder);
    onStack.add(folder);
    for (const next of graph.get(folder) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(folder, Math.min(low.get(folder) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(folder, Math.min(low.get(folder) as number, index.get(next) as number));
      }
    }
    if (low.get(folder) !== index.get(folder)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const folder of graph.keys()) if (!index.has(folder)) visit(folder);
  return cycles.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

function folderOf(root: string, file: string): string {
  const folder = relative(root, dirname(file.replace(/\.js$/, ".ts")));
  return folder === "" ? "." : folder;
}
