import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type AuditEntry,
  AuditRedactor,
  type AuditSink,
  canonicalJson,
  createGuard,
  InvalidOptionError,
  parseRedactionPath,
  SecretKeyMatcher,
} from "./support/core-internals.js";

describe("SecretKeyMatcher", () => {
  it("matches secret-looking keys by their normalised ending", () => {
    const matcher = new SecretKeyMatcher();
    for (const key of [
      "password",
      "dbPassword",
      "x-api-key",
      "API_KEY",
      "refresh_token",
      "Authorization",
      "set-cookie",
      "client_secret",
      "privateKey",
      "aws.secretKey",
      "credentials",
    ]) {
      expect(matcher.isSecret(key), key).toBe(true);
    }
    for (const key of ["max_tokens", "tokenizer", "author", "prompt", "keyword", "passage"]) {
      expect(matcher.isSecret(key), key).toBe(false);
    }
    expect(new SecretKeyMatcher(["ssn"]).isSecret("customer_SSN")).toBe(true);
  });
});

describe("AuditRedactor", () => {
  it("redacts secret keys at any depth and leaves the caller's object untouched", () => {
    const redactor = new AuditRedactor();
    const input = {
      user: "ana",
      password: "hunter2",
      nested: { headers: [{ Authorization: "Bearer abc" }, { accept: "json" }] },
    };
    const before = structuredClone(input);
    expect(redactor.redactInput(input)).toEqual({
      user: "ana",
      password: "[REDACTED]",
      nested: { headers: [{ Authorization: "[REDACTED]" }, { accept: "json" }] },
    });
    expect(input).toEqual(before);
  });

  it("returns a JSON copy equal to the input, never the input, when nothing needs redacting", () => {
    const redactor = new AuditRedactor();
    const input = { prompt: "hi", options: { temperature: 0.2, tags: ["a", "b"] } };
    const redacted = redactor.redactInput(input) as typeof input;
    expect(redacted).toStrictEqual(input);
    expect(redacted).not.toBe(input);
    expect(redacted.options).not.toBe(input.options);
  });

  it("redacts configured paths, with wildcards and quoted keys", () => {
    const redactor = new AuditRedactor({
      paths: ["$.card.number", "$.items[*].cvv", '$["x.y"]', "$.list[1]"],
    });
    const redacted = redactor.redactInput({
      card: { number: "4111111111111111", holder: "ana" },
      items: [{ cvv: "123", sku: "a" }, { cvv: "456" }],
      "x.y": "dotted",
      list: ["keep", "drop"],
    });
    expect(redacted).toEqual({
      card: { number: "[REDACTED]", holder: "ana" },
      items: [{ cvv: "[REDACTED]", sku: "a" }, { cvv: "[REDACTED]" }],
      "x.y": "[REDACTED]",
      list: ["keep", "[REDACTED]"],
    });
    expect(() => new AuditRedactor({ paths: ["card.number"] })).toThrow(InvalidOptionError);
    expect(() => parseRedactionPath("$..x")).toThrow("expected a key after '.' at position 2");
    expect(() => parseRedactionPath("$")).toThrow("must name at least one step");
  });

  it("replaces an oversized input by its size and the hash of its redacted canonical JSON", () => {
    const redactor = new AuditRedactor({ maxInputSize: 100 });
    const input = { apiKey: "sk-live-123", text: "x".repeat(500) };
    const summary = redactor.redactInput(input);
    const canonical = canonicalJson({ apiKey: "[REDACTED]", text: "x".repeat(500) });
    expect(summary).toEqual({
      truncated: true,
      reason: "input larger than 100 (audit limit)",
      size: canonical.length,
      sha256: createHash("sha256").update(canonical).digest("hex"),
    });
    expect(JSON.stringify(summary)).not.toContain("sk-live-123");
  });

  it("summarises cyclic, too deep and unreadable inputs without throwing", () => {
    const redactor = new AuditRedactor({ maxDepth: 4 });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(redactor.redactInput(cyclic)).toMatchObject({
      truncated: true,
      reason: expect.stringContaining("nested deeper than 4 levels"),
    });
    expect((redactor.redactInput(cyclic) as { sha256?: string }).sha256).toBeUndefined();
    const hostile = Object.defineProperty({}, "boom", {
      enumerable: true,
      get() {
        throw new Error("getter says no");
      },
    });
    expect(redactor.redactInput(hostile)).toMatchObject({
      truncated: true,
      reason: expect.stringContaining("input could not be read (getter says no)"),
    });
  });

  it("copies prototype-named keys as plain keys, never through a prototype", () => {
    const redactor = new AuditRedactor();
    const input = JSON.parse(
      '{"__proto__": {"polluted": true}, "token": "t", "constructor": {"prototype": {"x": 1}}}',
    );
    const redacted = redactor.redactInput(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(Object.hasOwn(redacted, "__proto__")).toBe(true);
    expect(redacted.token).toBe("[REDACTED]");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("redaction in the guard", () => {
  it("cleans every entry once, before any sink sees it", async () => {
    const seen: AuditEntry[] = [];
    const spySink: AuditSink = {
      append: (entry) => {
        seen.push(entry);
      },
      flush: async () => {},
      close: async () => {},
    };
    const guard = createGuard({
      connectors: [{ name: "login", version: "1" }],
      audit: spySink,
      redaction: { paths: ["$.profile.email"] },
    });
    const input = { user: "ana", password: "hunter2", profile: { email: "ana@example.test" } };
    await guard.execute({ connectorName: "login", inputData: input }, () => "ok");
    await guard.check({ connectorName: "missing", inputData: input });
    for (const entries of [seen, guard.auditLog.allEntries()]) {
      expect(entries).toHaveLength(2);
      const text = JSON.stringify(entries);
      expect(text).not.toContain("hunter2");
      expect(text).not.toContain("ana@example.test");
    }
    expect(input.password).toBe("hunter2");
  });

  it("records inputs as given (as a JSON copy) when redaction is turned off", async () => {
    const guard = createGuard({ connectors: [{ name: "login", version: "1" }], redaction: false });
    const input = { password: "hunter2" };
    await guard.check({ connectorName: "login", inputData: input });
    const recorded = guard.auditLog.allEntries()[0]?.connectionAttempt.inputData;
    expect(recorded).toStrictEqual(input);
    expect(recorded).not.toBe(input);
  });

  it("cuts absurdly long names in the audit entry", async () => {
    const guard = createGuard({ connectors: [] });
    await guard.check({ connectorName: "n".repeat(10_000), sourceAgent: "a".repeat(10_000) });
    const attempt = guard.auditLog.allEntries()[0]?.connectionAttempt;
    expect(attempt?.connectorName).toBe(`${"n".repeat(256)}…(10000 chars)`);
    expect(attempt?.sourceAgent.length).toBeLessThan(300);
  });
});
