import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DECISION_OUTCOMES, type DecisionOutcome } from "../report/decision-outcome.js";
import { AuditIndex, type AuditIndexFilter } from "./audit-index.js";
import { loadViewerAssets, type ViewerAssets } from "./viewer-assets.js";
import { viewerPageHtml } from "./viewer-page-html.js";
import type { ViewerSource } from "./viewer-source.js";

/** Options of {@link startAuditViewer}. */
export interface AuditViewerOptions {
  readonly source: ViewerSource;
  /** The interface to listen on (default `127.0.0.1`: this machine only). */
  readonly host?: string;
  /** The port (default 7700; 0 picks a free one). */
  readonly port?: number;
  /** How often the source is read for new entries, in milliseconds (default 1 000). */
  readonly pollMs?: number;
  /** The page's script and style (default: the ones built into the package). */
  readonly assets?: ViewerAssets;
  /** Told about a failed refresh (the viewer keeps serving what it has). */
  readonly onError?: (error: unknown) => void;
}

/** A running viewer. */
export interface AuditViewer {
  /** The page's address, e.g. `http://127.0.0.1:7700/`. */
  readonly url: string;
  readonly index: AuditIndex;
  /** Stops polling and listening. */
  close(): Promise<void>;
}

const pageLimit = 200;
const loopbackHosts = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/**
 * Serves the audit viewer: the page, its assets and a small JSON API over an index of the
 * source, which it reads once and then polls for new entries. The page asks for aggregates and
 * pages of 50 entries, never the whole trail. Bound to 127.0.0.1 by default; on a loopback
 * address it answers only requests addressed to a loopback name (a page elsewhere cannot reach
 * it through DNS rebinding).
 *
 * @example
 * const viewer = await startAuditViewer({ source: new AuditFileSource("audit.jsonl"), port: 0 });
 * console.log(`open ${viewer.url}`);
 */
export async function startAuditViewer(options: AuditViewerOptions): Promise<AuditViewer> {
  const { source } = options;
  const host = options.host ?? "127.0.0.1";
  const assets = options.assets ?? (await loadViewerAssets());
  const index = new AuditIndex();
  await source.refresh(index);
  let version = 1;
  let refreshing: Promise<void> | undefined;
  // One read of the source at a time: a poll skips its turn while one runs; a verification
  // asked for by the page waits for it, then runs.
  const exclusive = async (work: () => Promise<boolean>): Promise<void> => {
    while (refreshing !== undefined) await refreshing;
    refreshing = work()
      .then((changed) => {
        if (changed) version++;
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };
  const poll = () => {
    if (refreshing === undefined) void exclusive(() => source.refresh(index));
  };
  const timer = setInterval(poll, options.pollMs ?? 1_000);
  timer.unref();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (loopbackHosts.has(host) && !isLoopbackHost(request.headers.host)) {
      sendJson(response, 403, { error: "the viewer answers only on a loopback address" });
      return;
    }
    const url = new URL(request.url ?? "/", "http://viewer.invalid");
    const path = url.pathname;
    if (request.method === "POST" && path === "/api/verify") {
      await exclusive(async () => {
        await source.verifyAgain(index);
        return true;
      });
      sendJson(response, 200, { version, chain: source.chain() });
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      sendJson(response, 405, { error: `${request.method} is not supported` });
      return;
    }
    if (path === "/") return send(response, 200, "text/html", viewerPageHtml(source.name));
    if (path === "/assets/viewer.js") return send(response, 200, "text/javascript", assets.script);
    if (path === "/assets/viewer.css") return send(response, 200, "text/css", assets.style);
    if (path === "/api/state") {
      sendJson(response, 200, { version, total: index.size, chain: source.chain() });
      return;
    }
    const filter = readFilter(url.searchParams);
    if (typeof filter === "string") {
      sendJson(response, 400, { error: filter });
      return;
    }
    if (path === "/api/summary") {
      sendJson(response, 200, {
        version,
        source: source.name,
        chain: source.chain(),
        facets: index.facets(),
        ...index.summary(filter),
      });
      return;
    }
    if (path === "/api/entries") {
      const before = readInteger(url.searchParams.get("before"));
      const limit = Math.min(pageLimit, readInteger(url.searchParams.get("limit")) ?? 50);
      sendJson(response, 200, { version, ...index.page(filter, before, Math.max(1, limit)) });
      return;
    }
    const entryMatch = /^\/api\/entries\/(\d+)$/.exec(path);
    if (entryMatch !== null) {
      const record = await source.record(index, Number(entryMatch[1]));
      if (record === undefined) sendJson(response, 404, { error: "no such entry" });
      else sendJson(response, 200, { record });
      return;
    }
    sendJson(response, 404, { error: "not found" });
  };

  await listen(server, options.port ?? 7700, host);
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    index,
    close: async () => {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await refreshing;
      await source.close();
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function isLoopbackHost(header: string | undefined): boolean {
  if (header === undefined) return false;
  const name = header.startsWith("[")
    ? header.slice(0, header.indexOf("]") + 1)
    : header.split(":")[0];
  return loopbackHosts.has(name ?? "");
}

/** The filter a request asks for, or a message saying which parameter is wrong. */
function readFilter(parameters: URLSearchParams): AuditIndexFilter | string {
  const text = (name: string) => {
    const value = parameters.get(name);
    return value === null || value === "" ? undefined : value;
  };
  const outcome = text("outcome");
  if (outcome !== undefined && !DECISION_OUTCOMES.includes(outcome as DecisionOutcome)) {
    return `outcome must be one of ${DECISION_OUTCOMES.join(", ")}`;
  }
  const from = readTime(text("from"));
  const to = readTime(text("to"));
  if (Number.isNaN(from) || Number.isNaN(to)) {
    return "from and to must be ISO 8601 times or epoch milliseconds";
  }
  return {
    agent: text("agent"),
    connector: text("connector"),
    check: text("check"),
    outcome: outcome as DecisionOutcome | undefined,
    from,
    to,
  };
}

function readTime(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : Date.parse(value);
}

function readInteger(value: string | null): number | undefined {
  return value !== null && /^\d+$/.test(value) ? Number(value) : undefined;
}

const securityHeaders = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    "content-type": `${type}; charset=utf-8`,
    "content-length": Buffer.byteLength(body),
    ...securityHeaders,
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  if (response.headersSent) return;
  send(response, status, "application/json", JSON.stringify(value));
}
