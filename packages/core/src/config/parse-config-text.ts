import { extname } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { ConfigError } from "../errors/config-error.js";

/** A parsed JSON or YAML document that can say where a value sits in its text. */
export interface ParsedConfigText {
  readonly value: unknown;
  /** The 1-based line and column of the value at `path`, or of its nearest ancestor. */
  locate(path: readonly (string | number)[]): { line: number; column: number } | undefined;
}

/**
 * Parses a policy or connector file by its extension: `.json` as strict JSON, `.yaml` / `.yml`
 * as YAML 1.2 (duplicate keys and alias bombs are errors). Syntax errors become a
 * `ConfigError` with the file, line and column.
 *
 * @example
 * const parsed = parseConfigText(text, "connectorguard.config.yaml");
 * parsed.locate(["agents", "bot", "permissions", 0]); // { line: 7, column: 9 }
 */
export function parseConfigText(text: string, file: string): ParsedConfigText {
  const extension = extname(file).toLowerCase();
  if (extension !== ".json" && extension !== ".yaml" && extension !== ".yml") {
    throw new ConfigError(
      { file, pointer: "" },
      `unsupported file type '${extension || "(none)"}': use .json, .yaml or .yml`,
    );
  }
  let document: ReturnType<typeof parseDocument> | undefined;
  const lineCounter = new LineCounter();
  const yamlDocument = () => {
    document ??= parseDocument(text, { lineCounter, prettyErrors: true });
    return document;
  };
  const locate = (path: readonly (string | number)[]) => {
    const parsed = yamlDocument();
    for (let length = path.length; length >= 0; length--) {
      let node = parsed.getIn(path.slice(0, length), true) as
        | { range?: readonly number[] | null }
        | undefined;
      // A member of a mapping is pointed at by its key, where a reader looks for it.
      const parent = length === 0 ? undefined : parsed.getIn(path.slice(0, length - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(path[length - 1]),
        );
        if (isScalar(pair?.key)) node = pair.key;
      }
      const offset = node?.range?.[0];
      if (offset !== undefined) {
        const position = lineCounter.linePos(offset);
        return { line: position.line, column: position.col };
      }
    }
    return undefined;
  };

  if (extension === ".json") {
    try {
      return { value: JSON.parse(text), locate };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      const position = yamlDocument().errors[0]?.linePos?.[0];
      throw new ConfigError(
        { file, pointer: "", line: position?.line, column: position?.col },
        `not valid JSON (${detail})`,
      );
    }
  }
  const parsed = yamlDocument();
  const problem = parsed.errors[0];
  if (problem !== undefined) {
    const position = problem.linePos?.[0];
    throw new ConfigError(
      { file, pointer: "", line: position?.line, column: position?.col },
      `not valid YAML (${problem.message.split("\n")[0]})`,
    );
  }
  try {
    return { value: parsed.toJS({ maxAliasCount: 100 }), locate };
  } catch (error) {
    throw new ConfigError(
      { file, pointer: "" },
      `not valid YAML (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
