import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, createGuard, loadGuardConfig } from "../src/index.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";

const temporaryFolder = useTemporaryFolder();

async function policyFile(text: string): Promise<string> {
  const file = join(await temporaryFolder(), "policy.yaml");
  await writeFile(file, text);
  return file;
}

const tupleConnector = `connectors:
  - name: pair
    version: "1"
    inputSchema:
      type: array
      items: [{ type: string }]
      additionalItems: { type: number }
`;

describe("schemaDialect in the policy file", () => {
  it("reads connector schemas without $schema in the dialect the file names", async () => {
    const guard = createGuard(
      await loadGuardConfig(await policyFile(`schemaDialect: draft-07\n${tupleConnector}`)),
    );
    expect((await guard.check({ connectorName: "pair", inputData: ["a", 1] })).allowed).toBe(true);
    expect((await guard.check({ connectorName: "pair", inputData: ["a", "b"] })).reason).toBe(
      "input validation failed: /1 must be number",
    );
    await guard.close();
  });

  it("defaults to 2020-12, where the same schema is invalid, and says where", async () => {
    const error = await loadGuardConfig(await policyFile(tupleConnector)).catch((thrown) => thrown);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(
      /\/connectors\/0\/inputSchema: connector 'pair': inputSchema is not a valid JSON Schema: schema is invalid: data\/items must be object,boolean/,
    );
  });

  it("refuses a dialect it does not support, listing the ones it does", async () => {
    const error = await loadGuardConfig(await policyFile("schemaDialect: draft-04\n")).catch(
      (thrown) => thrown,
    );
    expect(error.message).toMatch(
      /\/schemaDialect: must be one of "draft-07", "2019-09", "2020-12" \(got "draft-04"\)/,
    );
  });
});
