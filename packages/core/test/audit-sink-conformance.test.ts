import { join } from "node:path";
import { AuditLog, auditEntryFromRecord, JsonlAuditSink } from "../src/index.js";
import { describeAuditSink } from "../src/testing.js";
import { useTemporaryFolder } from "./support/audit-fixtures.js";
import { readAuditLines } from "./support/core-internals.js";

describeAuditSink("AuditLog (in memory)", async () => {
  const sink = new AuditLog();
  return { sink, readBack: async () => sink.allEntries() };
});

const temporaryFolder = useTemporaryFolder();

describeAuditSink("JsonlAuditSink (hash-chained file)", async () => {
  const path = join(await temporaryFolder(), "audit.jsonl");
  const sink = await JsonlAuditSink.open(path);
  return {
    sink,
    readBack: async () => {
      const entries = [];
      for await (const line of readAuditLines(path)) {
        entries.push(auditEntryFromRecord(JSON.parse(line.text)));
      }
      return entries;
    },
  };
});
