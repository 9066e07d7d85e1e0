import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuild } from "./support/built-package.js";
import { createPool, databaseUrl, postgresAvailable } from "./support/postgres-service.js";
import { redisAvailable, redisUrl } from "./support/redis-service.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(packageRoot, "..", "..", "README.md"), "utf8");
const available = (await redisAvailable()) && (await postgresAvailable());

/** The first ```ts block under the README's "Scaling out" heading, exactly as written. */
function scalingOutSnippet(): string {
  const section = readme.split(/^## /m).find((part) => part.startsWith("Scaling out"));
  const snippet = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (snippet === undefined) throw new Error('README.md has no ```ts block under "Scaling out"');
  return snippet;
}

/** Runs ES module source in a fresh Node process inside the package (so its imports resolve). */
function runModule(
  source: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module"], {
      cwd: packageRoot,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(source);
  });
}

// Issue 14, item 2: run verbatim, the snippet denied its first call ("Stream isn't writeable
// and enableOfflineQueue options is false"): the store did not wait for the connection.
describe.skipIf(!available)("the README's Scaling out snippet, run verbatim", () => {
  // The snippet writes to the default table: give it a schema of its own on the shared server.
  const schema = `cg_readme_${randomBytes(5).toString("hex")}`;
  const admin = createPool();
  const keyPattern = "connectorguard:rate-limit:*:openai-chat:agent-1";
  const clearKeys = async () => {
    const { Redis } = await import("ioredis");
    const client = new Redis(redisUrl);
    const keys = await client.keys(keyPattern);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
  };
  // The snippet's agent shares the default prefix on the shared Redis: start from an empty window.
  beforeAll(clearKeys);
  afterAll(async () => {
    await clearKeys();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it("allows its first call, records it, and verifies the trail", async () => {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(databaseUrl);
    url.searchParams.set("options", `-c search_path=${schema}`);
    requireBuild();
    const epilogue = `
await guard.close();
console.log(JSON.stringify({ result, valid, recordCount }));
redis.disconnect();
await pool.end();
`;
    const { code, stdout, stderr } = await runModule(scalingOutSnippet() + epilogue, {
      REDIS_URL: redisUrl,
      DATABASE_URL: url.toString(),
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const outcome = JSON.parse(stdout);
    expect(outcome.result).toMatchObject({ allowed: true, reason: "all checks passed" });
    expect(outcome).toMatchObject({ valid: true, recordCount: 1 });
  }, 30_000);
});
