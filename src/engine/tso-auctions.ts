/**
 * The TSO sandbox market (docs/tso-sandbox.md): for each product and delivery day, when its auction is due
 * (src/domain/clearing/tso-sandbox.ts `auctionTimeOf`: the TSO gate, or the quarter-hour's end for aFRR energy),
 * take every live `submitted` ancillary bid of the product that has no result, add the seeded synthetic competitors
 * and demand, clear with the market's mechanism, and in ONE transaction:
 * - record the occurrence (`runOnce`, kind `tso-auction`, key = the product date code), so any number of processes
 *   and restarts run each auction exactly once;
 * - write each real bid's result (ancillary_results; a rejected aFRR capacity bid rejects its implicit energy bids);
 * - store the outcome (tso_auctions: demand, clearing price, accepted volume, merit order incl. synthetic bids);
 * - announce `ancillary_bid.result` to each organisation with results, `data` shaped as
 *   `GET …/ancillary/results` (each product with its `virtualAssetID`).
 *
 * Implicit aFRR energy bids follow their capacity bid: rejected with it at the capacity auction; if it was accepted
 * they enter the energy auction with the capacity bid's accepted kW.
 *
 * Which auctions a tick considers: every product of today and tomorrow (Berlin) whose auction is due, plus every
 * product of an earlier day that still has undecided submitted bids (auctions missed while no server ran), in
 * auction-time order, so a capacity auction always runs before its energy auctions.
 */
import type { Transaction } from "kysely";
import { keysAlreadyRun, runOnce } from "../db/repositories/job-runs.js";
import { insertTsoAuction, type StoredMeritEntry } from "../db/repositories/tso-auctions.js";
import {
  findBidsByIds,
  listAuctionBids,
  listDaysWithUndecidedBids,
  recordAncillaryResultsOf,
} from "../db/repositories/virtual-battery/ancillary-bids.js";
import { emitEvent } from "../db/repositories/webhooks.js";
import type { Database } from "../db/schema.js";
import type { Deps } from "../deps.js";
import { type DeliveryProduct, MARKETS, type Market, productsOf } from "../domain/ancillary/products.js";
import { auctionTimeOf, bidResultsOf, runTsoAuction, type TsoAuctionBid } from "../domain/clearing/tso-sandbox.js";
import { meritPriceCents } from "../domain/markets/catalogue.js";
import { BERLIN, type EpochMs, localDate } from "../domain/time.js";
import { ancillaryResultEvents } from "../wire/events.js";
import { startTicker } from "./ticker.js";

export const TSO_AUCTION_JOB = "tso-auction";
export const DEFAULT_TSO_POLL_MS = 1_000;

export interface TsoAuctionOptions {
  /** Demand per market in whole MW (aFRR energy: the maximum activation); default drawn from each product's seed. */
  readonly demandMw?: Partial<Record<Market, number>>;
  /** Synthetic competitors per auction; default 40. */
  readonly syntheticBidCount?: number;
}

/** The products whose auctions are due at `now` on the candidate days, in auction-time order. */
async function dueProducts(db: Deps["db"]["kysely"], now: EpochMs): Promise<DeliveryProduct[]> {
  const today = localDate(now, BERLIN);
  const days = new Set([today.toString(), today.add({ days: 1 }).toString()]);
  for (const day of await listDaysWithUndecidedBids(db, today.toString())) days.add(day);
  const due: { product: DeliveryProduct; at: EpochMs }[] = [];
  for (const day of days) {
    for (const market of MARKETS) {
      for (const product of productsOf(market, day)) {
        const at = auctionTimeOf(product);
        if (at <= now) due.push({ product, at });
      }
    }
  }
  const rank = (m: Market) => MARKETS.indexOf(m);
  due.sort(
    (a, b) =>
      a.at - b.at ||
      rank(a.product.market) - rank(b.product.market) ||
      (a.product.productDateCode < b.product.productDateCode ? -1 : 1),
  );
  return due.map((d) => d.product);
}

/** Clears one product inside the job's transaction; returns how many real bids got a result. */
export async function clearProduct(
  tx: Transaction<Database>,
  product: DeliveryProduct,
  now: EpochMs,
  options: TsoAuctionOptions = {},
): Promise<number> {
  const stored = await listAuctionBids(tx, product.productDateCode);
  const parents = await findBidsByIds(
    tx,
    stored.flatMap((b) => (b.parentBidId === null ? [] : [b.parentBidId])),
  );
  const bids: TsoAuctionBid[] = [];
  const excluded: string[] = [];
  for (const b of stored) {
    const price = meritPriceCents(b.market, b);
    let quantityKw = b.offeredKw;
    if (b.parentBidId !== null) {
      const parent = parents.get(b.parentBidId);
      // follows its capacity bid: only what the capacity auction accepted (undecided parent: the offer as placed)
      if (parent?.result) quantityKw = parent.result.accepted ? Math.min(quantityKw, parent.result.acceptedKw) : 0;
    }
    if (price === null || quantityKw <= 0) excluded.push(b.id);
    else bids.push({ id: b.id, priceCents: price, quantityKw, submittedAt: b.submittedAt ?? b.createdAt });
  }
  const auctionAt = auctionTimeOf(product);
  const outcome = runTsoAuction({
    market: product.market,
    productDateCode: product.productDateCode,
    auctionAt,
    bids,
    demandMw: options.demandMw?.[product.market],
    syntheticBidCount: options.syntheticBidCount,
  });
  const results = [
    ...bidResultsOf(outcome),
    ...excluded.map((bidId) => ({ bidId, accepted: false, acceptedKw: 0, settlementPriceCents: null })),
  ];
  // The bids this auction read are handed on, so neither the results nor the event read them again.
  const decided = await recordAncillaryResultsOf(
    tx,
    results.map((r) => ({ ...r, decidedAt: now })),
    new Map(stored.map((b) => [b.id, b])),
  );

  const orgOf = new Map(stored.map((b) => [b.id, b.organisationId]));
  const meritOrder: StoredMeritEntry[] = outcome.meritOrder.map((e) => ({
    rank: e.rank,
    bidId: e.id,
    synthetic: e.synthetic,
    organisationId: orgOf.get(e.id) ?? null,
    priceCents: e.priceCents,
    offeredKw: e.offeredKw,
    submittedAt: e.submittedAt,
    accepted: e.accepted,
    acceptedKw: e.acceptedKw,
    pricePaidCents: e.pricePaidCents,
  }));
  await insertTsoAuction(tx, {
    productDateCode: product.productDateCode,
    market: product.market,
    direction: product.direction,
    product: product.code,
    deliveryDay: product.deliveryDay,
    productStart: product.start,
    productEnd: product.end,
    auctionAt,
    mechanism: outcome.mechanism,
    seed: outcome.seed,
    demandKw: outcome.demandKw,
    requestedKw: outcome.requestedKw,
    acceptedKw: outcome.acceptedKw,
    clearingPriceCents: outcome.clearingPriceCents,
    realBidCount: outcome.realBidCount,
    syntheticBidCount: outcome.syntheticBidCount,
    meritOrder,
    clearedAt: now,
  });

  // `ancillary_bid.result` per organisation: its decided bids (cascaded implicit ones included) as the results GET.
  for (const event of ancillaryResultEvents(decided, now)) await emitEvent(tx, event);
  return results.length;
}

export interface TsoAuctionRun {
  /** Product date codes of the auctions this call ran. */
  readonly ran: string[];
}

/**
 * Runs every auction due at `now` that has not run (see the header). Safe to call from any number of processes at
 * once. A failing auction is logged and retried at the next call; the others go on.
 */
export async function runTsoAuctions(
  deps: Pick<Deps, "db" | "logger"> & Partial<Pick<Deps, "metrics">>,
  now: EpochMs,
  options: TsoAuctionOptions = {},
): Promise<TsoAuctionRun> {
  const db = deps.db.kysely;
  const due = await dueProducts(db, now);
  const done = await keysAlreadyRun(
    db,
    TSO_AUCTION_JOB,
    due.map((p) => p.productDateCode),
  );
  const ran: string[] = [];
  for (const product of due) {
    if (done.has(product.productDateCode)) continue;
    try {
      const started = performance.now();
      const r = await runOnce(db, { kind: TSO_AUCTION_JOB, key: product.productDateCode, now }, (tx) =>
        clearProduct(tx, product, now, options),
      );
      if (r.ran) {
        ran.push(product.productDateCode);
        deps.metrics?.clearingDuration.observe({ market: product.market }, (performance.now() - started) / 1000);
        deps.metrics?.clearingBids.observe({ market: product.market }, r.value);
      }
    } catch (error) {
      deps.logger.error({ err: error, product: product.productDateCode }, "tso auction failed");
    }
  }
  return { ran };
}

/** The engine job: returns its stop function (waits for a running tick). */
export function startTsoAuctions(
  deps: Deps,
  options: TsoAuctionOptions & { pollMs?: number } = {},
): () => Promise<void> {
  return startTicker(deps, "tso-auctions", options.pollMs ?? DEFAULT_TSO_POLL_MS, async (now) => {
    const { ran } = await runTsoAuctions(deps, now, options);
    if (ran.length > 0) deps.logger.info({ auctions: ran.length, last: ran.at(-1) }, "tso sandbox auctions cleared");
  });
}
