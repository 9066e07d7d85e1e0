import { readFile } from "node:fs/promises";
import { auditSignatureFile } from "./audit-signature-file.js";
import type { AuditKeyInput } from "./audit-signing-key.js";
import type { ChainHead } from "./hash-chain.js";
import { type AuditFileBreak, scanAuditFile, type TornTail } from "./scan-audit-file.js";
import { type AuditSignatureReport, SignatureCoverage } from "./signature-coverage.js";

/** Options of {@link verifyAuditLog}. */
export interface VerifyAuditLogOptions {
  /**
   * A head recorded earlier (see `parseChainCheckpoint`). The log must still hold that exact
   * record: this catches a cut at the tail and a chain rewritten from the start, which the
   * chain alone cannot show.
   */
  readonly checkpoint?: ChainHead;
  /**
   * The Ed25519 public key(s) the writer signs checkpoints with (`JsonlAuditSink`'s
   * `signing`). Given, every entry must be vouched for by a signed checkpoint the log agrees
   * with; the report says which entries are not (`signatures.unsigned`).
   */
  readonly publicKey?: AuditKeyInput | readonly AuditKeyInput[];
  /** Where the signed checkpoints are. Default `<path>.sig`. */
  readonly signatureFile?: string;
}

/** {@link AuditSignatureReport} for a JSONL file: where the checkpoints were read from. */
export interface AuditFileSignatureReport extends AuditSignatureReport {
  readonly file: string;
  /** False when the signature file does not exist (then every entry is unsigned). */
  readonly found: boolean;
}

/** What {@link verifyAuditLog} found. */
export interface AuditLogVerification {
  /** True when every line verified, nothing is torn and the checkpoint (if any) matched. */
  readonly ok: boolean;
  readonly file: string;
  /** How many entries verified, from the first line. */
  readonly entries: number;
  /** The last verified entry: give it back later as a checkpoint. */
  readonly head: ChainHead;
  /** The first broken line, with its expected sequence number and why it breaks the chain. */
  readonly firstBreak?: AuditFileBreak;
  /** An incomplete last line (a crash mid-write, or a writer still writing). */
  readonly tornTail?: TornTail;
  /** Why the checkpoint did not match, when it did not. */
  readonly checkpointProblem?: string;
  /** With `publicKey`: what the signed checkpoints prove, and which entries they leave unsigned. */
  readonly signatures?: AuditFileSignatureReport;
}

/**
 * Verifies a JSONL audit file: every line must be a record with the next sequence number,
 * linked to the previous record's hash and hashed correctly. Reports the first break (line,
 * sequence number, reason) or how many entries verified. Throws only when the file cannot be
 * read.
 *
 * Each line must be the writer's exact canonical bytes: a line that parses to the same record
 * but reads differently to another parser (a duplicate key, say) is a break.
 *
 * What the chain cannot show on its own: lines cut from the end (the shorter file is still a
 * valid chain), a file rewritten from scratch with fresh hashes, lines appended by someone
 * else. Pass a `checkpoint` saved earlier, outside the log, or the `publicKey` of a writer
 * that signs checkpoints: then `ok` also needs every entry to be covered by a signature.
 *
 * @example
 * const report = await verifyAuditLog("audit.jsonl", { checkpoint: parseChainCheckpoint(saved) });
 * if (!report.ok) console.error(report.firstBreak?.reason ?? report.checkpointProblem);
 * const signed = await verifyAuditLog("audit.jsonl", { publicKey: readFileSync("audit.pub.pem") });
 * signed.signatures?.unsigned; // [{ from: 1188, to: 1190 }]: appended after the last signature
 */
export async function verifyAuditLog(
  path: string,
  options: VerifyAuditLogOptions = {},
): Promise<AuditLogVerification> {
  const checkpoint = options.checkpoint;
  let checkpointHash: string | undefined;
  const coverage =
    options.publicKey === undefined ? undefined : new SignatureCoverage(options.publicKey);
  const signatureFile = options.signatureFile ?? auditSignatureFile(path);
  const found = coverage === undefined ? false : await readCheckpoints(signatureFile, coverage);
  const scan = await scanAuditFile(path, {
    onHead:
      checkpoint === undefined && coverage === undefined
        ? undefined
        : (head) => {
            if (checkpoint !== undefined && head.seq === checkpoint.seq) checkpointHash = head.hash;
            coverage?.record(head);
          },
  });
  const signatures: AuditFileSignatureReport | undefined =
    coverage === undefined
      ? undefined
      : {
          file: signatureFile,
          found,
          ...coverage.report(scan.head, scan.firstBreak === undefined),
        };
  let checkpointProblem: string | undefined;
  if (checkpoint !== undefined && scan.firstBreak === undefined) {
    if (checkpointHash === undefined) {
      checkpointProblem = `the log ends at seq ${scan.head.seq}, before the checkpoint's seq ${checkpoint.seq} (entries were cut from the end)`;
    } else if (checkpointHash !== checkpoint.hash) {
      checkpointProblem = `the record at seq ${checkpoint.seq} has hash ${checkpointHash}, not the checkpoint's ${checkpoint.hash} (the log was rewritten)`;
    }
  }
  const ok =
    scan.firstBreak === undefined &&
    scan.tornTail === undefined &&
    checkpointProblem === undefined &&
    (signatures === undefined ||
      (signatures.problems.length === 0 && signatures.unsignedEntries === 0));
  return {
    ok,
    file: path,
    entries: scan.entries,
    head: scan.head,
    ...(scan.firstBreak === undefined ? {} : { firstBreak: scan.firstBreak }),
    ...(scan.tornTail === undefined ? {} : { tornTail: scan.tornTail }),
    ...(checkpointProblem === undefined ? {} : { checkpointProblem }),
    ...(signatures === undefined ? {} : { signatures }),
  };
}

/** Hands every line of the signature file to `coverage`; false when the file is missing. */
async function readCheckpoints(file: string, coverage: SignatureCoverage): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  const lines = text.split("\n");
  // A last line without its newline was cut short by a crash: it proves nothing either way.
  if (!text.endsWith("\n")) lines.pop();
  for (const [index, line] of lines.entries()) {
    if (line !== "" || index < lines.length - 1) coverage.add(line, `${file}:${index + 1}`);
  }
  return true;
}
