/// <reference lib="dom" />
/**
 * The audit viewer's page script, bundled with uPlot into `dist/ui/viewer.js` at build time
 * (no CDN). It asks the viewer's JSON API for aggregates and pages of entries, never the whole
 * trail, and polls for new entries every two seconds.
 */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "./viewer.css";

interface Summary {
  version: number;
  source: string;
  chain: Chain;
  facets: { agents: string[]; connectors: string[]; checks: string[] };
  total: number;
  matched: number;
  allowed: number;
  denied: number;
  wouldDeny: number;
  first?: string;
  last?: string;
  series: { times: number[]; allowed: number[]; denied: number[]; wouldDeny: number[] };
  byCheck: { name: string; denied: number; wouldDeny: number }[];
  matrix: { agents: string[]; connectors: string[]; cells: [number, number, number][][] };
}

interface Chain {
  verified: number;
  head: { seq: number; hash: string };
  firstBreak?: { seq: number; reason: string; line?: number };
  tornTail?: { line: number };
  checkedAt: string;
  coverage: "as read" | "on demand";
}

interface Entry {
  seq: number;
  timestamp: string;
  agent: string;
  connector: string;
  outcome: "allowed" | "denied" | "would-deny";
  check?: string;
  reason: string;
}

const pageSize = 50;
const byId = <Element extends HTMLElement>(id: string) => document.getElementById(id) as Element;
const form = byId<HTMLFormElement>("filters");
const outcomeLabels = { allowed: "allowed", denied: "denied", "would-deny": "would deny" };

let version = 0;
let chart: uPlot | undefined;
let lastSeries: Summary["series"] | undefined;
// The `before` cursors of the pages shown so far; empty on the newest page.
const cursors: (number | undefined)[] = [];
let nextBefore: number | undefined;

function element<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  properties: Partial<HTMLElementTagNameMap[Tag]> = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[Tag] {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function filterQuery(): URLSearchParams {
  const data = new FormData(form);
  const query = new URLSearchParams();
  for (const name of ["agent", "connector", "check", "outcome"]) {
    const value = String(data.get(name) ?? "");
    if (value !== "") query.set(name, value);
  }
  for (const name of ["from", "to"]) {
    const value = String(data.get(name) ?? "");
    if (value !== "") query.set(name, String(new Date(value).getTime()));
  }
  return query;
}

async function getJson<Value>(path: string, init?: RequestInit): Promise<Value> {
  const response = await fetch(path, init);
  const body = (await response.json()) as Value & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${response.status}`);
  return body;
}

async function load(): Promise<void> {
  const query = filterQuery();
  const summary = await getJson<Summary>(`/api/summary?${query}`);
  version = summary.version;
  renderChain(summary.chain);
  renderFacets(summary.facets);
  renderTotals(summary);
  renderChart(summary.series);
  renderByCheck(summary);
  renderMatrix(summary);
  await loadEntries();
}

async function loadEntries(): Promise<void> {
  const query = filterQuery();
  query.set("limit", String(pageSize));
  const before = cursors[cursors.length - 1];
  if (before !== undefined) query.set("before", String(before));
  const page = await getJson<{ entries: Entry[]; nextBefore?: number }>(`/api/entries?${query}`);
  nextBefore = page.nextBefore;
  const rows = page.entries.map((entry) => {
    const open = element("button", {
      type: "button",
      className: "link",
      textContent: `#${entry.seq}`,
    });
    open.setAttribute("aria-label", `Open entry ${entry.seq}`);
    open.addEventListener("click", () => void openEntry(entry.seq));
    const row = element("tr", { className: `outcome-${entry.outcome}` }, [
      element("td", {}, [open]),
      element("td", { textContent: entry.timestamp.replace("T", " ").replace("Z", "") }),
      element("td", {}, [
        element("span", {
          className: `badge ${entry.outcome}`,
          textContent: outcomeLabels[entry.outcome],
        }),
      ]),
      element("td", { textContent: entry.agent }),
      element("td", { textContent: entry.connector }),
      element("td", { textContent: entry.check ?? "" }),
      element("td", { className: "reason", textContent: entry.reason }),
    ]);
    row.dataset.seq = String(entry.seq);
    return row;
  });
  byId("entry-rows").replaceChildren(...rows);
  byId("entries-note").textContent =
    rows.length === 0 ? "— none match" : cursors.length === 0 ? "— newest first" : "— older";
  byId<HTMLButtonElement>("older").disabled = nextBefore === undefined;
  byId<HTMLButtonElement>("newest").disabled = cursors.length === 0;
}

function renderChain(chain: Chain): void {
  const banner = byId("chain");
  const short = (hash: string) => `${hash.slice(0, 12)}…`;
  if (chain.firstBreak !== undefined) {
    const where = chain.firstBreak.line === undefined ? "" : ` (line ${chain.firstBreak.line})`;
    banner.className = "chain broken";
    banner.textContent = `Chain BROKEN at seq ${chain.firstBreak.seq}${where}: ${chain.firstBreak.reason}. ${chain.verified} entries before it verified${chain.coverage === "as read" ? "; nothing after it is shown" : ""}.`;
    return;
  }
  banner.className = chain.tornTail === undefined ? "chain ok" : "chain warn";
  const torn =
    chain.tornTail === undefined
      ? ""
      : ` Line ${chain.tornTail.line} is incomplete (being written).`;
  banner.textContent = `Chain verified up to seq ${chain.head.seq} (head ${short(chain.head.hash)}), checked ${chain.coverage} at ${chain.checkedAt.replace("T", " ").replace(/\.\d+Z$/, "Z")}.${torn}`;
}

function renderFacets(facets: Summary["facets"]): void {
  for (const [name, values] of [
    ["agent", facets.agents],
    ["connector", facets.connectors],
    ["check", facets.checks],
  ] as const) {
    const select = form.elements.namedItem(name) as HTMLSelectElement;
    const current = select.value;
    const shown = values.slice(0, 2_000);
    if (current !== "" && !shown.includes(current)) shown.unshift(current);
    select.replaceChildren(
      element("option", { value: "", textContent: "all" }),
      ...shown.map((value) => element("option", { value, textContent: value })),
    );
    select.value = current;
  }
}

function renderTotals(summary: Summary): void {
  const item = (id: string, label: string, value: number) =>
    element("div", { className: `total ${id}` }, [
      element("dt", { textContent: label }),
      element("dd", {
        id: `total-${id}`,
        className: "total-value",
        textContent: value.toLocaleString("en-US"),
      }),
    ]);
  byId("totals").replaceChildren(
    item(
      "decided",
      summary.matched === summary.total
        ? "Decided"
        : `Matching (of ${summary.total.toLocaleString("en-US")})`,
      summary.matched,
    ),
    item("allowed", "Allowed", summary.allowed),
    item("denied", "Denied", summary.denied),
    item("would-deny", "Would deny (shadow)", summary.wouldDeny),
  );
}

function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function renderChart(series: Summary["series"]): void {
  lastSeries = series;
  const container = byId("chart");
  const data: uPlot.AlignedData = [series.times, series.allowed, series.denied, series.wouldDeny];
  const width = Math.max(300, container.clientWidth);
  if (chart !== undefined) {
    chart.setData(data);
    return;
  }
  const axis = {
    stroke: cssColor("--muted"),
    grid: { stroke: cssColor("--grid") },
    ticks: { stroke: cssColor("--grid") },
  };
  const line = (label: string, color: string, filled = false): uPlot.Series => ({
    label,
    stroke: color,
    ...(filled ? { fill: `${color}22` } : {}),
    width: 2,
    paths: uPlot.paths.stepped?.({ align: 1 }),
    points: { show: false },
  });
  chart = new uPlot(
    {
      width,
      height: 240,
      series: [
        {},
        line("allowed", cssColor("--allowed"), true),
        line("denied", cssColor("--denied")),
        line("would deny", cssColor("--would-deny")),
      ],
      axes: [axis, { ...axis, label: "decisions" }],
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false } },
      hooks: {
        setSelect: [
          (plot) => {
            if (plot.select.width < 2) return;
            const from = plot.posToVal(plot.select.left, "x");
            const to = plot.posToVal(plot.select.left + plot.select.width, "x");
            plot.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            setTimeRange(from * 1000, to * 1000);
          },
        ],
      },
    },
    data,
    container,
  );
}

function localInputValue(time: number): string {
  const date = new Date(time - new Date(time).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 19);
}

function setTimeRange(from: number, to: number): void {
  (form.elements.namedItem("from") as HTMLInputElement).value = localInputValue(from);
  (form.elements.namedItem("to") as HTMLInputElement).value = localInputValue(to);
  changed();
}

function setFilter(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    (form.elements.namedItem(name) as HTMLSelectElement).value = value;
  }
  changed();
}

function renderByCheck(summary: Summary): void {
  const top = Math.max(1, ...summary.byCheck.map((row) => row.denied + row.wouldDeny));
  const rows = summary.byCheck.map((row) => {
    const button = element("button", { type: "button", className: "link", textContent: row.name });
    button.addEventListener("click", () => setFilter({ check: row.name }));
    const bar = element("span", { className: "bar" }, [
      element("span", { className: "bar-denied" }),
      element("span", { className: "bar-would-deny" }),
    ]);
    (bar.children[0] as HTMLElement).style.width = `${(row.denied / top) * 100}%`;
    (bar.children[1] as HTMLElement).style.width = `${(row.wouldDeny / top) * 100}%`;
    return element("tr", {}, [
      element("th", { scope: "row" }, [button]),
      element("td", { className: "number", textContent: String(row.denied) }),
      element("td", { className: "number", textContent: String(row.wouldDeny) }),
      element("td", { className: "bar-cell" }, [bar]),
    ]);
  });
  byId("by-check").replaceChildren(
    rows.length === 0
      ? element("p", { className: "hint", textContent: "No denials or would-denies." })
      : element("table", { className: "checks" }, [
          element("thead", {}, [
            element("tr", {}, [
              element("th", { scope: "col", textContent: "check" }),
              element("th", { scope: "col", textContent: "denied" }),
              element("th", { scope: "col", textContent: "would deny" }),
              element("th", { scope: "col", textContent: "" }),
            ]),
          ]),
          element("tbody", {}, rows),
        ]),
  );
}

function renderMatrix(summary: Summary): void {
  const { agents, connectors, cells } = summary.matrix;
  if (agents.length === 0) {
    byId("matrix").replaceChildren(element("p", { className: "hint", textContent: "No entries." }));
    return;
  }
  const top = Math.max(1, ...cells.flat().map((cell) => cell[0]));
  const head = element("tr", {}, [
    element("th", { scope: "col", textContent: "agent \\ connector" }),
    ...connectors.map((name) => element("th", { scope: "col", textContent: name })),
  ]);
  const rows = agents.map((agent, row) =>
    element("tr", {}, [
      element("th", { scope: "row", textContent: agent }),
      ...connectors.map((connector, column) => {
        const [decided, denied, wouldDeny] = cells[row]?.[column] ?? [0, 0, 0];
        const cell = element("td", { className: "cell" });
        if (decided === 0) return cell;
        const allowed = decided - denied - wouldDeny;
        // Coloured by what most of the cell's decisions were; the label gives every count.
        const dominant =
          denied >= allowed && denied >= wouldDeny
            ? "mostly-denied"
            : wouldDeny > allowed
              ? "mostly-would-deny"
              : "mostly-allowed";
        const button = element("button", {
          type: "button",
          className: `cell-button ${dominant}`,
          textContent: String(decided),
          title: `${agent} → ${connector}: ${decided} decided, ${denied} denied, ${wouldDeny} would deny`,
        });
        button.setAttribute("aria-label", button.title);
        button.style.setProperty("--share", String(Math.max(0.08, decided / top)));
        button.addEventListener("click", () => setFilter({ agent, connector }));
        cell.append(button);
        return cell;
      }),
    ]),
  );
  byId("matrix").replaceChildren(
    element("table", {}, [element("thead", {}, [head]), element("tbody", {}, rows)]),
  );
}

async function openEntry(seq: number): Promise<void> {
  const dialog = byId<HTMLDialogElement>("detail");
  const body = byId("detail-body");
  try {
    const { record } = await getJson<{
      record: Record<string, unknown> & { result: Record<string, unknown> };
    }>(`/api/entries/${seq}`);
    const attempt = record.connectionAttempt as Record<string, unknown>;
    const result = record.result;
    const wouldDeny = result.wouldDeny as { check: string; reason: string } | undefined;
    const rows: [string, string][] = [
      ["seq", String(record.seq)],
      ["time", String(record.timestamp)],
      ["agent", String(attempt.sourceAgent)],
      ["connector", String(attempt.connectorName)],
      [
        "outcome",
        result.allowed ? (wouldDeny === undefined ? "allowed" : "would deny (shadow)") : "denied",
      ],
      ["check", String(result.check ?? wouldDeny?.check ?? "")],
      ["reason", String(result.reason)],
      ["latency", `${Number(result.latencyMs).toFixed(3)} ms`],
      ["hash", String(record.hash)],
      ["previous hash", String(record.prevHash)],
    ];
    const outcome = record.outcome as
      | { status: string; durationMs: number; error?: string }
      | undefined;
    if (outcome !== undefined) {
      rows.push([
        "call",
        `${outcome.status} in ${outcome.durationMs.toFixed(1)} ms${outcome.error === undefined ? "" : `: ${outcome.error}`}`,
      ]);
    }
    body.replaceChildren(
      element(
        "dl",
        { className: "detail" },
        rows.flatMap(([label, value]) => [
          element("dt", { textContent: label }),
          element("dd", { textContent: value, className: label.includes("hash") ? "hash" : "" }),
        ]),
      ),
      element("h3", { textContent: "Input (as recorded, redacted)" }),
      element("pre", {
        id: "detail-input",
        textContent: JSON.stringify(attempt.inputData, null, 2),
      }),
    );
  } catch (error) {
    body.replaceChildren(
      element("p", { textContent: `Cannot read entry ${seq}: ${(error as Error).message}` }),
    );
  }
  byId("detail-title").textContent = `Entry #${seq}`;
  if (!dialog.open) dialog.showModal();
  byId<HTMLButtonElement>("close-detail").focus();
}

let pending: number | undefined;
function changed(): void {
  cursors.length = 0;
  window.clearTimeout(pending);
  pending = window.setTimeout(() => void load().catch(showError), 50);
}

function showError(error: unknown): void {
  const banner = byId("chain");
  banner.className = "chain broken";
  banner.textContent = `The viewer did not answer: ${(error as Error).message}`;
}

form.addEventListener("change", changed);
form.addEventListener("submit", (event) => event.preventDefault());
byId("clear-filters").addEventListener("click", () => {
  form.reset();
  changed();
});
byId("verify-again").addEventListener("click", () => {
  byId("chain").textContent = "Verifying the chain again…";
  void getJson("/api/verify", { method: "POST" })
    .then(() => load())
    .catch(showError);
});
byId("older").addEventListener("click", () => {
  if (nextBefore === undefined) return;
  cursors.push(nextBefore);
  void loadEntries().catch(showError);
});
byId("newest").addEventListener("click", () => {
  cursors.length = 0;
  void loadEntries().catch(showError);
});
byId("close-detail").addEventListener("click", () => byId<HTMLDialogElement>("detail").close());
new ResizeObserver(() => {
  const width = byId("chart").clientWidth;
  if (chart !== undefined && width > 0) chart.setSize({ width, height: 240 });
}).observe(byId("chart"));
// The chart's colours come from the style sheet; draw it again when the scheme changes.
window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
  chart?.destroy();
  chart = undefined;
  if (lastSeries !== undefined) renderChart(lastSeries);
});

async function poll(): Promise<void> {
  try {
    const state = await getJson<{ version: number }>("/api/state");
    if (state.version !== version) await load();
  } catch (error) {
    showError(error);
  }
  window.setTimeout(() => void poll(), 2_000);
}

void load()
  .catch(showError)
  .finally(() => {
    document.body.dataset.ready = "true";
    window.setTimeout(() => void poll(), 2_000);
  });
