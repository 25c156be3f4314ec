/** The TSO sandbox auctions' outcomes (table tso_auctions; docs/tso-sandbox.md). */
import { MARKETS } from "../../domain/markets/catalogue.js";
import type { EpochMs } from "../../domain/time.js";
import type { TsoAuctionTable } from "../schema.js";
import type { Executor } from "./organisations.js";
import { isoOf, msOf } from "./virtual-battery/virtual-assets.js";

/** One line of a stored merit order; `organisationId` null for synthetic bids. */
export interface StoredMeritEntry {
  readonly rank: number;
  readonly bidId: string;
  readonly synthetic: boolean;
  readonly organisationId: string | null;
  readonly priceCents: number;
  readonly offeredKw: number;
  readonly submittedAt: EpochMs;
  readonly accepted: boolean;
  readonly acceptedKw: number;
  readonly pricePaidCents: number | null;
}

export interface TsoAuctionRecord {
  readonly productDateCode: string;
  readonly market: TsoAuctionTable["market"];
  readonly direction: TsoAuctionTable["direction"];
  readonly product: string;
  readonly deliveryDay: string;
  readonly productStart: EpochMs;
  readonly productEnd: EpochMs;
  readonly auctionAt: EpochMs;
  readonly mechanism: string;
  readonly seed: number;
  readonly demandKw: number;
  readonly requestedKw: number;
  readonly acceptedKw: number;
  readonly clearingPriceCents: number | null;
  readonly realBidCount: number;
  readonly syntheticBidCount: number;
  readonly meritOrder: readonly StoredMeritEntry[];
  readonly clearedAt: EpochMs;
}

/** A market's place in the catalogue's listing order (FCR, aFRR capacity, aFRR energy). */
const marketOrder = (market: TsoAuctionTable["market"]): number => MARKETS.indexOf(market);

/** Inserts an auction's outcome (once: the product date code is the primary key). Pass the job's transaction. */
export async function insertTsoAuction(db: Executor, a: TsoAuctionRecord): Promise<void> {
  await db
    .insertInto("tso_auctions")
    .values({
      product_date_code: a.productDateCode,
      market: a.market,
      direction: a.direction,
      product: a.product,
      delivery_day: a.deliveryDay,
      product_start: isoOf(a.productStart),
      product_end: isoOf(a.productEnd),
      auction_at: isoOf(a.auctionAt),
      mechanism: a.mechanism,
      seed: a.seed,
      demand_kw: a.demandKw,
      requested_kw: a.requestedKw,
      accepted_kw: a.acceptedKw,
      clearing_price_cents: a.clearingPriceCents,
      real_bid_count: a.realBidCount,
      synthetic_bid_count: a.syntheticBidCount,
      merit_order: JSON.stringify(a.meritOrder),
      cleared_at: isoOf(a.clearedAt),
    })
    .execute();
}

function toRecord(row: TsoAuctionTable): TsoAuctionRecord {
  const n = (v: number | null): number | null => (v === null ? null : Number(v));
  return {
    productDateCode: row.product_date_code,
    market: row.market,
    direction: row.direction,
    product: row.product,
    deliveryDay: row.delivery_day,
    productStart: msOf(row.product_start),
    productEnd: msOf(row.product_end),
    auctionAt: msOf(row.auction_at),
    mechanism: row.mechanism,
    seed: Number(row.seed),
    demandKw: Number(row.demand_kw),
    requestedKw: Number(row.requested_kw),
    acceptedKw: Number(row.accepted_kw),
    clearingPriceCents: n(row.clearing_price_cents),
    realBidCount: Number(row.real_bid_count),
    syntheticBidCount: Number(row.synthetic_bid_count),
    meritOrder: JSON.parse(row.merit_order) as StoredMeritEntry[],
    clearedAt: msOf(row.cleared_at),
  };
}

/** The auctions of one delivery day, by product start, then market (FCR, aFRR capacity, aFRR energy), then code. */
export async function listTsoAuctions(db: Executor, deliveryDay: string): Promise<TsoAuctionRecord[]> {
  const rows = await db.selectFrom("tso_auctions").selectAll().where("delivery_day", "=", deliveryDay).execute();
  return rows
    .map(toRecord)
    .sort(
      (a, b) =>
        a.productStart - b.productStart ||
        marketOrder(a.market) - marketOrder(b.market) ||
        (a.product < b.product ? -1 : a.product > b.product ? 1 : 0),
    );
}
