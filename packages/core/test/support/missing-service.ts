/**
 * Whether this run is CI (`CI` set to anything but "", "0" or "false"): there a missing service
 * fails the run, so that a test which cannot run is never counted as one that passed.
 */
export function runningInCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

/**
 * Reports a service the tests need but cannot reach: on a developer's machine the tests are
 * skipped with the reason printed; with `CI=true` it throws, so the test file fails.
 *
 * @example
 * const available = (await ping()) || missingService("Redis tests", "no Redis at redis://127.0.0.1:6379");
 */
export function missingService(tests: string, problem: string): false {
  if (runningInCi()) {
    throw new Error(`${tests} cannot run with CI=true: ${problem}`);
  }
  console.warn(`SKIPPING ${tests}: ${problem}`);
  return false;
}
