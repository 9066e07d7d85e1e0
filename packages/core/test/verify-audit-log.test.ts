import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sampleEntry, useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  type ChainHead,
  chainAuditRecord,
  formatChainCheckpoint,
  InvalidOptionError,
  JsonlAuditSink,
  parseChainCheckpoint,
  verifyAuditLog,
} from "./support/core-internals.js";

const temporaryFolder = useTemporaryFolder();
const entryCount = 40;

/** A small deterministic generator, so a failing mutation can be replayed from its seed. */
function randomFrom(seed: number): (below: number) => number {
  let state = seed >>> 0 || 1;
  return (below) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % below;
  };
}

type Mutation = { kind: string; lines: string[] };

/** Changes one leaf or key somewhere in a record so that its meaning differs. */
function editField(line: string, random: (below: number) => number): string {
  const record = JSON.parse(line);
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === "object" && value !== null) {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
      if (!Array.isArray(value)) paths.push([...path, "@rename"]);
    } else {
      paths.push(path);
    }
  };
  walk(record, []);
  const path = paths[random(paths.length)] as (string | number)[];
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1] as string;
  const parent = parentPath.reduce<Record<string, unknown>>(
    (node, key) => node[key] as Record<string, unknown>,
    record,
  );
  if (last === "@rename") {
    const keys = Object.keys(parent);
    if (keys.length === 0) parent.added = 1;
    else {
      const key = keys[random(keys.length)] as string;
      parent[`${key}_`] = parent[key];
      delete parent[key];
    }
  } else {
    const value = parent[last];
    parent[last] =
      typeof value === "number"
        ? value + 1 + random(5)
        : typeof value === "boolean"
          ? !value
          : typeof value === "string"
            ? `${value}x`
            : value === null
              ? 0
              : "changed";
  }
  return JSON.stringify(record);
}

function mutate(original: readonly string[], random: (below: number) => number): Mutation {
  const lines = [...original];
  const at = random(lines.length);
  switch (random(5)) {
    case 0:
      lines[at] = editField(lines[at] as string, random);
      return { kind: "edit", lines };
    case 1:
      lines.splice(at, 1);
      return { kind: "delete", lines };
    case 2:
      lines.splice(at, 0, lines[at] as string);
      return { kind: "duplicate", lines };
    case 3: {
      let other = random(lines.length - 1);
      if (other >= at) other++;
      [lines[at], lines[other]] = [lines[other] as string, lines[at] as string];
      return { kind: "swap", lines };
    }
    default: {
      // A forged record, correctly hashed and linked to the line before it, inserted before
      // an existing line (one appended after the last line is a legitimate-looking append:
      // see docs/audit.md on what the chain cannot show).
      const previous = at === 0 ? undefined : JSON.parse(lines[at - 1] as string);
      const head: ChainHead = previous ?? { seq: 0, hash: "0".repeat(64) };
      const forged = chainAuditRecord(sampleEntry(1000 + random(1000)), head);
      lines.splice(at, 0, JSON.stringify(forged));
      return { kind: "insert", lines };
    }
  }
}

describe("verifyAuditLog", () => {
  it("counts the entries of an intact log and returns its head", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    const sink = await JsonlAuditSink.open(path);
    for (let index = 0; index < 5; index++) sink.append(sampleEntry(index));
    await sink.close();
    expect(await verifyAuditLog(path)).toEqual({
      ok: true,
      file: path,
      entries: 5,
      head: sink.head,
    });
  });

  it("catches every one of 1,000 random single-line mutations", async () => {
    const folder = await temporaryFolder();
    const path = join(folder, "audit.jsonl");
    const sink = await JsonlAuditSink.open(path);
    for (let index = 0; index < entryCount; index++) sink.append(sampleEntry(index));
    await sink.close();
    const checkpoint = sink.head;
    const original = (await readFile(path, "utf8")).trimEnd().split("\n");
    expect(original).toHaveLength(entryCount);

    const caught = new Map<string, number>();
    const target = join(folder, "mutated.jsonl");
    for (let seed = 1; seed <= 1000; seed++) {
      const mutation = mutate(original, randomFrom(seed));
      await writeFile(target, `${mutation.lines.join("\n")}\n`);
      const report = await verifyAuditLog(target, { checkpoint });
      if (report.ok) {
        throw new Error(`mutation ${seed} (${mutation.kind}) was not detected`);
      }
      caught.set(mutation.kind, (caught.get(mutation.kind) ?? 0) + 1);
    }
    expect([...caught.keys()].sort()).toEqual(["delete", "duplicate", "edit", "insert", "swap"]);
    // A bound that catches a hang, not a speed target: on a loaded CI machine it takes seconds.
  }, 60_000);

  it("names the first broken line, its sequence number and why", async () => {
    const folder = await temporaryFolder();
    const path = join(folder, "audit.jsonl");
    const sink = await JsonlAuditSink.open(path);
    for (let index = 0; index < 6; index++) sink.append(sampleEntry(index));
    await sink.close();
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");

    await writeFile(path, `${[...lines.slice(0, 3), ...lines.slice(4)].join("\n")}\n`);
    expect(await verifyAuditLog(path)).toMatchObject({
      ok: false,
      entries: 3,
      firstBreak: {
        line: 4,
        seq: 4,
        reason: "sequence number jumps from 3 to 5 (records missing)",
      },
    });

    await writeFile(path, `${[lines[0], "", lines[1]].join("\n")}\n`);
    expect((await verifyAuditLog(path)).firstBreak).toEqual({
      line: 2,
      seq: 2,
      reason: "line is empty",
    });

    await writeFile(path, `${lines[0]}\n{"seq":2,"prevHash":`);
    expect(await verifyAuditLog(path)).toMatchObject({
      ok: false,
      entries: 1,
      tornTail: { line: 2 },
    });
  });

  it("catches a cut at the tail, or a rewritten log, only with a checkpoint", async () => {
    const folder = await temporaryFolder();
    const path = join(folder, "audit.jsonl");
    const sink = await JsonlAuditSink.open(path);
    for (let index = 0; index < 6; index++) sink.append(sampleEntry(index));
    await sink.close();
    const checkpoint = parseChainCheckpoint(formatChainCheckpoint(sink.head));
    expect(checkpoint).toEqual(sink.head);
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");

    await writeFile(path, `${lines.slice(0, 4).join("\n")}\n`);
    expect((await verifyAuditLog(path)).ok).toBe(true);
    expect(await verifyAuditLog(path, { checkpoint })).toMatchObject({
      ok: false,
      checkpointProblem:
        "the log ends at seq 4, before the checkpoint's seq 6 (entries were cut from the end)",
    });

    const rewritten = join(folder, "rewritten.jsonl");
    const forger = await JsonlAuditSink.open(rewritten);
    for (let index = 0; index < 6; index++) forger.append(sampleEntry(index + 100));
    await forger.close();
    expect((await verifyAuditLog(rewritten)).ok).toBe(true);
    expect((await verifyAuditLog(rewritten, { checkpoint })).checkpointProblem).toContain(
      "the log was rewritten",
    );
  });

  it("rejects a malformed checkpoint with what it expects", () => {
    expect(() => parseChainCheckpoint("12:abc")).toThrow(InvalidOptionError);
    expect(() => parseChainCheckpoint(`0:${"a".repeat(64)}`)).toThrow(/SEQ:HASH/);
  });

  it("throws the file system's error for a missing file", async () => {
    const folder = await temporaryFolder();
    await expect(verifyAuditLog(join(folder, "missing.jsonl"))).rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});
