/**
 * The viewer's HTML shell: the page's structure, its style sheet and script (both served by
 * the viewer itself). Everything else is filled in by the script from the JSON API.
 *
 * @example
 * response.end(viewerPageHtml("audit.jsonl"));
 */
export function viewerPageHtml(sourceName: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>ConnectorGuard audit — ${escapeHtml(sourceName)}</title>
<link rel="stylesheet" href="/assets/viewer.css">
</head>
<body>
<a class="skip" href="#entries">Skip to entries</a>
<header>
  <h1>ConnectorGuard audit</h1>
  <p class="source">${escapeHtml(sourceName)}</p>
  <div id="chain" class="chain" role="status" aria-live="polite">Reading the audit trail…</div>
</header>
<main>
  <form id="filters" class="filters" aria-label="Filters">
    <label>Agent <select name="agent"><option value="">all</option></select></label>
    <label>Connector <select name="connector"><option value="">all</option></select></label>
    <label>Check <select name="check"><option value="">all</option></select></label>
    <label>Outcome <select name="outcome">
      <option value="">all</option><option value="allowed">allowed</option>
      <option value="denied">denied</option><option value="would-deny">would deny (shadow)</option>
    </select></label>
    <label>From <input type="datetime-local" name="from" step="1"></label>
    <label>To <input type="datetime-local" name="to" step="1"></label>
    <button type="button" id="clear-filters">Clear filters</button>
    <button type="button" id="verify-again">Verify chain again</button>
  </form>
  <section aria-labelledby="totals-title">
    <h2 id="totals-title" class="visually-hidden">Totals</h2>
    <dl id="totals" class="totals"></dl>
  </section>
  <section aria-labelledby="chart-title" class="panel">
    <h2 id="chart-title">Decisions over time</h2>
    <p class="hint">Drag across the chart to narrow the time range.</p>
    <div id="chart" class="chart"></div>
  </section>
  <div class="columns">
    <section aria-labelledby="checks-title" class="panel">
      <h2 id="checks-title">Denials by check</h2>
      <div id="by-check"></div>
    </section>
    <section aria-labelledby="matrix-title" class="panel">
      <h2 id="matrix-title">Agents × connectors</h2>
      <div id="matrix" class="matrix"></div>
    </section>
  </div>
  <section aria-labelledby="entries-title" class="panel" id="entries">
    <h2 id="entries-title">Entries <span id="entries-note" class="hint"></span></h2>
    <table class="entries">
      <thead><tr><th scope="col">seq</th><th scope="col">time</th><th scope="col">outcome</th><th scope="col">agent</th><th scope="col">connector</th><th scope="col">check</th><th scope="col">reason</th></tr></thead>
      <tbody id="entry-rows"></tbody>
    </table>
    <div class="pager">
      <button type="button" id="newest">Newest</button>
      <button type="button" id="older">Older</button>
    </div>
  </section>
</main>
<dialog id="detail" aria-labelledby="detail-title">
  <h2 id="detail-title">Entry</h2>
  <div id="detail-body"></div>
  <button type="button" id="close-detail">Close</button>
</dialog>
<script src="/assets/viewer.js"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
