import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtCliPath, requireBuild } from "./support/built-package.js";
import { appendEntries, viewerEntries } from "./support/viewer-audit-file.js";

// Debian's Chromium (`apt-get install chromium`, done by .ci/run). In CI a missing browser
// fails the test; elsewhere the test is skipped and says why.
const chromiumPath = "/usr/bin/chromium";
const haveChromium = existsSync(chromiumPath);
const inCi = process.env.CI === "true";
if (!haveChromium && !inCi) {
  console.warn(
    `SKIPPING the audit viewer's browser test: no Chromium at ${chromiumPath} (apt-get install -y chromium)`,
  );
}
// Set CONNECTORGUARD_SCREENSHOT=docs to refresh docs/audit-viewer.png from this test.
/** A count as the page shows it. */
const shown = (count: number) => count.toLocaleString("en-US");
const docsScreenshot = join(import.meta.dirname, "..", "..", "..", "docs", "audit-viewer.png");

describe("the audit viewer in a real browser", () => {
  describe.skipIf(!haveChromium && !inCi)("connectorguard ui --log-file", () => {
    let folder: string;
    let log: string;
    let server: ChildProcess;
    let url: string;
    let context: BrowserContext;
    let page: Page;
    const fixture = viewerEntries(1200);

    beforeAll(async () => {
      if (!haveChromium) {
        throw new Error(`no Chromium at ${chromiumPath}: .ci/run installs it with apt-get`);
      }
      requireBuild();
      folder = await mkdtemp(join(tmpdir(), "cg-viewer-"));
      log = join(folder, "audit.jsonl");
      await appendEntries(log, fixture.entries);
      server = spawn(process.execPath, [builtCliPath, "ui", "--log-file", log, "--port", "0"], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, NO_COLOR: "1" },
      });
      url = await new Promise<string>((resolve, reject) => {
        let output = "";
        server.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
          output += chunk;
          const found = /audit viewer: (http:\/\/127\.0\.0\.1:\d+\/) \(1200 entries/.exec(output);
          if (found) resolve(found[1] as string);
        });
        server.stderr?.setEncoding("utf8").on("data", (chunk: string) => reject(new Error(chunk)));
        server.on("exit", (code) => reject(new Error(`the viewer exited with ${code}: ${output}`)));
      });
      const userDataDir = await mkdtemp(join(tmpdir(), "cg-chromium-"));
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: chromiumPath,
        headless: true,
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
          "--disable-sync",
          "--disable-quic",
        ],
        viewport: { width: 1280, height: 1000 },
      });
      page = context.pages()[0] ?? (await context.newPage());
    }, 60_000);

    afterAll(async () => {
      await context?.close();
      server?.kill("SIGTERM");
      if (folder !== undefined) await rm(folder, { recursive: true, force: true });
    });

    it("shows the counts, filters, opens an entry by keyboard, follows appends and finds a tampered line", async () => {
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      // Nothing but the viewer itself is ever asked for (no CDN).
      const foreign: string[] = [];
      page.on("request", (request) => {
        if (!request.url().startsWith(url)) foreign.push(request.url());
      });

      // 1. The page loads with the file's counts and its chain verified.
      await page.goto(url);
      await page.waitForSelector("body[data-ready=true]");
      await expect
        .poll(() => page.textContent("#total-decided"))
        .toBe(shown(fixture.entries.length));
      expect(await page.textContent("#total-allowed")).toBe(shown(fixture.allowed));
      expect(await page.textContent("#total-denied")).toBe(shown(fixture.denied));
      expect(await page.textContent("#total-would-deny")).toBe(shown(fixture.wouldDeny));
      expect(await page.textContent("#chain")).toContain("Chain verified up to seq 1200");
      expect(await page.locator("#chart canvas").count()).toBe(1);
      expect(await page.locator("#by-check th[scope=row]").allTextContents()).toEqual([
        "permission",
        "rate-limit",
        "input-schema",
      ]);
      const shots = await mkdtemp(join(tmpdir(), "cg-shots-"));
      await page.screenshot({ path: join(shots, "viewer.png"), fullPage: true });
      if (process.env.CONNECTORGUARD_SCREENSHOT === "docs") {
        await page.screenshot({ path: docsScreenshot });
        await page.emulateMedia({ colorScheme: "dark" });
        await page.screenshot({ path: join(shots, "viewer-dark.png"), fullPage: true });
        console.log(`screenshots: ${docsScreenshot} and ${join(shots, "viewer-dark.png")}`);
        await page.emulateMedia({ colorScheme: "light" });
      }
      expect((await stat(join(shots, "viewer.png"))).size).toBeGreaterThan(10_000);

      // 2. A filter: only would-denies of one agent.
      await page.selectOption("select[name=outcome]", "would-deny");
      await page.selectOption("select[name=agent]", "intern-bot");
      const internWouldDeny = fixture.entries.filter(
        (entry) =>
          entry.connectionAttempt.sourceAgent === "intern-bot" &&
          entry.result.wouldDeny !== undefined,
      );
      await expect
        .poll(() => page.textContent("#total-decided"))
        .toBe(shown(internWouldDeny.length));
      // The totals and the entry rows come from two requests: wait for the rows as well.
      const badges = page.locator("#entry-rows .badge");
      await expect.poll(() => badges.count()).toBe(Math.min(50, internWouldDeny.length));
      expect(new Set(await badges.allTextContents())).toEqual(new Set(["would deny"]));

      // 3. Open the newest matching entry with the keyboard; Escape closes it.
      const newest = internWouldDeny[internWouldDeny.length - 1];
      const newestSeq = fixture.entries.indexOf(newest as (typeof fixture.entries)[number]) + 1;
      await page.focus(`#entry-rows tr[data-seq="${newestSeq}"] button`);
      await page.keyboard.press("Enter");
      await page.waitForSelector("#detail[open]");
      expect(await page.textContent("#detail-title")).toBe(`Entry #${newestSeq}`);
      const lines = (await readFile(log, "utf8")).trimEnd().split("\n");
      const record = JSON.parse(lines[newestSeq - 1] as string);
      const detail = (await page.textContent("#detail-body")) ?? "";
      expect(detail).toContain(record.hash);
      expect(detail).toContain(record.result.wouldDeny.reason);
      // The input as recorded: the apiKey was redacted before it reached the file.
      const input = JSON.parse((await page.textContent("#detail-input")) ?? "null");
      expect(input).toEqual(record.connectionAttempt.inputData);
      expect(JSON.stringify(input)).not.toContain("sk-live");
      await page.keyboard.press("Escape");
      await page.waitForSelector("#detail", { state: "hidden" });

      // 4. New entries appear without reloading.
      await page.click("#clear-filters");
      const more = viewerEntries(5);
      await appendEntries(log, more.entries);
      await expect
        .poll(() => page.textContent("#total-decided"), { timeout: 15_000 })
        .toBe(shown(1205));
      expect(await page.textContent("#chain")).toContain("Chain verified up to seq 1205");

      // 5. An edited line is reported as a break, and what follows is not shown.
      const edited = (await readFile(log, "utf8")).replace(
        '"sourceAgent":"support-bot"',
        '"sourceAgent":"support-bob"',
      );
      await writeFile(log, edited);
      await expect
        .poll(() => page.textContent("#chain"), { timeout: 15_000 })
        .toMatch(/Chain BROKEN at seq \d+ \(line \d+\): hash does not match/);
      const brokenAt = Number(/seq (\d+)/.exec((await page.textContent("#chain")) ?? "")?.[1]);
      expect(await page.textContent("#total-decided")).toBe(shown(brokenAt - 1));

      expect(problems).toEqual([]);
      expect(foreign).toEqual([]);
    }, 90_000);
  });
});
