import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { type AuditFileLine, readAuditLines } from "./support/core-internals.js";

const temporaryFolder = useTemporaryFolder();

async function collect(path: string): Promise<AuditFileLine[]> {
  const lines: AuditFileLine[] = [];
  for await (const line of readAuditLines(path)) lines.push(line);
  return lines;
}

describe("readAuditLines", () => {
  it("splits on newlines across read chunks, with exact byte offsets, multibyte text intact", async () => {
    const path = join(await temporaryFolder(), "lines.jsonl");
    // Lines of many lengths, with 2-, 3- and 4-byte characters, over several 1 MiB chunks, so
    // that lines and characters are cut by chunk boundaries.
    const texts = Array.from(
      { length: 4_000 },
      (_, index) => `${index}:${"é€𝒳ab".repeat((index * 37) % 400)}`,
    );
    const content = `${texts.join("\n")}\n`;
    expect(Buffer.byteLength(content)).toBeGreaterThan(3 * 1024 * 1024);
    await writeFile(path, content);
    const lines = await collect(path);
    expect(lines.map((line) => line.text)).toEqual(texts);
    const bytes = Buffer.from(content);
    for (const line of lines) {
      expect(line.terminated).toBe(true);
      expect(bytes.subarray(line.offset, line.offset + line.byteLength).toString()).toBe(line.text);
      expect(bytes[line.offset + line.byteLength]).toBe(0x0a);
    }
    expect(lines.at(-1)?.number).toBe(4_000);
  });

  it("yields an unterminated last line as such, and nothing for an empty file", async () => {
    const folder = await temporaryFolder();
    await writeFile(join(folder, "torn.jsonl"), "one\n\ntwo-without-newline");
    expect(await collect(join(folder, "torn.jsonl"))).toEqual([
      { number: 1, offset: 0, text: "one", byteLength: 3, terminated: true },
      { number: 2, offset: 4, text: "", byteLength: 0, terminated: true },
      { number: 3, offset: 5, text: "two-without-newline", byteLength: 19, terminated: false },
    ]);
    await writeFile(join(folder, "empty.jsonl"), "");
    expect(await collect(join(folder, "empty.jsonl"))).toEqual([]);
  });
});
