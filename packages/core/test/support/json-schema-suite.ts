import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type Options } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { createGuard, type SchemaDialect } from "../../src/index.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule;

const root = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/json-schema-test-suite");

/** The suite's folder for each dialect the guard supports. */
export const suiteFolders: Readonly<Record<SchemaDialect, string>> = {
  "draft-07": "draft7",
  "2019-09": "draft2019-09",
  "2020-12": "draft2020-12",
};

export interface SuiteGroup {
  readonly id: string;
  readonly schema: unknown;
  readonly tests: readonly {
    readonly description: string;
    readonly data: unknown;
    readonly valid: boolean;
  }[];
}

/** Every group of the vendored suite for `dialect`, with an id `<file>: <description>`. */
export function suiteGroups(dialect: SchemaDialect): SuiteGroup[] {
  const folder = join(root, "tests", suiteFolders[dialect]);
  return readdirSync(folder)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .flatMap((file) =>
      (
        JSON.parse(readFileSync(join(folder, file), "utf8")) as (Omit<SuiteGroup, "id"> & {
          description: string;
        })[]
      ).map((group) => ({ ...group, id: `${file.replace(/\.json$/, "")}: ${group.description}` })),
    );
}

/** What a validator made of one group: refused (with why), or a verdict per test. */
export type GroupOutcome = { readonly refused: string } | { readonly verdicts: readonly boolean[] };

/** Registers the group's schema in a guard and decides every test with `guard.check`. */
export async function guardOutcome(
  group: SuiteGroup,
  dialect: SchemaDialect,
): Promise<GroupOutcome> {
  let guard: ReturnType<typeof createGuard>;
  try {
    guard = createGuard({
      schemaDialect: dialect,
      redaction: false,
      onAuditError: () => {},
      connectors: [{ name: "suite", version: "1", inputSchema: group.schema as boolean }],
    });
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
  const verdicts: boolean[] = [];
  for (const test of group.tests) {
    verdicts.push((await guard.check({ connectorName: "suite", inputData: test.data })).allowed);
  }
  return { verdicts };
}

const bareClasses = { "draft-07": Ajv, "2019-09": Ajv2019, "2020-12": Ajv2020 } as const;

const bareInstances = new Map<SchemaDialect, Ajv>();

/**
 * The same group through bare ajv (its defaults, with ajv-formats): the baseline. One instance
 * per dialect, emptied of every user schema (`removeSchema()`) before each group.
 */
export function bareAjvOutcome(group: SuiteGroup, dialect: SchemaDialect): GroupOutcome {
  let validate: (data: unknown) => boolean;
  try {
    let ajv = bareInstances.get(dialect);
    if (ajv === undefined) {
      ajv = new bareClasses[dialect]({ logger: false } as Options);
      addFormats(ajv);
      bareInstances.set(dialect, ajv);
    }
    ajv.removeSchema();
    validate = ajv.compile(group.schema as object);
  } catch (error) {
    return { refused: error instanceof Error ? error.message : String(error) };
  }
  return {
    verdicts: group.tests.map((test) => {
      try {
        return validate(test.data) === true;
      } catch {
        return false;
      }
    }),
  };
}

/** Counts agreements with the suite: cases decided as the suite says, and false allows. */
export function tally(groups: readonly SuiteGroup[], outcomes: readonly GroupOutcome[]) {
  let refused = 0;
  let agreed = 0;
  let falseAllows = 0;
  let cases = 0;
  groups.forEach((group, index) => {
    const outcome = outcomes[index] as GroupOutcome;
    cases += group.tests.length;
    if ("refused" in outcome) {
      refused++;
      return;
    }
    group.tests.forEach((test, testIndex) => {
      if (outcome.verdicts[testIndex] === test.valid) agreed++;
      else if (outcome.verdicts[testIndex]) falseAllows++;
    });
  });
  return { groups: groups.length, refused, cases, agreed, falseAllows };
}
