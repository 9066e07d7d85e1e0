import { describe, expect, it } from "vitest";
import { createGuard } from "../src/index.js";

const connectors = [
  {
    name: "refund",
    version: "1.0.0",
    inputSchema: {
      type: "object",
      properties: { amount: { type: "number", maximum: 500 } },
      required: ["amount"],
    },
  },
];

/** An input whose `amount` reads 5 the first time and 9999 every time after. */
function shiftingInput(): { amount: number } {
  let reads = 0;
  return Object.defineProperty({}, "amount", {
    get: () => (reads++ === 0 ? 5 : 9999),
    enumerable: true,
  }) as { amount: number };
}

describe("the tool runs on what was validated", () => {
  it("hands execute's run the snapshot the schema checked, not the changing object", async () => {
    const guard = createGuard({ connectors });
    let seen: unknown;
    await guard.execute({ connectorName: "refund", inputData: shiftingInput() }, (input) => {
      seen = input;
      return "refunded";
    });
    expect(seen).toEqual({ amount: 5 });
    expect(guard.auditLog.allEntries()[0]?.connectionAttempt.inputData).toEqual({ amount: 5 });
  });

  it("does the same through run and through a wrapped function", async () => {
    const guard = createGuard({ connectors });
    const outcome = await guard.run(
      { connectorName: "refund", inputData: shiftingInput() },
      (input) => (input as { amount: number }).amount,
    );
    expect(outcome).toMatchObject({ status: "ran", value: 5 });
    const refund = guard.interceptor.wrap({ connectorName: "refund" })(
      (input: { amount: number }) => input.amount,
    );
    await expect(refund(shiftingInput())).resolves.toBe(5);
  });

  it("denies an input that reads over the limit at validation, never running the tool", async () => {
    const guard = createGuard({ connectors });
    let reads = 0;
    const input = Object.defineProperty({}, "amount", {
      get: () => (reads++ === 0 ? 9999 : 5),
      enumerable: true,
    });
    const outcome = await guard.run({ connectorName: "refund", inputData: input }, () => "ran");
    expect(outcome.status).toBe("denied");
  });
});
