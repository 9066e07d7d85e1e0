import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type FolderGraph, folderCycles, readFolderGraph } from "./support/folder-imports.js";

const sourceRoot = fileURLToPath(new URL("../src", import.meta.url));

describe("the core's folders", () => {
  const graph = readFolderGraph(sourceRoot);

  it("import one another without a cycle", () => {
    expect(folderCycles(graph)).toEqual([]);
  });

  it("keep values and support at the bottom: they import nothing of the core", () => {
    for (const bottom of ["values", "support"]) {
      const imported = [...(graph.get(bottom) ?? [])].filter((folder) => folder !== "support");
      expect({ folder: bottom, imports: imported }).toEqual({ folder: bottom, imports: [] });
    }
  });

  it("keep the concepts below the pipeline, and the pipeline below the guard", () => {
    const below = (folder: string, higher: string[]) =>
      [...(graph.get(folder) ?? [])].filter((target) => higher.includes(target));
    const upper = ["pipeline", "interceptor", "guard", "config", "cli", "cli/commands", "."];
    for (const concept of [
      "schema",
      "registry",
      "permissions",
      "rate-limit",
      "pinning",
      "redaction",
    ]) {
      expect({ concept, importsFromAbove: below(concept, upper) }).toEqual({
        concept,
        importsFromAbove: [],
      });
    }
    expect(below("pipeline", ["interceptor", "guard", "config", "cli"])).toEqual([]);
  });

  it("would report an upward import as a cycle", () => {
    const withUpwardImport: FolderGraph = new Map(
      [...graph].map(([folder, targets]) => [folder, new Set(targets)]),
    );
    withUpwardImport.get("values")?.add("guard");
    const cycles = folderCycles(withUpwardImport);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toEqual(expect.arrayContaining(["values", "guard", "pipeline"]));
  });
});
