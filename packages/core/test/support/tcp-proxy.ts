import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy the test controls, so a client can see its server "go down" and "come back"
 * without touching the shared server: `stop()` refuses new connections and cuts open ones.
 */
export class TcpProxy {
  readonly port: number;
  private readonly targetHost: string;
  private readonly targetPort: number;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(port: number, targetHost: string, targetPort: number) {
    this.port = port;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
  }

  static async start(targetHost: string, targetPort: number, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(port, targetHost, targetPort);
    const bound = await proxy.listen(port);
    (proxy as { port: number }).port = bound;
    return proxy;
  }

  /** Accepts connections again, on the same port. */
  async resume(): Promise<void> {
    if (this.server === undefined) await this.listen(this.port);
  }

  /** Refuses new connections and cuts every open one. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(port: number): Promise<number> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      this.sockets.add(client);
      this.sockets.add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on("error", close).on("close", close);
      upstream.on("error", close).on("close", close);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  }
}
