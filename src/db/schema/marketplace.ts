/**
 * Marketplace tables (docs/domain.md §1): competitions with their service periods and windows, flex and planned
 * assets, qualifications (entries), ballots with their assets and bids, bid decisions and obligations.
 * Units: capacities in integer milli-MW, money in integer pence, instants as RFC 3339 UTC text with
 * milliseconds (`toISOString()`: fixed width, so text order is time order), dates `YYYY-MM-DD`, times `HH:MM`.
 * Lists inside a row (boundary entries, service days) are JSON text.
 */
import type { Generated } from "kysely";

export interface CompetitionTable {
  id: string;
  system_operator_id: string;
  reference: string;
  name: string;
  type: string;
  need_type: string;
  need_direction: string;
  power_type: string;
  product_type: string;
  pricing_type: string;
  availability_guide_price_pence: number | null;
  utilisation_guide_price_pence: number | null;
  service_fee_pence: number | null;
  qualification_open_at: string;
  qualification_closed_at: string;
  open_at: string;
  closed_at: string;
  /** JSON array of strings. */
  boundary_area_references: string;
  /** JSON array of strings. */
  boundary_postcodes: string;
  /** Defaults to `draft`. */
  status: Generated<"draft" | "published">;
  published_at: string | null;
  results_published_at: string | null;
  created_at: string;
  modified_at: string;
}

export interface ServicePeriodTable {
  id: string;
  competition_id: string;
  position: number;
  name: string;
  start_date: string;
  end_date: string;
}

export interface ServiceWindowTable {
  id: string;
  competition_id: string;
  service_period_id: string;
  position: number;
  name: string;
  start_time: string;
  end_time: string;
  /** JSON array of weekday names. */
  service_days: string;
  capacity_required_milli_mw: number;
  minimum_aggregate_asset_size_milli_mw: number | null;
}

/** Columns flex and planned assets share (what qualification reads). */
interface AssetColumns {
  id: string;
  provider_id: string;
  name: string;
  status: string;
  asset_category: string;
  asset_type: string;
  /** kV in hundredths ("22.00" → 2200). */
  voltage_level_centi_kv: number | null;
  country_code: string;
  postcode: string | null;
  latitude: string | null;
  longitude: string | null;
  area_reference: string | null;
  created_at: string;
  modified_at: string;
}

export interface FlexAssetTable extends AssetColumns {
  ref: string;
  active_export_capacity_milli_mw: number;
  active_import_capacity_milli_mw: number;
  reactive_export_capacity_milli_mw: number | null;
  reactive_import_capacity_milli_mw: number | null;
  response_time_seconds: number | null;
  max_runtime_seconds: number | null;
  min_runtime_seconds: number | null;
  recovery_time_seconds: number | null;
  asset_scale: string | null;
  address: string | null;
  export_meter_id: string | null;
  import_meter_id: string | null;
  max_import_capacity_milli_mw: number | null;
  max_export_capacity_milli_mw: number | null;
  connection_status: string | null;
  connection_type: string | null;
  connection_current: string | null;
  /** YYYY-MM-DD. */
  operational_date: string | null;
  metering_point: string | null;
  meter_interval: string | null;
  supplier: string | null;
}

export interface PlannedAssetTable extends AssetColumns {
  reference: string;
  /** Which way `capacity_value` counts: `export` (generation, discharge) or `import` (demand turn-down/up). */
  capacity_type: "export" | "import";
  capacity_value_milli_mw: number;
  estimated_asset_count: number | null;
  maximum_response_time_seconds: number | null;
  maximum_runtime_seconds: number | null;
  minimum_runtime_seconds: number | null;
  maximum_recovery_time_seconds: number | null;
  /** The `reference` of the competition the asset is planned for; it qualifies there (qualification.ts). */
  competition_reference: string | null;
  operator_name: string | null;
}

/** A provider's entry decision for one asset in one competition (created by the SO's qualification run). */
export interface QualificationTable {
  id: string;
  competition_id: string;
  provider_id: string;
  asset_kind: "flex" | "planned";
  asset_id: string;
  /** Defaults to `Undecided`. */
  status: Generated<"Entered" | "Withdrawn" | "Undecided" | "Not applicable">;
  created_at: string;
  modified_at: string;
}

export interface BallotTable {
  id: string;
  competition_id: string;
  provider_id: string;
  created_at: string;
  /** Defaults to `active`; at most one active ballot per (competition, provider), by a partial unique index. */
  status: Generated<"active" | "superseded">;
}

export interface BallotAssetTable {
  ballot_id: string;
  asset_kind: "flex" | "planned";
  asset_id: string;
}

export interface BidTable {
  id: string;
  ballot_id: string;
  competition_id: string;
  position: number;
  service_window_id: string;
  capacity_milli_mw: number;
  max_runtime_seconds: number;
  availability_pence: number | null;
  utilisation_pence: number | null;
  service_fee_pence: number | null;
}

export interface BidDecisionTable {
  bid_id: string;
  competition_id: string;
  status: "accepted" | "rejected";
  accepted_capacity_milli_mw: number | null;
  reason: string | null;
  /** The deciding organisation, or `auto` when publishing results rejected an undecided bid. */
  decided_by: string;
  decided_at: string;
}

export interface ObligationTable {
  id: string;
  competition_id: string;
  provider_id: string;
  ballot_id: string;
  bid_id: string;
  service_window_id: string;
  start_at: string;
  end_at: string;
  capacity_milli_mw: number;
  availability_pence: number | null;
  utilisation_pence: number | null;
  service_fee_pence: number | null;
  created_at: string;
}

export interface MarketplaceTables {
  competitions: CompetitionTable;
  service_periods: ServicePeriodTable;
  service_windows: ServiceWindowTable;
  flex_assets: FlexAssetTable;
  planned_assets: PlannedAssetTable;
  qualifications: QualificationTable;
  ballots: BallotTable;
  ballot_assets: BallotAssetTable;
  bids: BidTable;
  bid_decisions: BidDecisionTable;
  obligations: ObligationTable;
}
