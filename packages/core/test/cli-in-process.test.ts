import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatCommandHelp, parseCommandArguments } from "../src/cli/cli-command.js";
import { CliUsageError } from "../src/cli/cli-usage-error.js";
import { registerCommand } from "../src/cli/commands/register-command.js";
import { runCli } from "../src/cli/commands/run-cli.js";
import { describeFileError } from "../src/cli/describe-file-error.js";
import { formatDecision } from "../src/cli/format-decision.js";
import { parseAttempts } from "../src/cli/parse-attempts.js";
import { parseDuration } from "../src/cli/parse-duration.js";
import { readRegistryFile, updateRegistryFile } from "../src/cli/registry-file.js";
import { terminalStyle } from "../src/cli/terminal-style.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { acquireFileLock, FileLockedError, RegistryFileError } from "./support/core-internals.js";
import { memoryIo } from "./support/memory-io.js";

const temporaryFolder = useTemporaryFolder();

describe("CLI building blocks", () => {
  it("colours only on a terminal and never with NO_COLOR", () => {
    expect(terminalStyle({ write: () => 0, isTTY: true }, {}).allow("x")).toBe(
      "\u001b[32mx\u001b[39m",
    );
    expect(terminalStyle({ write: () => 0, isTTY: true }, { NO_COLOR: "1" }).allow("x")).toBe("x");
    expect(terminalStyle({ write: () => 0, isTTY: false }, {}).deny("x")).toBe("x");
    // An empty NO_COLOR does not count (https://no-color.org).
    expect(terminalStyle({ write: () => 0, isTTY: true }, { NO_COLOR: "" }).deny("x")).toBe(
      "\u001b[31mx\u001b[39m",
    );
  });

  it("reads time windows and rejects anything else", () => {
    expect(parseDuration("30m", "--since")).toBe(1_800_000);
    expect(parseDuration("2h", "--since")).toBe(7_200_000);
    expect(parseDuration("3600s", "--since")).toBe(3_600_000);
    expect(parseDuration("1.5d", "--since")).toBe(129_600_000);
    for (const bad of ["30", "m", "-1h", "2 weeks", ""]) {
      expect(() => parseDuration(bad, "--since")).toThrow(CliUsageError);
    }
  });

  it("reads attempts in both spellings and names the field at fault", () => {
    expect(
      parseAttempts(
        [
          {
            connector_name: "a",
            source_agent: "x",
            input_data: { q: 1 },
            timestamp: "2026-01-02T03:04:05Z",
          },
          { connectorName: "b" },
        ],
        "f.json",
      ),
    ).toEqual([
      {
        connectorName: "a",
        sourceAgent: "x",
        inputData: { q: 1 },
        timestamp: new Date("2026-01-02T03:04:05Z"),
      },
      { connectorName: "b", inputData: {} },
    ]);
    expect(() => parseAttempts([{ connector_name: "a" }, 3], "f.json")).toThrow(
      "f.json: [1]: an attempt must be an object with connector_name (got number)",
    );
    expect(() => parseAttempts({ connector_name: "" }, "f.json")).toThrow(
      "f.json: connector_name is required and must be a non-empty string (got a string)",
    );
    expect(() => parseAttempts({ connector_name: "a", connectorName: "b" }, "f.json")).toThrow(
      "field 'connectorName' is given twice",
    );
    expect(() => parseAttempts({ connector_name: "a", timestamp: "yesterday" }, "f.json")).toThrow(
      'timestamp must be an ISO 8601 date string (got "yesterday")',
    );
  });

  it("parses flags strictly and prints help with defaults", () => {
    expect(parseCommandArguments(registerCommand, ["--schema", "s.json"]).values.schema).toBe(
      "s.json",
    );
    expect(() => parseCommandArguments(registerCommand, ["--schema", ""])).toThrow(
      "register: --schema must not be empty",
    );
    expect(() => parseCommandArguments(registerCommand, ["--schema", "a", "b"])).toThrow(
      "register: unexpected argument 'b'",
    );
    const help = formatCommandHelp(registerCommand);
    expect(help).toContain(
      "--registry-file PATH  Local registry state file. [default: .connectorguard_registry.json]",
    );
  });

  it("formats decisions and file errors in a few words", () => {
    const style = terminalStyle({ write: () => 0 }, {});
    expect(
      formatDecision(
        "db",
        "a-1",
        { allowed: false, reason: "nope", latencyMs: 0, check: "registry" },
        style,
      ),
    ).toBe("  [DENY ] db (agent=a-1) — nope");
    expect(describeFileError(Object.assign(new Error("x"), { code: "EISDIR" }))).toBe(
      "it is a folder",
    );
    expect(describeFileError(Object.assign(new Error("odd"), { code: "EIO" }))).toBe("odd");
  });

  it("keeps the registry file sorted, and refuses one of the wrong shape", async () => {
    const path = join(await temporaryFolder(), "registry.json");
    expect(await readRegistryFile(path)).toBeUndefined();
    await updateRegistryFile(path, (connectors) => {
      connectors.set("zeta", { name: "zeta", version: "1", rateLimit: 5, requiredPermissions: [] });
      connectors.set("alpha", {
        name: "alpha",
        version: "1",
        rateLimit: 5,
        requiredPermissions: [],
      });
    });
    expect(Object.keys(JSON.parse(await readFile(path, "utf8")).connectors)).toEqual([
      "alpha",
      "zeta",
    ]);
    await writeFile(path, JSON.stringify({ connectors: { a: { name: "b", version: "1" } } }));
    await expect(readRegistryFile(path)).rejects.toThrow(
      "connectors.a holds a connector named 'b'",
    );
    await writeFile(path, JSON.stringify([1]));
    await expect(readRegistryFile(path)).rejects.toThrow(RegistryFileError);
  });

  it("waits for a file lock, then gives up naming the holder", async () => {
    const file = join(await temporaryFolder(), "shared.json");
    const first = await acquireFileLock(file);
    const failure = await acquireFileLock(file, { waitMs: 50, purpose: "the shared file" }).catch(
      (error) => error,
    );
    expect(FileLockedError.isInstance(failure)).toBe(true);
    expect(failure.message).toMatch(/^the shared file is locked by this process/);
    const waiting = acquireFileLock(file, { waitMs: 5_000 });
    setTimeout(() => void first.release(), 30);
    const second = await waiting;
    await second.release();
    await second.release();
  });

  it("runs commands in-process, with colours on a terminal", async () => {
    const folder = await temporaryFolder();
    const schema = join(folder, "tool.yaml");
    await writeFile(schema, "name: tool\nversion: 1.2.0\n");
    const registry = join(folder, "registry.json");
    const { io, written } = memoryIo({ isTTY: true });
    expect(await runCli(["register", "--schema", schema, "--registry-file", registry], io)).toBe(0);
    const attempt = JSON.stringify({ connector_name: "tool" });
    const audit = join(folder, "audit.jsonl");
    const check = memoryIo({ isTTY: true, stdin: attempt });
    const args = ["check", "--registry-file", registry, "--audit-file", audit];
    expect(await runCli(args, check.io)).toBe(0);
    expect(check.written.stdout).toBe(
      "\u001b[32m[ALLOW]\u001b[39m tool (agent=watched-agent) — all checks passed\n",
    );
    const noStdin = memoryIo({ stdin: undefined });
    expect(await runCli(args, noStdin.io)).toBe(2);
    expect(noStdin.written.stderr).toBe(
      "connectorguard: error: check: give an attempt file, or pipe one attempt on standard input\n",
    );
    expect(written.stdout).toContain("Registered connector 'tool' v1.2.0");
  });
});
