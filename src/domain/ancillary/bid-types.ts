/**
 * The shapes of ancillary bids as the bid rules (bids.ts) read and return them, and the bid units (docs/domain.md §2:
 * whole MW, at least 1 MW; prices within −15,000 … 15,000 EUR).
 */
import type { MarketFamily } from "../markets/catalogue.js";
import type { EpochMs } from "../time.js";
import type { EuroCents, Kw } from "../units.js";
import type { DeliveryProduct } from "./product-codes.js";
import type { VirtualAssetSpec } from "./virtual-asset.js";

export const KW_PER_MW = 1000;
export const MIN_OFFER_KW = 1000;
/** ±15,000 EUR. */
export const MAX_PRICE_CENTS = 1_500_000;

export type BidStatus = "pending" | "submitted";

/** A bid this virtual asset already has (as stored), implicit aFRR energy bids included. */
export interface ExistingBid {
  readonly bidId: string;
  /** Product code, e.g. `POS_00_04`. */
  readonly product: string;
  /** `YYYY-MM-DD`. */
  readonly deliveryDay: string;
  readonly status: BidStatus;
  readonly offeredKw: Kw;
  /** The TSO's result: true accepted, false rejected, absent while unknown. */
  readonly accepted?: boolean;
  /** Implicit aFRR energy bids only: the aFRR capacity bid that created them. */
  readonly parentBidId?: string;
}

export interface BidContext {
  readonly asset: VirtualAssetSpec;
  readonly now: EpochMs;
  /** The asset's bids on (at least) the delivery days of the request; products tile their day, so others never overlap. */
  readonly existing: readonly ExistingBid[];
}

export interface ImplicitEnergyBid {
  readonly product: DeliveryProduct;
  readonly offeredKw: Kw;
  readonly energyPriceCents: EuroCents;
  readonly replacesBidId: string | null;
}

export interface ValidatedBid {
  readonly product: DeliveryProduct;
  readonly offeredKw: Kw;
  readonly capacityPriceCents: EuroCents | null;
  readonly energyPriceCents: EuroCents | null;
  /** The live bid of this product that this one replaces, if any. */
  readonly replacesBidId: string | null;
  /** An aFRR energy bid repricing an implicit one keeps its aFRR capacity bid. */
  readonly parentBidId: string | null;
  /** aFRR capacity only: its implicit aFRR energy bids; empty otherwise. */
  readonly implicitEnergyBids: readonly ImplicitEnergyBid[];
}

export interface ValidatedBids {
  readonly family: MarketFamily;
  readonly bids: readonly ValidatedBid[];
}

/** What a new bid does to the live bid of its product. */
export type Replacement =
  | { readonly kind: "new" }
  | { readonly kind: "replace"; readonly bidId: string; readonly parentBidId: string | null };
