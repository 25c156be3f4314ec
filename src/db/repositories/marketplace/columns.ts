/**
 * Every column of the marketplace tables the hot lookups read, named one by one instead of `*`: the lookups run as
 * named statements on PostgreSQL, whose result shape must not change when a newer version adds a column
 * (src/db/statement-names.ts). The compiler checks each list against its table's type.
 */
import { columnsOf } from "../../columns.js";
import type { CompetitionTable, FlexAssetTable, PlannedAssetTable } from "../../schema.js";

/** The columns flex and planned assets share. */
const ASSET_COLUMNS = {
  id: true,
  provider_id: true,
  name: true,
  status: true,
  asset_category: true,
  asset_type: true,
  voltage_level_centi_kv: true,
  country_code: true,
  postcode: true,
  latitude: true,
  longitude: true,
  area_reference: true,
  created_at: true,
  modified_at: true,
} as const;

export const FLEX_ASSET_COLUMNS = columnsOf<FlexAssetTable>({
  ...ASSET_COLUMNS,
  ref: true,
  active_export_capacity_milli_mw: true,
  active_import_capacity_milli_mw: true,
  reactive_export_capacity_milli_mw: true,
  reactive_import_capacity_milli_mw: true,
  response_time_seconds: true,
  max_runtime_seconds: true,
  min_runtime_seconds: true,
  recovery_time_seconds: true,
  asset_scale: true,
  address: true,
  export_meter_id: true,
  import_meter_id: true,
  max_import_capacity_milli_mw: true,
  max_export_capacity_milli_mw: true,
  connection_status: true,
  connection_type: true,
  connection_current: true,
  operational_date: true,
  metering_point: true,
  meter_interval: true,
  supplier: true,
});

export const PLANNED_ASSET_COLUMNS = columnsOf<PlannedAssetTable>({
  ...ASSET_COLUMNS,
  reference: true,
  capacity_type: true,
  capacity_value_milli_mw: true,
  estimated_asset_count: true,
  maximum_response_time_seconds: true,
  maximum_runtime_seconds: true,
  minimum_runtime_seconds: true,
  maximum_recovery_time_seconds: true,
  competition_reference: true,
  operator_name: true,
});

/** Qualified by table: the competition is read joined with its system operator. */
export const COMPETITION_COLUMNS = columnsOf<CompetitionTable>({
  id: true,
  system_operator_id: true,
  reference: true,
  name: true,
  type: true,
  need_type: true,
  need_direction: true,
  power_type: true,
  product_type: true,
  pricing_type: true,
  availability_guide_price_pence: true,
  utilisation_guide_price_pence: true,
  service_fee_pence: true,
  qualification_open_at: true,
  qualification_closed_at: true,
  open_at: true,
  closed_at: true,
  boundary_area_references: true,
  boundary_postcodes: true,
  status: true,
  published_at: true,
  results_published_at: true,
  created_at: true,
  modified_at: true,
}).map((c) => `competitions.${c}` as const);
