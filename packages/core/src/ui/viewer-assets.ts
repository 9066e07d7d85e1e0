import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The page's script and style sheet, built into the package's `dist/ui/` (no network). */
export interface ViewerAssets {
  readonly script: string;
  readonly style: string;
}

/**
 * Reads the viewer's built script and style sheet: beside the running CLI bundle
 * (`dist/ui/`), or, when running from the sources, from the package's `dist/ui/`. Throws an
 * error saying to build when neither exists.
 *
 * @example
 * const assets = await loadViewerAssets();
 * assets.script.length > 0; // true
 */
export async function loadViewerAssets(): Promise<ViewerAssets> {
  const candidates = [
    new URL("./ui/", import.meta.url),
    new URL("../../dist/ui/", import.meta.url),
  ];
  for (const folder of candidates) {
    try {
      const [script, style] = await Promise.all([
        readFile(new URL("viewer.js", folder), "utf8"),
        readFile(new URL("viewer.css", folder), "utf8"),
      ]);
      return { script, style };
    } catch {
      // Try the next place.
    }
  }
  throw new Error(
    `the viewer's page is not built (looked in ${candidates.map((folder) => fileURLToPath(folder)).join(" and ")}); run the package's build`,
  );
}
