import type { ChainedAuditRecord } from "../audit/hash-chain.js";
import {
  DECISION_OUTCOMES,
  type DecisionOutcome,
  decisionCheck,
  decisionOutcome,
  decisionReason,
} from "../report/decision-outcome.js";
import { PIPELINE_CHECKS } from "../values/connection-result.js";

/** The checks an entry can name, in pipeline order; index 0 is "none". */
const CHECKS: readonly string[] = ["", ...PIPELINE_CHECKS, "audit"];

/** Which entries a viewer request is about; every field narrows it. */
export interface AuditIndexFilter {
  readonly agent?: string;
  readonly connector?: string;
  readonly check?: string;
  readonly outcome?: DecisionOutcome;
  /** Epoch milliseconds, inclusive. */
  readonly from?: number;
  /** Epoch milliseconds, exclusive. */
  readonly to?: number;
}

/** One entry as the viewer lists it (the full record is read on demand). */
export interface IndexedEntry {
  readonly seq: number;
  readonly timestamp: string;
  readonly agent: string;
  readonly connector: string;
  readonly outcome: DecisionOutcome;
  readonly check: string | undefined;
  readonly reason: string;
}

/** Counts over time, by outcome, in buckets of `bucketMs` starting at `start`. */
export interface OutcomeSeries {
  readonly start: number;
  readonly bucketMs: number;
  /** Bucket start times, in seconds (what the chart's x axis takes). */
  readonly times: number[];
  readonly allowed: number[];
  readonly denied: number[];
  readonly wouldDeny: number[];
}

/** What the viewer's charts and tables show for a filter. */
export interface AuditSummary {
  readonly total: number;
  readonly matched: number;
  readonly allowed: number;
  readonly denied: number;
  readonly wouldDeny: number;
  readonly first: string | undefined;
  readonly last: string | undefined;
  readonly series: OutcomeSeries;
  readonly byCheck: { name: string; denied: number; wouldDeny: number }[];
  /** The busiest agents and connectors (up to 12 each) and their counts. */
  readonly matrix: {
    readonly agents: string[];
    readonly connectors: string[];
    /** `cells[agent][connector]`: decided, denied, would-deny. */
    readonly cells: [number, number, number][][];
  };
}

/** A page of entries, newest first. */
export interface AuditEntriesPage {
  readonly entries: IndexedEntry[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  readonly nextBefore?: number;
}

// Distinct reasons kept; past this a reason reads "(open the entry)". Rate-limit reasons carry
// their retry time and vary without end.
const maxReasons = 100_000;
const chartBuckets = 120;
const niceSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600];

/**
 * A column store of the audit trail for the viewer: per entry its sequence number, time,
 * outcome, check, agent, connector and reason (names interned), in typed arrays, about 40
 * bytes an entry, so a million entries index in about 40 MB and every summary is one pass over
 * the arrays. Where an entry's full record lives (a file offset) is kept for reading it on
 * demand; the index never holds inputs.
 *
 * @example
 * const index = new AuditIndex();
 * index.add(record, { offset: 0, length: 512 });
 * index.summary({ outcome: "denied" }).matched; // 1
 */
export class AuditIndex {
  private capacity = 0;
  private count = 0;
  private seqs = new Float64Array(0);
  private times = new Float64Array(0);
  private outcomes = new Uint8Array(0);
  private checks = new Uint8Array(0);
  private agents = new Uint32Array(0);
  private connectors = new Uint32Array(0);
  private reasons = new Uint32Array(0);
  private offsets = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private readonly agentNames = new Names();
  private readonly connectorNames = new Names();
  private readonly reasonTexts = new Names(maxReasons);

  /** How many entries are indexed. */
  get size(): number {
    return this.count;
  }

  /** The last indexed sequence number, 0 when empty. */
  get lastSeq(): number {
    return this.count === 0 ? 0 : (this.seqs[this.count - 1] as number);
  }

  /** Adds the next record; `location` is where its line is, for reading it back. */
  add(record: ChainedAuditRecord, location: { offset: number; length: number } = noLocation): void {
    if (this.count === this.capacity) this.grow();
    const at = this.count++;
    this.seqs[at] = record.seq;
    this.times[at] = Date.parse(record.timestamp);
    this.outcomes[at] = DECISION_OUTCOMES.indexOf(decisionOutcome(record));
    const check = decisionCheck(record);
    this.checks[at] = check === undefined ? 0 : Math.max(0, CHECKS.indexOf(check));
    this.agents[at] = this.agentNames.id(record.connectionAttempt.sourceAgent);
    this.connectors[at] = this.connectorNames.id(record.connectionAttempt.connectorName);
    this.reasons[at] = this.reasonTexts.id(decisionReason(record));
    this.offsets[at] = location.offset;
    this.lengths[at] = location.length;
  }

  /** Forgets every entry (the source was rewritten and is read again). */
  clear(): void {
    this.count = 0;
  }

  /** The agents, connectors and checks that occur, for the filters' choices. */
  facets(): { agents: string[]; connectors: string[]; checks: string[] } {
    const seenChecks = new Set<number>();
    for (let at = 0; at < this.count; at++) seenChecks.add(this.checks[at] as number);
    return {
      agents: this.agentNames.sorted(),
      connectors: this.connectorNames.sorted(),
      checks: CHECKS.filter((_name, id) => id > 0 && seenChecks.has(id)),
    };
  }

  /** Counts, the chart's series, denials by check and the agents × connectors table. */
  summary(filter: AuditIndexFilter = {}): AuditSummary {
    const match = this.matcher(filter);
    const outcomeCounts = [0, 0, 0];
    const checkDenied = new Array<number>(CHECKS.length).fill(0);
    const checkWouldDeny = new Array<number>(CHECKS.length).fill(0);
    // Counted in typed arrays by name id: a Map per entry would cost most of the pass.
    const perAgent = new Uint32Array(this.agentNames.size);
    const perConnector = new Uint32Array(this.connectorNames.size);
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let matched = 0;
    for (let at = 0; at < this.count; at++) {
      if (!match(at)) continue;
      matched++;
      const outcome = this.outcomes[at] as number;
      outcomeCounts[outcome] = (outcomeCounts[outcome] as number) + 1;
      const check = this.checks[at] as number;
      if (outcome === 1) checkDenied[check] = (checkDenied[check] as number) + 1;
      if (outcome === 2) checkWouldDeny[check] = (checkWouldDeny[check] as number) + 1;
      const agent = this.agents[at] as number;
      const connector = this.connectors[at] as number;
      perAgent[agent] = (perAgent[agent] as number) + 1;
      perConnector[connector] = (perConnector[connector] as number) + 1;
      const time = this.times[at] as number;
      if (time < first) first = time;
      if (time > last) last = time;
    }
    const start = filter.from ?? (matched === 0 ? Date.now() : first);
    const end = filter.to ?? (matched === 0 ? start + 1 : last + 1);
    const series = this.series(match, start, end);
    const topAgents = busiest(perAgent, 12);
    const topConnectors = busiest(perConnector, 12);
    const cells = topAgents.map(() => topConnectors.map((): [number, number, number] => [0, 0, 0]));
    if (topAgents.length > 0) {
      const agentRow = new Int32Array(this.agentNames.size).fill(-1);
      topAgents.forEach((id, row) => {
        agentRow[id] = row;
      });
      const connectorColumn = new Int32Array(this.connectorNames.size).fill(-1);
      topConnectors.forEach((id, column) => {
        connectorColumn[id] = column;
      });
      for (let at = 0; at < this.count; at++) {
        const row = agentRow[this.agents[at] as number] as number;
        if (row < 0) continue;
        const column = connectorColumn[this.connectors[at] as number] as number;
        if (column < 0 || !match(at)) continue;
        const cell = cells[row]?.[column] as [number, number, number];
        cell[0]++;
        if (this.outcomes[at] === 1) cell[1]++;
        if (this.outcomes[at] === 2) cell[2]++;
      }
    }
    return {
      total: this.count,
      matched,
      allowed: outcomeCounts[0] as number,
      denied: outcomeCounts[1] as number,
      wouldDeny: outcomeCounts[2] as number,
      first: matched === 0 ? undefined : new Date(first).toISOString(),
      last: matched === 0 ? undefined : new Date(last).toISOString(),
      series,
      byCheck: CHECKS.map((name, id) => ({
        name,
        denied: checkDenied[id] as number,
        wouldDeny: checkWouldDeny[id] as number,
      })).filter((row) => row.name !== "" && row.denied + row.wouldDeny > 0),
      matrix: {
        agents: topAgents.map((id) => this.agentNames.name(id)),
        connectors: topConnectors.map((id) => this.connectorNames.name(id)),
        cells,
      },
    };
  }

  /** Up to `limit` matching entries with a sequence number below `before`, newest first. */
  page(filter: AuditIndexFilter, before: number | undefined, limit: number): AuditEntriesPage {
    const match = this.matcher(filter);
    const entries: IndexedEntry[] = [];
    let at = before === undefined ? this.count - 1 : this.positionBefore(before);
    for (; at >= 0 && entries.length < limit; at--) {
      if (match(at)) entries.push(this.entryAt(at));
    }
    // Whether anything older matches decides if there is a next page.
    while (at >= 0 && !match(at)) at--;
    const oldest = entries[entries.length - 1];
    return at >= 0 && oldest !== undefined ? { entries, nextBefore: oldest.seq } : { entries };
  }

  /** Where the line of the entry with this sequence number is, if it is indexed. */
  locate(seq: number): { offset: number; length: number } | undefined {
    const at = this.positionBefore(seq + 1);
    if (at < 0 || this.seqs[at] !== seq) return undefined;
    return { offset: this.offsets[at] as number, length: this.lengths[at] as number };
  }

  private entryAt(at: number): IndexedEntry {
    const check = this.checks[at] as number;
    return {
      seq: this.seqs[at] as number,
      timestamp: new Date(this.times[at] as number).toISOString(),
      agent: this.agentNames.name(this.agents[at] as number),
      connector: this.connectorNames.name(this.connectors[at] as number),
      outcome: DECISION_OUTCOMES[this.outcomes[at] as number] as DecisionOutcome,
      check: check === 0 ? undefined : CHECKS[check],
      reason: this.reasonTexts.name(this.reasons[at] as number) || "(open the entry)",
    };
  }

  /** The position of the last entry whose sequence number is below `seq` (-1 if none). */
  private positionBefore(seq: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.seqs[middle] as number) < seq) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }

  private series(match: (at: number) => boolean, start: number, end: number): OutcomeSeries {
    const span = Math.max(1, end - start);
    const wanted = span / chartBuckets / 1000;
    const stepSeconds = niceSteps.find((step) => step >= wanted) ?? Math.ceil(wanted / 3600) * 3600;
    const bucketMs = stepSeconds * 1000;
    const first = Math.floor(start / bucketMs) * bucketMs;
    const buckets = Math.max(1, Math.ceil((end - first) / bucketMs));
    const counts = [0, 1, 2].map(() => new Array<number>(buckets).fill(0));
    for (let at = 0; at < this.count; at++) {
      const time = this.times[at] as number;
      if (time < start || time >= end || !match(at)) continue;
      const bucket = Math.floor((time - first) / bucketMs);
      const row = counts[this.outcomes[at] as number] as number[];
      row[bucket] = (row[bucket] as number) + 1;
    }
    return {
      start: first,
      bucketMs,
      times: Array.from({ length: buckets }, (_, bucket) => (first + bucket * bucketMs) / 1000),
      allowed: counts[0] as number[],
      denied: counts[1] as number[],
      wouldDeny: counts[2] as number[],
    };
  }

  private matcher(filter: AuditIndexFilter): (at: number) => boolean {
    // A name the index has never seen matches nothing.
    const agent = filter.agent === undefined ? undefined : this.agentNames.find(filter.agent);
    const connector =
      filter.connector === undefined ? undefined : this.connectorNames.find(filter.connector);
    const check = filter.check === undefined ? undefined : CHECKS.indexOf(filter.check);
    const outcome =
      filter.outcome === undefined ? undefined : DECISION_OUTCOMES.indexOf(filter.outcome);
    const from = filter.from ?? Number.NEGATIVE_INFINITY;
    const to = filter.to ?? Number.POSITIVE_INFINITY;
    return (at) =>
      (agent === undefined || this.agents[at] === agent) &&
      (connector === undefined || this.connectors[at] === connector) &&
      (check === undefined || this.checks[at] === check) &&
      (outcome === undefined || this.outcomes[at] === outcome) &&
      (this.times[at] as number) >= from &&
      (this.times[at] as number) < to;
  }

  private grow(): void {
    const capacity = Math.max(1_024, this.capacity * 2);
    this.seqs = extend(this.seqs, new Float64Array(capacity));
    this.times = extend(this.times, new Float64Array(capacity));
    this.outcomes = extend(this.outcomes, new Uint8Array(capacity));
    this.checks = extend(this.checks, new Uint8Array(capacity));
    this.agents = extend(this.agents, new Uint32Array(capacity));
    this.connectors = extend(this.connectors, new Uint32Array(capacity));
    this.reasons = extend(this.reasons, new Uint32Array(capacity));
    this.offsets = extend(this.offsets, new Float64Array(capacity));
    this.lengths = extend(this.lengths, new Uint32Array(capacity));
    this.capacity = capacity;
  }
}

const noLocation = { offset: 0, length: 0 };

function extend<Column extends Float64Array | Uint32Array | Uint8Array>(
  old: Column,
  grown: Column,
): Column {
  grown.set(old as never);
  return grown;
}

function busiest(counts: Uint32Array, limit: number): number[] {
  const ids: number[] = [];
  counts.forEach((count, id) => {
    if (count > 0) ids.push(id);
  });
  return ids
    .sort((left, right) => (counts[right] as number) - (counts[left] as number) || left - right)
    .slice(0, limit);
}

/** Interned names: each distinct text stored once, referred to by a number. */
class Names {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];
  private readonly limit: number;

  constructor(limit = Number.POSITIVE_INFINITY) {
    this.limit = limit;
  }

  /** The name's id; past the limit, new names share the id of "" (not kept). */
  id(text: string): number {
    let id = this.ids.get(text);
    if (id !== undefined) return id;
    if (this.texts.length === 0) {
      this.texts.push("");
      this.ids.set("", 0);
    }
    if (this.texts.length >= this.limit) return 0;
    id = this.texts.length;
    this.texts.push(text);
    this.ids.set(text, id);
    return id;
  }

  /** How many ids are in use (the "" of id 0 included once a name was added). */
  get size(): number {
    return Math.max(1, this.texts.length);
  }

  /** The id of a known name, or -1. */
  find(text: string): number {
    return this.ids.get(text) ?? -1;
  }

  name(id: number): string {
    return this.texts[id] ?? "";
  }

  sorted(): string[] {
    return this.texts.filter((text) => text !== "").sort();
  }
}
