import { describe, expect, it } from "vitest";
import {
  AuditLog,
  type AuditSink,
  ConnectionValidator,
  ConnectorRegistry,
  captureArguments,
  InterceptorError,
  RequestInterceptor,
} from "./support/core-internals.js";

function setup() {
  const registry = new ConnectorRegistry();
  registry.register({ name: "calculator", version: "1.0.0" });
  registry.register({
    name: "db-write",
    version: "1.0.0",
    requiredPermissions: ["db:write"],
    inputSchema: { type: "object", properties: { sql: { type: "string" } }, required: ["sql"] },
  });
  const auditLog = new AuditLog();
  const interceptor = new RequestInterceptor(new ConnectionValidator(registry), auditLog);
  return { registry, auditLog, interceptor };
}

describe("RequestInterceptor.wrap", () => {
  it("validates, runs and records a call (the reference's decorator example)", async () => {
    const { interceptor } = setup();
    const add = interceptor.wrap({ connectorName: "calculator", sourceAgent: "agent-1" })(
      ({ x, y }: { x: number; y: number }) => x + y,
    );
    expect(await add({ x: 3, y: 4 })).toBe(7);
    expect(interceptor.auditLog.size).toBe(1);
    const [recorded] = interceptor.auditLog.allEntries();
    expect(recorded?.connectionAttempt).toMatchObject({
      connectorName: "calculator",
      sourceAgent: "agent-1",
      inputData: { x: 3, y: 4 },
    });
    expect(recorded?.outcome).toMatchObject({ status: "ok" });
    expect(recorded?.outcome?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("captures positional arguments as arg_0, arg_1, … and a single plain object as is", () => {
    expect(captureArguments([3, 4])).toEqual({ arg_0: 3, arg_1: 4 });
    expect(captureArguments([{ prompt: "hi" }])).toEqual({ prompt: "hi" });
    expect(captureArguments([])).toEqual({});
    expect(captureArguments([[1, 2]])).toEqual({ arg_0: [1, 2] });
    const when = new Date(0);
    expect(captureArguments([when])).toEqual({ arg_0: when });
  });

  it("does not run a denied call and throws InterceptorError carrying the result", async () => {
    const { interceptor } = setup();
    let ran = false;
    const write = interceptor.wrap({ connectorName: "db-write", sourceAgent: "agent-1" })(
      (sql: string) => {
        ran = true;
        return sql;
      },
    );
    const error = await write("DROP TABLE users").catch((caught: unknown) => caught);
    expect(ran).toBe(false);
    expect(InterceptorError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(InterceptorError);
    const denial = error as InterceptorError;
    expect(denial.result).toMatchObject({ allowed: false, check: "permission" });
    expect(denial.message).toBe(
      "call to 'db-write' denied: agent 'agent-1' is missing required permissions: db:write",
    );
    expect(denial.code).toBe("CG_CALL_DENIED");
    const [recorded] = interceptor.auditLog.deniedEntries();
    expect(recorded?.outcome).toBeUndefined();
    expect(recorded?.connectionAttempt.inputData).toEqual({ arg_0: "DROP TABLE users" });
  });

  it("records a tool that throws, then rethrows its error unchanged", async () => {
    const { interceptor } = setup();
    const failure = new TypeError("division by zero");
    const divide = interceptor.wrap({ connectorName: "calculator" })(async () => {
      throw failure;
    });
    await expect(divide()).rejects.toBe(failure);
    const [recorded] = interceptor.auditLog.allEntries();
    expect(recorded?.result.allowed).toBe(true);
    expect(recorded?.outcome).toMatchObject({
      status: "error",
      error: "TypeError: division by zero",
    });
  });

  it("keeps the wrapped function's name", () => {
    const { interceptor } = setup();
    function multiply(x: number, y: number) {
      return x * y;
    }
    expect(interceptor.wrap({ connectorName: "calculator" })(multiply).name).toBe("multiply");
  });

  it("records a synchronous throw too", async () => {
    const { interceptor } = setup();
    const explode = interceptor.wrap({ connectorName: "calculator" })(() => {
      throw new Error("boom");
    });
    await expect(explode()).rejects.toThrow("boom");
    expect(interceptor.auditLog.allEntries()[0]?.outcome?.status).toBe("error");
  });
});

describe("RequestInterceptor.intercept", () => {
  it("decides and records without running anything", async () => {
    const { interceptor } = setup();
    const result = await interceptor.intercept({
      connectorName: "openai-chat",
      inputData: { prompt: "hello" },
      sourceAgent: "agent-2",
    });
    expect(result).toMatchObject({ allowed: false, check: "registry" });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(interceptor.auditLog.forAgent("agent-2")).toHaveLength(1);
  });

  it("defaults the agent, the input and the timestamp", async () => {
    const { interceptor } = setup();
    await interceptor.intercept({ connectorName: "calculator" });
    const [recorded] = interceptor.auditLog.allEntries();
    expect(recorded?.connectionAttempt.sourceAgent).toBe("unknown");
    expect(recorded?.connectionAttempt.inputData).toEqual({});
    expect(recorded?.connectionAttempt.timestamp).toBeInstanceOf(Date);
  });

  it("reports a failing audit sink without breaking the call", async () => {
    const registry = new ConnectorRegistry();
    registry.register({ name: "calculator", version: "1" });
    const reported: string[] = [];
    const brokenSink: AuditSink = {
      append: async () => {
        throw new Error("database is down");
      },
      flush: async () => {},
      close: async () => {},
    };
    const interceptor = new RequestInterceptor(new ConnectionValidator(registry), brokenSink, {
      onAuditError: (error, entry) =>
        reported.push(`${entry.connectionAttempt.connectorName}: ${(error as Error).message}`),
    });
    const add = interceptor.wrap({ connectorName: "calculator" })((x: number) => x + 1);
    expect(await add(1)).toBe(2);
    expect(reported).toEqual(["calculator: database is down"]);
  });

  it("creates its own AuditLog when none is given", () => {
    const interceptor = new RequestInterceptor(new ConnectionValidator(new ConnectorRegistry()));
    expect(interceptor.auditLog).toBeInstanceOf(AuditLog);
  });
});
