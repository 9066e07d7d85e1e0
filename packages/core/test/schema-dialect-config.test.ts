import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/commands/run-cli.js";
import { ConfigError, createGuard, loadGuardConfig } from "../src/index.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { memoryIo } from "./support/memory-io.js";

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
      /\/connectors\/0\/inputSchema: connector 'pair': inputSchema is not a valid JSON Schema: \/items must be object,boolean/,
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

describe("a schema mistake from the CLI", () => {
  it("names the file, the connector and the keyword, on one line, exit 2", async () => {
    const folder = await temporaryFolder();
    const schema = join(folder, "lookup.json");
    await writeFile(
      schema,
      JSON.stringify({
        name: "lookup",
        version: "1",
        input_schema: { type: "object", propertes: {} },
      }),
    );
    const { io, written } = memoryIo();
    const code = await runCli(
      ["register", "--schema", schema, "--registry-file", join(folder, "r.json")],
      io,
    );
    expect(code).toBe(2);
    expect(written.stderr).toBe(
      `connectorguard: error: ${schema}: connector 'lookup': inputSchema is not a valid JSON Schema: unknown keyword "propertes" at the top level (did you mean "properties"?)\n`,
    );
  });

  it("names the connector file a policy file lists", async () => {
    const folder = await temporaryFolder();
    await writeFile(
      join(folder, "lookup.json"),
      JSON.stringify({ name: "lookup", version: "1", inputSchema: { propertes: {} } }),
    );
    const policy = join(folder, "policy.yaml");
    await writeFile(policy, "connectors:\n  - lookup.json\n");
    const error = await loadGuardConfig(policy).catch((thrown) => thrown);
    expect(error.message).toContain(
      `/connectors/0: ${join(folder, "lookup.json")}: connector 'lookup': inputSchema is not a valid JSON Schema: unknown keyword "propertes" at the top level (did you mean "properties"?)`,
    );
  });
});
