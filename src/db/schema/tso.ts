import type { Market } from "../../domain/markets/catalogue.js";

/** The TSO sandbox market's auctions (docs/tso-sandbox.md). Power in kW, prices in euro-cents: integers. */

export interface TsoAuctionTable {
  /** `2026-06-02_NEGPOS_00_04`: one auction per product and delivery day. */
  product_date_code: string;
  market: Market;
  direction: "POS" | "NEG" | "NEGPOS";
  product: string;
  delivery_day: string;
  product_start: string;
  product_end: string;
  /** When it cleared on the market's timetable (the TSO gate, or the quarter-hour's end for aFRR energy). */
  auction_at: string;
  mechanism: string;
  seed: number;
  demand_kw: number;
  /** The activated volume for aFRR energy; the demand otherwise. */
  requested_kw: number;
  accepted_kw: number;
  clearing_price_cents: number | null;
  real_bid_count: number;
  synthetic_bid_count: number;
  /** JSON array of `TsoMeritEntry`-like rows (src/db/repositories/tso-auctions.ts). */
  merit_order: string;
  /** When the engine actually ran it (the clock's now). */
  cleared_at: string;
}

/** Internal virtual-asset auctions (docs/domain.md §2, "Internal auctions"); kept here beside the TSO sandbox's table. */
export interface InternalAuctionTable {
  id: string;
  start_at: string;
  end_at: string;
  /** JSON: the virtual asset's parameters in wire units (kWh, kW, ratios, lifetime). */
  item: string;
  /** As the scheduler last recorded it; what an organisation sees is derived (src/domain/clearing/internal-auction.ts). */
  status: "NOT_STARTED" | "RUNNING" | "PENDING" | "DECIDED";
  winner_organisation_id: string | null;
  winning_price_cents: number | null;
  /** The virtual asset created for the winner. */
  virtual_asset_id: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface InternalAuctionBidTable {
  auction_id: string;
  organisation_id: string;
  price_cents: number;
  placed_at: string;
}

export interface TsoTables {
  tso_auctions: TsoAuctionTable;
  internal_auctions: InternalAuctionTable;
  internal_auction_bids: InternalAuctionBidTable;
}
