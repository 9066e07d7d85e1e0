import { generateKeyPairSync } from "node:crypto";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  auditKeyId,
  auditSigningKey,
  auditVerificationKey,
} from "../src/audit/audit-signing-key.js";
import { runCli } from "../src/cli/commands/run-cli.js";
import { sampleEntry, useTemporaryFolder } from "./support/audit-fixtures.js";
import {
  type ChainHead,
  chainAuditLine,
  InvalidOptionError,
  JsonlAuditSink,
  verifyAuditLog,
} from "./support/core-internals.js";
import { memoryIo } from "./support/memory-io.js";

const temporaryFolder = useTemporaryFolder();
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const privatePem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const publicPem = publicKey.export({ type: "spki", format: "pem" }).toString();

async function signedLog(count: number, everyEntries = 10) {
  const folder = await temporaryFolder();
  const path = join(folder, "audit.jsonl");
  const sink = await JsonlAuditSink.open(path, {
    signing: { privateKey: privatePem, everyEntries },
  });
  for (let index = 0; index < count; index++) {
    sink.append(sampleEntry(index));
    if (index % 7 === 6) await sink.flush();
  }
  await sink.close();
  return { folder, path, head: sink.head };
}

/** Appends forged, correctly chained records after `head`: what anyone can do to the file. */
async function appendForged(path: string, head: ChainHead, count: number): Promise<ChainHead> {
  let current = head;
  let text = "";
  for (let index = 0; index < count; index++) {
    const line = chainAuditLine(sampleEntry(500 + index), current);
    text += `${line.text}\n`;
    current = { seq: line.seq, hash: line.hash };
  }
  await appendFile(path, text);
  return current;
}

describe("signed checkpoints", () => {
  it("vouch for every entry of a log its writer closed", async () => {
    const { path, head } = await signedLog(45);
    const signatures = (await readFile(`${path}.sig`, "utf8")).trimEnd().split("\n");
    // Every 10 entries (as group commits allow) and once more on close.
    expect(signatures.length).toBeGreaterThanOrEqual(2);
    const report = await verifyAuditLog(path, { publicKey: publicPem });
    expect(report.ok).toBe(true);
    expect(report.signatures).toMatchObject({
      found: true,
      unsigned: [],
      unsignedEntries: 0,
      problems: [],
      signedThrough: { seq: 45, hash: head.hash },
    });
    const cli = memoryIo();
    expect(
      await runCli(["verify", "--log-file", path, "--public-key", await keyFile()], cli.io),
    ).toBe(0);
    expect(cli.written.stdout).toContain("signed: every entry, by ");
  });

  it("report each of 1 to 9 appended forged lines as unsigned, after the last signed point", async () => {
    const { path, head } = await signedLog(40);
    const original = await readFile(path);
    const publicKeyFile = await keyFile();
    const reported: number[] = [];
    for (let count = 1; count <= 9; count++) {
      await writeFile(path, original);
      await appendForged(path, head, count);
      // The chain alone accepts them (they are correctly chained)…
      expect((await verifyAuditLog(path)).ok).toBe(true);
      // …the signatures do not vouch for them.
      const report = await verifyAuditLog(path, { publicKey });
      expect(report.ok).toBe(false);
      expect(report.signatures?.signedThrough?.seq).toBe(40);
      expect(report.signatures?.unsigned).toEqual([{ from: 41, to: 40 + count }]);
      const cli = memoryIo();
      const code = await runCli(
        ["verify", "--log-file", path, "--public-key", publicKeyFile],
        cli.io,
      );
      const range = count === 1 ? "41" : `41-${40 + count}`;
      if (
        code === 1 &&
        cli.written.stdout.includes(
          `UNSIGNED: ${count} entries not covered by a signed checkpoint: seq ${range} (last signed point: seq 40, signed `,
        )
      ) {
        reported.push(count);
      }
    }
    expect(reported).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("never vouch for entries a writer found when it resumed the log", async () => {
    const { path, head } = await signedLog(20);
    const forgedHead = await appendForged(path, head, 3);
    const sink = await JsonlAuditSink.open(path, { signing: { privateKey, everyEntries: 10 } });
    expect(sink.head).toEqual(forgedHead);
    for (let index = 0; index < 5; index++) sink.append(sampleEntry(100 + index));
    await sink.close();
    const report = await verifyAuditLog(path, { publicKey });
    expect(report.signatures?.signedThrough?.seq).toBe(28);
    expect(report.signatures?.unsigned).toEqual([{ from: 21, to: 23 }]);
    expect(report.ok).toBe(false);
  });

  it("catch a rewritten log, a cut log, and edited or foreign signatures", async () => {
    const { folder, path } = await signedLog(30);
    const signatureFile = `${path}.sig`;
    const original = await readFile(path, "utf8");
    const originalSignatures = await readFile(signatureFile, "utf8");

    // Rewritten from scratch, with fresh hashes: the signed hashes no longer match.
    const forger = await JsonlAuditSink.open(join(folder, "forged.jsonl"));
    for (let index = 0; index < 30; index++) forger.append(sampleEntry(index + 300));
    await forger.close();
    await writeFile(path, await readFile(join(folder, "forged.jsonl")));
    const rewritten = await verifyAuditLog(path, { publicKey });
    expect(rewritten.ok).toBe(false);
    expect(rewritten.signatures?.problems[0]).toMatch(/the log was rewritten/);

    // Cut at the tail.
    await writeFile(path, `${original.split("\n").slice(0, 25).join("\n")}\n`);
    const cut = await verifyAuditLog(path, { publicKey });
    expect(cut.signatures?.problems.at(-1)).toMatch(
      /but the log ends at seq 25 \(entries were cut/,
    );

    // An edited signature line, and one signed by another key.
    await writeFile(path, original);
    const lines = originalSignatures.trimEnd().split("\n");
    const edited = (lines[0] as string).replace(
      /"seq":(\d+)/,
      (_, seq) => `"seq":${Number(seq) + 1}`,
    );
    const foreign = await signedLog(5);
    await writeFile(signatureFile, `${[edited, ...lines.slice(1)].join("\n")}\n`);
    expect((await verifyAuditLog(path, { publicKey })).signatures?.problems).toEqual([
      expect.stringMatching(/audit\.jsonl\.sig:1: bad signature/),
    ]);
    const strangerKey = generateKeyPairSync("ed25519").publicKey;
    const stranger = await verifyAuditLog(foreign.path, { publicKey: strangerKey });
    expect(stranger.signatures?.problems[0]).toMatch(/signed by a key not given to verify/);
    expect(stranger.signatures?.unsignedEntries).toBe(5);
    // Several keys (a rotation): any of them may have signed.
    expect((await verifyAuditLog(foreign.path, { publicKey: [strangerKey, publicKey] })).ok).toBe(
      true,
    );

    // No signature file at all: every entry is unsigned.
    await writeFile(signatureFile, "");
    const none = await verifyAuditLog(path, {
      publicKey,
      signatureFile: join(folder, "missing.sig"),
    });
    expect(none.signatures).toMatchObject({
      found: false,
      unsignedEntries: 30,
      unsigned: [{ from: 1, to: 30 }],
    });
  });

  it("sign a quiet log within everySeconds, and drop a torn signature line on open", async () => {
    const path = join(await temporaryFolder(), "audit.jsonl");
    const sink = await JsonlAuditSink.open(path, {
      signing: { privateKey, everyEntries: 1_000, everySeconds: 0.2 },
    });
    for (let index = 0; index < 3; index++) sink.append(sampleEntry(index));
    await sink.flush();
    await new Promise((resolve) => setTimeout(resolve, 700));
    const signed = await readFile(`${path}.sig`, "utf8");
    expect(signed).toMatch(/"seq":3/);
    await sink.close();

    await appendFile(`${path}.sig`, '{"hash":"ab');
    const reopened = await JsonlAuditSink.open(path, { signing: { privateKey } });
    reopened.append(sampleEntry(9));
    await reopened.close();
    const report = await verifyAuditLog(path, { publicKey });
    expect(report.signatures?.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("refuse keys that are not what they must be, naming the problem", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    expect(() => auditSigningKey(publicPem)).toThrow(
      /must be an Ed25519 private key, not a public key/,
    );
    expect(() => auditSigningKey(rsa.privateKey)).toThrow(/must be an Ed25519 key, not rsa/);
    expect(() => auditSigningKey("not a key")).toThrow(InvalidOptionError);
    expect(() => auditVerificationKey(privatePem)).toThrow(/not a private key/);
    expect(auditKeyId(privateKey)).toBe(auditKeyId(publicKey));
    const path = join(await temporaryFolder(), "audit.jsonl");
    await expect(JsonlAuditSink.open(path, { signing: { privateKey: publicPem } })).rejects.toThrow(
      InvalidOptionError,
    );
    await expect(
      JsonlAuditSink.open(path, { signing: { privateKey, everyEntries: 0 } }),
    ).rejects.toThrow(/signing.everyEntries must be an integer >= 1/);
    const cli = memoryIo();
    const keyPath = join(await temporaryFolder(), "private.pem");
    await writeFile(keyPath, privatePem);
    expect(await runCli(["verify", "--log-file", path, "--public-key", keyPath], cli.io)).toBe(2);
    expect(cli.written.stderr).toMatch(
      /--public-key: .*private\.pem: the audit verification key must be an Ed25519 public key/,
    );
    expect(cli.written.stderr.trim().split("\n")).toHaveLength(1);
  });
});

async function keyFile(): Promise<string> {
  const path = join(await temporaryFolder(), "key.pub.pem");
  await writeFile(path, publicPem);
  return path;
}
