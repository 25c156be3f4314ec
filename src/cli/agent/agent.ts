/**
 * The bidding agent: one `runCycle` does what is due at `now`, `runAgent` repeats it. Everything it must remember
 * is in `AgentState`, so a restarted agent continues where it stopped.
 *
 * Marketplace, per cycle:
 * 1. Opportunities are polled only when `pollOpportunitiesMinutes` have passed since the last poll (remembered
 *    across restarts; the poll instant is written before the poll, so even a crashing agent never polls faster).
 * 2. For each opportunity: read the competition, the qualified assets and the active ballot → build the ballot from
 *    the strategy → validate it with the server's rules (`validateBallot`) → compare its fingerprint with the last
 *    ballot sent (and with the server's active ballot, which covers a crash between sending and remembering):
 *    unchanged → nothing is sent; changed → it is submitted (with the same asset set, rule 6). A 4xx is reported
 *    with its code and field, never retried in a loop.
 * 3. Bid results of every submitted ballot are polled every `pollResultsMinutes` until every bid is decided; then
 *    the obligations of the accepted bids are listed.
 *
 * Virtual batteries, per cycle: for each of the next `daysAhead` delivery days (Europe/Berlin) whose platform gate is
 * still open (a day whose gate has passed is skipped, the next one taken, up to FCR's week ahead), each configured
 * market and virtual asset not yet bid for that day: ask the planner for products (it reads the prices file) and
 * POST them (one request per market; this creates or replaces the asset's bids of those products). Placed bids are
 * then followed (status, then results) until their results are in.
 */
import type { Logger } from "pino";
import { Temporal } from "temporal-polyfill";
import { platformGate } from "../../domain/ancillary/gates.js";
import { productsOf } from "../../domain/ancillary/products.js";
import { MAX_HORIZON_DAYS } from "../../domain/markets/catalogue.js";
import { BERLIN, localDate, startOfDay, toIso } from "../../domain/time.js";
import {
  fetchBallotContext,
  fingerprintOfNormalized,
  fingerprintOfStored,
  validateBallotLocally,
} from "../../sdk/ballot.js";
import { dataOf, type FlexmarketClient, FlexmarketError, IDEMPOTENT } from "../../sdk/index.js";
import type { Planner } from "./ancillary.js";
import type { AgentConfig, MarketplaceConfig, VirtualBatteryConfig } from "./config.js";
import type { AgentState } from "./state.js";
import { buildBallot } from "./strategy.js";

export interface AgentDeps {
  readonly fm: FlexmarketClient;
  readonly config: AgentConfig;
  readonly state: AgentState;
  readonly now: () => number;
  readonly logger: Logger;
  /** Plans ancillary bids; required when virtual batteries are configured. */
  readonly planner?: Planner;
}

export interface Problem {
  readonly what: string;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

export interface CycleReport {
  readonly at: number;
  readonly marketplace: {
    /** Whether opportunities were polled in this cycle (false: not due yet). */
    readonly polled: boolean;
    readonly opportunities: number;
    readonly submitted: string[];
    readonly unchanged: string[];
    readonly skipped: { competitionId: string; reason: string }[];
    readonly resultsPolled: string[];
    readonly decided: string[];
    /** Per competition whose results were polled: "2 accepted, 1 rejected, 0 pending; 2 obligation(s)". */
    readonly results: Record<string, string>;
  } | null;
  readonly virtualBatteries: {
    readonly placed: string[];
    readonly waiting: number;
    readonly followed: string[];
  } | null;
  readonly problems: Problem[];
  /** The earliest instant something is due again. */
  readonly nextDueAt: number;
}

/** The platform gate of a market's first product on a delivery day (every product of a day shares it). */
const gateOf = (market: "FCR" | "AFRRCapacity", deliveryDay: string) =>
  platformGate(productsOf(market, deliveryDay)[0]!);

const OPPORTUNITIES_POLLED_AT = "marketplace.opportunities.polled_at";

function problemOf(what: string, error: unknown): Problem {
  if (error instanceof FlexmarketError) {
    return {
      what,
      code: error.code,
      message: error.message,
      ...(error.field !== undefined ? { field: error.field } : {}),
    };
  }
  return { what, code: "agent_error", message: error instanceof Error ? error.message : String(error) };
}

async function marketplaceCycle(deps: AgentDeps, mc: MarketplaceConfig, problems: Problem[]) {
  const { fm, state, logger } = deps;
  const now = deps.now();
  const report = {
    polled: false,
    opportunities: 0,
    submitted: [] as string[],
    unchanged: [] as string[],
    skipped: [] as { competitionId: string; reason: string }[],
    resultsPolled: [] as string[],
    decided: [] as string[],
    results: {} as Record<string, string>,
  };
  const last = state.getNumber(OPPORTUNITIES_POLLED_AT);
  if (last === null || now >= last + mc.pollOpportunitiesMs) {
    state.setNumber(OPPORTUNITIES_POLLED_AT, now);
    report.polled = true;
    const opportunities = await dataOf(
      fm.api.GET("/bidding-opportunities/v1/", { params: { query: { limit: 1000 } } }),
    );
    report.opportunities = opportunities.length;
    for (const o of opportunities) {
      const id = o.competition_id;
      try {
        const ctx = await fetchBallotContext(fm, id, o);
        const plan = buildBallot(ctx.competition, ctx.qualifiedAssets, mc.strategy);
        if (!plan.ok) {
          report.skipped.push({ competitionId: id, reason: plan.reason });
          if (plan.field)
            problems.push({ what: `competition ${id}`, code: "strategy", message: plan.reason, field: plan.field });
          continue;
        }
        const checked = validateBallotLocally(plan.body, ctx, now);
        if (!checked.ok) {
          const { code, message, field } = checked.error;
          problems.push({
            what: `competition ${id} (checked locally, not sent)`,
            code,
            message,
            ...(field ? { field } : {}),
          });
          logger.warn({ competitionId: id, code, field }, `ballot not sent: ${message}`);
          continue;
        }
        const fingerprint = fingerprintOfNormalized(checked.value);
        const remembered = state.ballot(id);
        if (remembered?.planKey === fingerprint) {
          report.unchanged.push(id);
          continue;
        }
        if (ctx.activeBallot && fingerprintOfStored(ctx.activeBallot) === fingerprint) {
          // Sent before but not remembered (the agent stopped in between): remember it, send nothing.
          state.recordBallot(id, fingerprint, ctx.activeBallot.id, now);
          report.unchanged.push(id);
          continue;
        }
        const stored = await dataOf(
          fm.api.POST("/bids/v1/competitions/{id}/ballots/", {
            ...IDEMPOTENT,
            params: { path: { id } },
            body: plan.body,
          }),
        );
        state.recordBallot(id, fingerprint, stored.id, now);
        report.submitted.push(id);
        logger.info({ competitionId: id, ballotId: stored.id, bids: stored.bids.length }, "ballot submitted");
      } catch (error) {
        const p = problemOf(`competition ${id}`, error);
        problems.push(p);
        logger.warn({ competitionId: id, code: p.code, field: p.field }, `ballot failed: ${p.message}`);
      }
    }
  }

  let nextDueAt = (state.getNumber(OPPORTUNITIES_POLLED_AT) ?? now) + mc.pollOpportunitiesMs;
  for (const record of state.ballots()) {
    if (record.resultStatus === "decided") continue;
    const due = (record.lastResultsPollAt ?? record.submittedAt) + mc.pollResultsMs;
    if (now < due) {
      nextDueAt = Math.min(nextDueAt, due);
      continue;
    }
    try {
      const results = await dataOf(
        fm.api.GET("/bid-results/v1/{competition_id}/", { params: { path: { competition_id: record.competitionId } } }),
      );
      const mine = results.filter((r) => r.ballot_id === record.ballotId);
      const decided = mine.length > 0 && mine.every((r) => r.status !== "pending");
      const count = (s: string) => mine.filter((r) => r.status === s).length;
      let summary = `${count("accepted")} accepted, ${count("rejected")} rejected, ${count("pending")} pending`;
      if (decided && count("accepted") > 0) {
        const obligations = await dataOf(
          fm.api.GET("/obligations/v1/", { params: { query: { competition_id: record.competitionId, limit: 1000 } } }),
        );
        summary += `; ${obligations.length} obligation(s)`;
      }
      state.recordResults(record.competitionId, now, decided, summary);
      report.resultsPolled.push(record.competitionId);
      report.results[record.competitionId] = summary;
      if (decided) {
        report.decided.push(record.competitionId);
        logger.info({ competitionId: record.competitionId, summary }, "bid results decided");
      } else nextDueAt = Math.min(nextDueAt, now + mc.pollResultsMs);
    } catch (error) {
      problems.push(problemOf(`results of ${record.competitionId}`, error));
      nextDueAt = Math.min(nextDueAt, now + mc.pollResultsMs);
    }
  }
  return { report, nextDueAt };
}

async function virtualBatteryCycle(deps: AgentDeps, vc: VirtualBatteryConfig, problems: Problem[]) {
  const { fm, state, logger } = deps;
  const now = deps.now();
  const report = { placed: [] as string[], waiting: 0, followed: [] as string[] };
  const planner = deps.planner;
  if (!planner) throw new Error("virtual batteries are configured but the agent has no planner");
  const organisationId = await fm.organisationId();
  const ids =
    vc.virtualAssets === "all"
      ? (
          await dataOf(
            fm.api.GET("/organisations/{organisationID}/virtual-assets", {
              params: { path: { organisationID: organisationId } },
            }),
          )
        ).map((va) => va.id)
      : [...vc.virtualAssets];
  const today = localDate(now, BERLIN);
  let nextDueAt = startOfDay(today.add({ days: 1 }), BERLIN);

  // Placing: the next `daysAhead` delivery days whose gate (of some configured market) is still open.
  const days: Temporal.PlainDate[] = [];
  for (let d = 1; d <= MAX_HORIZON_DAYS && days.length < vc.daysAhead; d++) {
    const day = today.add({ days: d });
    if (vc.markets.some((m) => now < gateOf(m, day.toString()))) days.push(day);
  }
  for (const day of days) {
    const deliveryDay = day.toString();
    for (const market of vc.markets) {
      if (now >= gateOf(market, deliveryDay)) continue;
      for (const virtualAssetId of ids) {
        if (state.ancillary(virtualAssetId, deliveryDay, market) !== undefined) continue;
        const what = `${virtualAssetId} ${deliveryDay} ${market}`;
        try {
          const products = await planner({
            fm,
            organisationId,
            virtualAssetId,
            deliveryDay,
            market,
            pricesFile: vc.pricesFile,
          });
          if (products.length === 0) {
            report.waiting++;
            nextDueAt = Math.min(nextDueAt, now + 15 * 60_000);
            continue;
          }
          const stored = await dataOf(
            fm.api.POST("/organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids", {
              ...IDEMPOTENT,
              params: { path: { organisationID: organisationId, virtualAssetID: virtualAssetId } },
              body: products,
            }),
          );
          const bidCount = stored.reduce((n, p) => n + p.bids.length, 0);
          state.recordAncillary({ virtualAssetId, deliveryDay, market, submittedAt: now, bidCount, status: "placed" });
          report.placed.push(what);
          logger.info({ virtualAssetId, deliveryDay, market, bids: bidCount }, "ancillary bids placed");
        } catch (error) {
          problems.push(problemOf(what, error));
        }
      }
    }
  }

  // Following: every placement of today or later until its results are in.
  for (const record of state.ancillaryRecords()) {
    if (record.status.startsWith("results") || record.deliveryDay < today.toString()) continue;
    if (!ids.includes(record.virtualAssetId)) continue;
    const { virtualAssetId, deliveryDay, market } = record;
    const what = `${virtualAssetId} ${deliveryDay} ${market}`;
    try {
      const day = Temporal.PlainDate.from(deliveryDay);
      const start = toIso(startOfDay(day, BERLIN));
      const end = toIso(startOfDay(day.add({ days: 1 }), BERLIN));
      const path = { organisationID: organisationId, virtualAssetID: virtualAssetId };
      const results = await dataOf(
        fm.api.GET("/organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/results", {
          params: { path, query: { start, end, markets: market } },
        }),
      );
      const all = results.flatMap((r) => r.results);
      let status: string;
      if (all.length > 0) {
        status = `results: ${all.filter((r) => r.accepted).length} of ${all.length} accepted`;
      } else {
        const bids = await dataOf(
          fm.api.GET("/organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids", {
            params: { path, query: { start, end, markets: market } },
          }),
        );
        const flat = bids.flatMap((p) => p.bids);
        status = `${flat.filter((b) => b.status === "submitted").length} of ${flat.length} submitted`;
        nextDueAt = Math.min(nextDueAt, now + 15 * 60_000);
      }
      if (status !== record.status) state.recordAncillary({ ...record, status });
      report.followed.push(`${what}: ${status}`);
    } catch (error) {
      problems.push(problemOf(what, error));
    }
  }
  return { report, nextDueAt };
}

/** Does what is due at `now` once. Never throws for an API answer: problems are reported. */
export async function runCycle(deps: AgentDeps): Promise<CycleReport> {
  const at = deps.now();
  const problems: Problem[] = [];
  let nextDueAt = at + 60 * 60_000;
  let marketplace: CycleReport["marketplace"] = null;
  let virtualBatteries: CycleReport["virtualBatteries"] = null;
  if (deps.config.marketplace) {
    try {
      const m = await marketplaceCycle(deps, deps.config.marketplace, problems);
      marketplace = m.report;
      nextDueAt = Math.min(nextDueAt, m.nextDueAt);
    } catch (error) {
      problems.push(problemOf("marketplace", error));
    }
  }
  if (deps.config.virtualBatteries) {
    try {
      const v = await virtualBatteryCycle(deps, deps.config.virtualBatteries, problems);
      virtualBatteries = v.report;
      nextDueAt = Math.min(nextDueAt, v.nextDueAt);
    } catch (error) {
      problems.push(problemOf("virtual batteries", error));
    }
  }
  return { at, marketplace, virtualBatteries, problems, nextDueAt: Math.max(nextDueAt, at + 1000) };
}

/** The one-line status of a cycle. */
export function statusLine(r: CycleReport): string {
  const parts = [toIso(r.at)];
  if (r.marketplace) {
    const m = r.marketplace;
    parts.push(
      m.polled
        ? `marketplace: ${m.opportunities} opportunities, ${m.submitted.length} submitted, ${m.unchanged.length} unchanged, ${m.skipped.length} skipped`
        : "marketplace: not due",
    );
    if (m.resultsPolled.length > 0) parts.push(`results: ${m.decided.length}/${m.resultsPolled.length} decided`);
  }
  if (r.virtualBatteries) {
    const v = r.virtualBatteries;
    parts.push(`batteries: ${v.placed.length} placed, ${v.waiting} waiting for prices, ${v.followed.length} followed`);
  }
  parts.push(`${r.problems.length} problem(s)`);
  for (const p of r.problems) parts.push(`[${p.what}: ${p.code}${p.field ? ` field ${p.field}` : ""}: ${p.message}]`);
  parts.push(`next ${toIso(r.nextDueAt)}`);
  return parts.join(" | ");
}

export interface RunOptions {
  readonly once?: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  readonly out: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Longest single wait between cycles (default 5 minutes). */
  readonly maxWaitMs?: number;
}

/** Runs cycles until `signal` aborts (or once). Returns the last cycle's report. */
export async function runAgent(deps: AgentDeps, options: RunOptions): Promise<CycleReport> {
  for (;;) {
    const report = await runCycle(deps);
    options.out(`${statusLine(report)}\n`);
    if (options.once || options.signal?.aborted) return report;
    const wait = Math.min(options.maxWaitMs ?? 5 * 60_000, Math.max(1000, report.nextDueAt - deps.now()));
    await options.sleep(wait);
    if (options.signal?.aborted) return report;
  }
}
