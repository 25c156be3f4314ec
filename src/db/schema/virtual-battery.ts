/**
 * Virtual-battery tables (virtual assets, blocks, schedules, adjustments, ancillary bids and results).
 * Instants are RFC 3339 UTC text with milliseconds (`toISOString()`, so they sort as text); power in whole kW,
 * energy in Wh, ratios in ppm, money in euro-cents: all integers.
 */
import type { Generated } from "kysely";
import type { Market } from "../../domain/markets/catalogue.js";

export interface VirtualAssetTable {
  id: string;
  organisation_id: string;
  portfolio_id: string;
  delivery_zone: string;
  eic_code: string;
  start_at: string;
  end_at: string;
  energy_capacity_wh: number;
  available_energy_capacity_wh: number;
  rated_charge_power_kw: number;
  rated_discharge_power_kw: number;
  charge_efficiency_ppm: number;
  discharge_efficiency_ppm: number;
  ramp_rate_kw_per_min: number;
  daily_cycle_limit_ppm: number;
  annual_cycle_limit: number;
  total_allowed_cycles: number;
  dispatch_gate_closure_seconds: number;
  protected_duration_seconds: number;
  initial_energy_wh: number;
  final_soc_tolerance_ppm: number;
  created_at: string;
  /** Raised by every write that changes the asset's live bids: the version of its bid listings' read model. */
  bids_version: Generated<number>;
}

export type BlockMarketColumn = "WHOLESALE" | "FCR" | "AFRR";

export interface BlockTable {
  id: string;
  virtual_asset_id: string;
  start_at: string;
  end_at: string;
  market: BlockMarketColumn;
  rated_charge_power_kw: number;
  rated_discharge_power_kw: number;
  created_at: string;
}

/**
 * A block's schedule in chunks of 96 slots (chunk k = slots 96k … 96k+95 from the block's start), each chunk the
 * powers in kW as comma-separated integers. A missing chunk is all zeros. A PUT touching a day upserts 1–2 rows
 * in one statement.
 */
export interface BlockScheduleChunkTable {
  block_id: string;
  chunk: number;
  powers: string;
}

export interface ScheduleAdjustmentTable {
  id: string;
  virtual_asset_id: string;
  block_id: string;
  made_at: string;
  /** JSON `[{time, power}]` of the changed slots as accepted and as adjusted (same times). */
  accepted_schedule: string;
  adjusted_schedule: string;
  reason: "STATE_OF_ENERGY_BOUNDARIES";
}

/** The markets of the catalogue, as stored (their names). */
export type AncillaryMarketColumn = Market;
export type AncillaryDirectionColumn = "POS" | "NEG" | "NEGPOS";
export type AncillaryBidStatusColumn = "pending" | "submitted";

/**
 * Every ancillary bid ever written. The live one of a product is the row with `replaced_at` null (a partial unique
 * index keeps it unique per asset and product); replaced rows are the history.
 */
export interface AncillaryBidTable {
  id: string;
  organisation_id: string;
  virtual_asset_id: string;
  market: AncillaryMarketColumn;
  direction: AncillaryDirectionColumn;
  product: string;
  delivery_day: string;
  /** `2026-05-30_NEGPOS_00_04`. */
  product_date_code: string;
  product_start: string;
  product_end: string;
  offered_kw: number;
  capacity_price_cents: number | null;
  energy_price_cents: number | null;
  status: AncillaryBidStatusColumn;
  /** Implicit aFRR energy bids (and their repricings): the aFRR capacity bid they belong to. */
  parent_bid_id: string | null;
  /** The bid this one replaced, if any. */
  replaces_bid_id: string | null;
  created_at: string;
  submitted_at: string | null;
  replaced_at: string | null;
}

export interface AncillaryResultTable {
  bid_id: string;
  accepted: number;
  accepted_kw: number;
  settlement_price_cents: number | null;
  decided_at: string;
}

export interface VirtualBatteryTables {
  virtual_assets: VirtualAssetTable;
  blocks: BlockTable;
  block_schedule_chunks: BlockScheduleChunkTable;
  schedule_adjustments: ScheduleAdjustmentTable;
  ancillary_bids: AncillaryBidTable;
  ancillary_results: AncillaryResultTable;
}
