import { type ChildProcess, execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Cluster } from "ioredis";
import { askRedis, freePort, spawnRedisServer, waitFor } from "./redis-service.js";

const run = promisify(execFile);

/** A three-master Redis Cluster of the test's own, on random ports, removed by `stop()`. */
export class ThrowawayRedisCluster {
  readonly ports: number[];
  private readonly processes: ChildProcess[];
  private readonly folder: string;

  private constructor(ports: number[], processes: ChildProcess[], folder: string) {
    this.ports = ports;
    this.processes = processes;
    this.folder = folder;
  }

  static async start(): Promise<ThrowawayRedisCluster> {
    const folder = mkdtempSync(join(tmpdir(), "cg-redis-cluster-"));
    const ports: number[] = [];
    for (let index = 0; index < 3; index++) ports.push(await freePort());
    const processes = ports.map((port) =>
      spawnRedisServer(
        port,
        ["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`],
        folder,
      ),
    );
    const cluster = new ThrowawayRedisCluster(ports, processes, folder);
    try {
      for (const port of ports) await waitFor(() => ping(port));
      await run("redis-cli", [
        "--cluster",
        "create",
        ...ports.map((port) => `127.0.0.1:${port}`),
        "--cluster-yes",
      ]);
      for (const port of ports) await waitFor(() => clusterReady(port));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** An ioredis Cluster client on this cluster. */
  client(): Cluster {
    const client = new Cluster(this.ports.map((port) => ({ host: "127.0.0.1", port })));
    client.on("error", () => {});
    return client;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.processes.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGKILL");
          }),
      ),
    );
    rmSync(this.folder, { recursive: true, force: true });
  }
}

async function ping(port: number): Promise<boolean> {
  return (await askRedis(port, (client) => client.ping())) === "PONG";
}

async function clusterReady(port: number): Promise<boolean> {
  const text = await askRedis(port, (client) => client.cluster("INFO") as Promise<string>);
  return typeof text === "string" && text.includes("cluster_state:ok");
}
