import type { ChainedAuditRecord } from "../audit/hash-chain.js";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import {
  type DecisionOutcome,
  decisionCheck,
  decisionOutcome,
  decisionReason,
} from "./decision-outcome.js";
import { WindowPeak } from "./window-peak.js";

/** How many decisions ended each way. `allowed + denied + wouldDeny = decided`. */
export interface OutcomeCounts {
  decided: number;
  allowed: number;
  denied: number;
  /** Allowed in shadow mode, but a check failed: enforce would have denied them. */
  wouldDeny: number;
}

/** The decisions of one check, connector or agent, with a few distinct reasons. */
export interface AuditReportGroup extends OutcomeCounts {
  readonly name: string;
  /** Up to `examples` distinct reasons of denials and would-denies, first seen first. */
  readonly examples: string[];
}

/** An agent calling a connector that was denied (or would have been) most. */
export interface AuditReportOffender {
  readonly agent: string;
  readonly connector: string;
  readonly denied: number;
  readonly wouldDeny: number;
  /** The check that failed most often for this pair. */
  readonly check: string;
  readonly example: string;
}

/** The busiest window of one connector against its rate limit. */
export interface RateLimitHeadroom {
  readonly connector: string;
  /** The connector's limit per window, when the policy or registry given says it. */
  readonly limit: number | undefined;
  readonly windowSeconds: number;
  /** The most calls one agent made through the rate limiter in any window. */
  readonly peak: number;
  /** The agent that reached the peak. */
  readonly peakAgent: string;
  /** When the busiest window ended (ISO 8601). */
  readonly peakAt: string | undefined;
  /** `limit - peak`, when the limit is known. */
  readonly headroom: number | undefined;
  /** `peak / limit` as a percentage, when the limit is known. */
  readonly peakPercent: number | undefined;
  /** Calls denied (or that would have been) by the rate limit. */
  readonly rateLimited: number;
}

/** What {@link AuditReportBuilder.build} returns: the period's decisions, grouped. */
export interface AuditReport {
  /** The start of the period asked for, when one was (ISO 8601). */
  readonly since: string | undefined;
  /** The first and last decision counted (ISO 8601). */
  readonly first: string | undefined;
  readonly last: string | undefined;
  readonly totals: OutcomeCounts;
  readonly byCheck: AuditReportGroup[];
  readonly byConnector: AuditReportGroup[];
  readonly byAgent: AuditReportGroup[];
  readonly topOffenders: AuditReportOffender[];
  readonly rateLimits: RateLimitHeadroom[];
  /** Names beyond `maxNames` per grouping are counted under `"(other)"`. */
  readonly foldedNames: boolean;
}

/** Options of {@link AuditReportBuilder}. */
export interface AuditReportOptions {
  /** Only decisions at or after this time. */
  readonly since?: Date;
  /** Connector name → its `rateLimit`; a connector not listed has an unknown limit. */
  readonly rateLimits?: ReadonlyMap<string, number>;
  /** The rate-limit window in seconds (default 60, the guard's default). */
  readonly windowSeconds?: number;
  /** Distinct example reasons kept per group (default 3). */
  readonly examples?: number;
  /** Offenders listed (default 10). */
  readonly offenders?: number;
  /**
   * Distinct names tracked per grouping (default 10 000); more are folded into `"(other)"`, so
   * memory stays bounded however many agents a log names.
   */
  readonly maxNames?: number;
}

const OTHER = "(other)";

interface PairTally {
  readonly agent: string;
  readonly connector: string;
  denied: number;
  wouldDeny: number;
  readonly checks: Map<string, number>;
  example: string;
  readonly peak: WindowPeak;
  rateLimited: number;
}

/**
 * Builds the shadow report one record at a time, in bounded memory: totals, the same counts by
 * check, connector and agent with a few example reasons each, the agent/connector pairs denied
 * most, and each connector's busiest rate-limit window against its limit. The rate-limit peak
 * counts the calls that went through the limiter (allowed, or stopped by the input schema after
 * it), per agent, as the guard's sliding window does.
 *
 * @example
 * const builder = new AuditReportBuilder({ since: new Date(Date.now() - 86_400_000) });
 * await scanAuditFile("audit.jsonl", { onRecord: (record) => builder.add(record) });
 * const report = builder.build();
 * report.totals.wouldDeny; // 42
 */
export class AuditReportBuilder {
  private readonly since: number;
  private readonly limits: ReadonlyMap<string, number>;
  private readonly windowMs: number;
  private readonly windowSeconds: number;
  private readonly exampleCount: number;
  private readonly offenderCount: number;
  private readonly maxNames: number;
  private readonly totals: OutcomeCounts = { decided: 0, allowed: 0, denied: 0, wouldDeny: 0 };
  private readonly checks = new Map<string, AuditReportGroup>();
  private readonly connectors = new Map<string, AuditReportGroup>();
  private readonly agents = new Map<string, AuditReportGroup>();
  private readonly pairs = new Map<string, PairTally>();
  private first: string | undefined;
  private last: string | undefined;
  private folded = false;

  constructor(options: AuditReportOptions = {}) {
    const since = options.since;
    if (since !== undefined && (!(since instanceof Date) || Number.isNaN(since.getTime()))) {
      throw new InvalidOptionError(`since must be a valid Date (got ${String(since)})`);
    }
    this.since = since?.getTime() ?? Number.NEGATIVE_INFINITY;
    this.limits = options.rateLimits ?? new Map();
    this.windowSeconds = positive(options.windowSeconds ?? 60, "windowSeconds");
    this.windowMs = this.windowSeconds * 1000;
    this.exampleCount = positive(options.examples ?? 3, "examples");
    this.offenderCount = positive(options.offenders ?? 10, "offenders");
    this.maxNames = positive(options.maxNames ?? 10_000, "maxNames");
  }

  /** Counts one record (ignored when it is before `since`). */
  add(record: ChainedAuditRecord): void {
    const time = Date.parse(record.timestamp);
    if (!(time >= this.since)) return;
    if (this.first === undefined) this.first = record.timestamp;
    this.last = record.timestamp;
    const outcome = decisionOutcome(record);
    const check = decisionCheck(record);
    const reason = outcome === "allowed" ? undefined : decisionReason(record);
    const { connectorName, sourceAgent } = record.connectionAttempt;
    count(this.totals, outcome);
    this.tally(this.connectors, connectorName, outcome, reason);
    this.tally(this.agents, sourceAgent, outcome, reason);
    if (check !== undefined) this.tally(this.checks, check, outcome, reason);
    const pair = this.pair(sourceAgent, connectorName);
    // The limiter took a slot for calls it admitted: those allowed, or stopped only by the
    // input schema, which runs after it.
    if (check === undefined || check === "input-schema") pair.peak.add(time);
    if (check === "rate-limit") pair.rateLimited++;
    if (outcome !== "allowed" && check !== undefined) {
      if (outcome === "denied") pair.denied++;
      else pair.wouldDeny++;
      pair.checks.set(check, (pair.checks.get(check) ?? 0) + 1);
      if (pair.example === "") pair.example = reason ?? "";
    }
  }

  /** The report so far. */
  build(): AuditReport {
    const ordered = (groups: Map<string, AuditReportGroup>) =>
      [...groups.values()].sort(
        (left, right) =>
          right.denied + right.wouldDeny - (left.denied + left.wouldDeny) ||
          right.decided - left.decided ||
          compareText(left.name, right.name),
      );
    const offenders = [...this.pairs.values()]
      .filter((pair) => pair.denied + pair.wouldDeny > 0)
      .sort(
        (left, right) =>
          right.denied + right.wouldDeny - (left.denied + left.wouldDeny) ||
          compareText(left.agent, right.agent) ||
          compareText(left.connector, right.connector),
      )
      .slice(0, this.offenderCount)
      .map((pair) => ({
        agent: pair.agent,
        connector: pair.connector,
        denied: pair.denied,
        wouldDeny: pair.wouldDeny,
        check: mostFrequent(pair.checks),
        example: pair.example,
      }));
    return {
      since: Number.isFinite(this.since) ? new Date(this.since).toISOString() : undefined,
      first: this.first,
      last: this.last,
      totals: { ...this.totals },
      byCheck: ordered(this.checks),
      byConnector: ordered(this.connectors),
      byAgent: ordered(this.agents),
      topOffenders: offenders,
      rateLimits: this.headroom(),
      foldedNames: this.folded,
    };
  }

  private headroom(): RateLimitHeadroom[] {
    const busiest = new Map<string, { pair: PairTally; rateLimited: number }>();
    for (const pair of this.pairs.values()) {
      const current = busiest.get(pair.connector);
      if (current === undefined) {
        busiest.set(pair.connector, { pair, rateLimited: pair.rateLimited });
        continue;
      }
      current.rateLimited += pair.rateLimited;
      if (pair.peak.peak > current.pair.peak.peak) current.pair = pair;
    }
    return [...busiest.entries()]
      .sort(([left], [right]) => compareText(left, right))
      .map(([connector, { pair, rateLimited }]) => {
        const limit = this.limits.get(connector);
        const peak = pair.peak.peak;
        return {
          connector,
          limit,
          windowSeconds: this.windowSeconds,
          peak,
          peakAgent: pair.agent,
          peakAt:
            pair.peak.peakAt === undefined ? undefined : new Date(pair.peak.peakAt).toISOString(),
          headroom: limit === undefined ? undefined : limit - peak,
          peakPercent: limit === undefined ? undefined : Math.round((peak / limit) * 1000) / 10,
          rateLimited,
        };
      });
  }

  private tally(
    groups: Map<string, AuditReportGroup>,
    given: string,
    outcome: DecisionOutcome,
    reason: string | undefined,
  ): void {
    let group = groups.get(given);
    if (group === undefined) {
      const name = this.admit(groups, given);
      group = groups.get(name);
      if (group === undefined) {
        group = { name, decided: 0, allowed: 0, denied: 0, wouldDeny: 0, examples: [] };
        groups.set(name, group);
      }
    }
    count(group, outcome);
    if (
      reason !== undefined &&
      group.examples.length < this.exampleCount &&
      !group.examples.includes(reason)
    ) {
      group.examples.push(reason);
    }
  }

  private pair(agent: string, connector: string): PairTally {
    const key = `${agent.length}:${agent}:${connector}`;
    let pair = this.pairs.get(key);
    if (pair !== undefined) return pair;
    const folded = this.pairs.size >= this.maxNames;
    const foldedKey = folded ? `${OTHER}:${connector}` : key;
    pair = this.pairs.get(foldedKey);
    if (pair === undefined) {
      if (folded) this.folded = true;
      pair = {
        agent: folded ? OTHER : agent,
        connector,
        denied: 0,
        wouldDeny: 0,
        checks: new Map(),
        example: "",
        peak: new WindowPeak(this.windowMs),
        rateLimited: 0,
      };
      this.pairs.set(foldedKey, pair);
    }
    return pair;
  }

  /** The name a group is counted under: itself, or `"(other)"` once the grouping is full. */
  private admit(groups: Map<string, AuditReportGroup>, name: string): string {
    if (groups.size < this.maxNames) return name;
    this.folded = true;
    return OTHER;
  }
}

function count(counts: OutcomeCounts, outcome: DecisionOutcome): void {
  counts.decided++;
  if (outcome === "allowed") counts.allowed++;
  else if (outcome === "denied") counts.denied++;
  else counts.wouldDeny++;
}

function mostFrequent(counts: ReadonlyMap<string, number>): string {
  let best = "";
  let bestCount = 0;
  for (const [name, value] of counts) {
    if (value > bestCount) {
      best = name;
      bestCount = value;
    }
  }
  return best;
}

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

function positive(value: number, field: string): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new InvalidOptionError(`${field} must be a positive number (got ${String(value)})`);
  }
  return value;
}
