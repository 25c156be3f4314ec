/**
 * An ancillary bid row with its result, as the bid and result repositories (ancillary-bids.ts,
 * ancillary-results.ts) read it, and its mapping to the domain.
 */
import type { BidStatus, ExistingBid } from "../../../domain/ancillary/bids.js";
import type { Direction, Market } from "../../../domain/ancillary/products.js";
import type { EpochMs } from "../../../domain/time.js";
import type { AncillaryBidTable } from "../../schema.js";
import type { Executor } from "../organisations.js";
import { msOf } from "./virtual-assets.js";

export interface AncillaryResult {
  readonly accepted: boolean;
  readonly acceptedKw: number;
  readonly settlementPriceCents: number | null;
  readonly decidedAt: EpochMs;
}

export interface StoredBid {
  readonly id: string;
  readonly organisationId: string;
  readonly virtualAssetId: string;
  readonly market: Market;
  readonly direction: Direction;
  readonly product: string;
  readonly deliveryDay: string;
  readonly productDateCode: string;
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly offeredKw: number;
  readonly capacityPriceCents: number | null;
  readonly energyPriceCents: number | null;
  readonly status: BidStatus;
  readonly parentBidId: string | null;
  readonly replacesBidId: string | null;
  readonly createdAt: EpochMs;
  readonly submittedAt: EpochMs | null;
  readonly replacedAt: EpochMs | null;
  readonly result: AncillaryResult | null;
}

export type BidRow = AncillaryBidTable & {
  r_accepted: number | null;
  r_accepted_kw: number | null;
  r_settlement_price_cents: number | null;
  r_decided_at: string | null;
};

export const nullableNumber = (v: number | null): number | null => (v === null ? null : Number(v));

export function toStoredBid(row: BidRow): StoredBid {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    virtualAssetId: row.virtual_asset_id,
    market: row.market,
    direction: row.direction,
    product: row.product,
    deliveryDay: row.delivery_day,
    productDateCode: row.product_date_code,
    start: msOf(row.product_start),
    end: msOf(row.product_end),
    offeredKw: Number(row.offered_kw),
    capacityPriceCents: nullableNumber(row.capacity_price_cents),
    energyPriceCents: nullableNumber(row.energy_price_cents),
    status: row.status,
    parentBidId: row.parent_bid_id,
    replacesBidId: row.replaces_bid_id,
    createdAt: msOf(row.created_at),
    submittedAt: row.submitted_at === null ? null : msOf(row.submitted_at),
    replacedAt: row.replaced_at === null ? null : msOf(row.replaced_at),
    result:
      row.r_decided_at === null
        ? null
        : {
            accepted: Number(row.r_accepted) === 1,
            acceptedKw: Number(row.r_accepted_kw),
            settlementPriceCents: nullableNumber(row.r_settlement_price_cents),
            decidedAt: msOf(row.r_decided_at),
          },
  };
}

/** The stored bid as the domain's bid rules see it. */
export function toExistingBid(bid: StoredBid): ExistingBid {
  return {
    bidId: bid.id,
    product: bid.product,
    deliveryDay: bid.deliveryDay,
    status: bid.status,
    offeredKw: bid.offeredKw,
    ...(bid.result ? { accepted: bid.result.accepted } : {}),
    ...(bid.parentBidId !== null ? { parentBidId: bid.parentBidId } : {}),
  };
}

export function selectBids(db: Executor) {
  return db
    .selectFrom("ancillary_bids as b")
    .leftJoin("ancillary_results as r", "r.bid_id", "b.id")
    .selectAll("b")
    .select([
      "r.accepted as r_accepted",
      "r.accepted_kw as r_accepted_kw",
      "r.settlement_price_cents as r_settlement_price_cents",
      "r.decided_at as r_decided_at",
    ]);
}

/** Rows per statement of a batch (well under both dialects' parameter limits). */
export const INSERT_BATCH = 500;
