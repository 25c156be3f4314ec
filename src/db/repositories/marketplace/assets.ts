/**
 * Flex assets and planned assets of providers. Rows ↔ domain `FlexAsset` / `PlannedAsset` plus the fields only the
 * wire shows. A planned asset's `capacity_type` + `capacity_value` become its export or import capacity here.
 */
import type { Selectable } from "kysely";
import type { Asset, AssetStatus, FlexAsset, PlannedAsset } from "../../../domain/marketplace/types.js";
import type { EpochMs } from "../../../domain/time.js";
import { countRows, type Page, readChunks } from "../../chunks.js";
import { prepared } from "../../prepared.js";
import type { FlexAssetTable, PlannedAssetTable } from "../../schema.js";
import type { Executor } from "../organisations.js";
import { FLEX_ASSET_COLUMNS, PLANNED_ASSET_COLUMNS } from "./columns.js";
import { iso, ms } from "./instants.js";

interface AssetExtras {
  /** kV in hundredths. */
  readonly voltageLevelCentiKv: number | null;
  readonly countryCode: string;
  readonly created: EpochMs;
  readonly modified: EpochMs;
}

/** Descriptive text fields of a flex asset, stored and answered as given (column = wire name). */
export const FLEX_TEXT_FIELDS = [
  "asset_scale",
  "address",
  "export_meter_id",
  "import_meter_id",
  "connection_status",
  "connection_type",
  "connection_current",
  "operational_date",
  "metering_point",
  "meter_interval",
  "supplier",
] as const;
export type FlexTextField = (typeof FLEX_TEXT_FIELDS)[number];

export interface FlexAssetRecord extends FlexAsset, AssetExtras {
  readonly text: Readonly<Record<FlexTextField, string | null>>;
  readonly maxImportCapacityMilliMw: number | null;
  readonly maxExportCapacityMilliMw: number | null;
  readonly reactiveExportCapacityMilliMw: number | null;
  readonly reactiveImportCapacityMilliMw: number | null;
  readonly responseTimeSeconds: number | null;
  readonly maxRuntimeSeconds: number | null;
  readonly minRuntimeSeconds: number | null;
  readonly recoveryTimeSeconds: number | null;
}

export interface PlannedAssetRecord extends PlannedAsset, AssetExtras {
  readonly capacityType: "export" | "import";
  readonly capacityValueMilliMw: number;
  readonly estimatedAssetCount: number | null;
  readonly maximumResponseTimeSeconds: number | null;
  readonly maximumRuntimeSeconds: number | null;
  readonly minimumRuntimeSeconds: number | null;
  readonly maximumRecoveryTimeSeconds: number | null;
  readonly operatorName: string | null;
}

const toFlexAsset = (row: Selectable<FlexAssetTable>): FlexAssetRecord => ({
  kind: "flex",
  id: row.id,
  providerId: row.provider_id,
  ref: row.ref,
  name: row.name,
  status: row.status as AssetStatus,
  category: row.asset_category,
  type: row.asset_type,
  exportCapacityMilliMw: row.active_export_capacity_milli_mw,
  importCapacityMilliMw: row.active_import_capacity_milli_mw,
  postcode: row.postcode,
  latitude: row.latitude,
  longitude: row.longitude,
  areaReference: row.area_reference,
  voltageLevelCentiKv: row.voltage_level_centi_kv,
  countryCode: row.country_code,
  reactiveExportCapacityMilliMw: row.reactive_export_capacity_milli_mw,
  reactiveImportCapacityMilliMw: row.reactive_import_capacity_milli_mw,
  responseTimeSeconds: row.response_time_seconds,
  maxRuntimeSeconds: row.max_runtime_seconds,
  minRuntimeSeconds: row.min_runtime_seconds,
  recoveryTimeSeconds: row.recovery_time_seconds,
  maxImportCapacityMilliMw: row.max_import_capacity_milli_mw,
  maxExportCapacityMilliMw: row.max_export_capacity_milli_mw,
  // Written out (not built from FLEX_TEXT_FIELDS): an object literal keeps a fixed shape, which lists of
  // thousands of assets map and serialize several times faster.
  text: {
    asset_scale: row.asset_scale,
    address: row.address,
    export_meter_id: row.export_meter_id,
    import_meter_id: row.import_meter_id,
    connection_status: row.connection_status,
    connection_type: row.connection_type,
    connection_current: row.connection_current,
    operational_date: row.operational_date,
    metering_point: row.metering_point,
    meter_interval: row.meter_interval,
    supplier: row.supplier,
  } satisfies Record<FlexTextField, string | null>,
  created: ms(row.created_at),
  modified: ms(row.modified_at),
});

const toPlannedAsset = (row: Selectable<PlannedAssetTable>): PlannedAssetRecord => ({
  kind: "planned",
  id: row.id,
  providerId: row.provider_id,
  ref: row.reference,
  name: row.name,
  status: row.status as AssetStatus,
  category: row.asset_category,
  type: row.asset_type,
  exportCapacityMilliMw: row.capacity_type === "export" ? row.capacity_value_milli_mw : 0,
  importCapacityMilliMw: row.capacity_type === "import" ? row.capacity_value_milli_mw : 0,
  postcode: row.postcode,
  latitude: row.latitude,
  longitude: row.longitude,
  areaReference: row.area_reference,
  voltageLevelCentiKv: row.voltage_level_centi_kv,
  countryCode: row.country_code,
  capacityType: row.capacity_type,
  capacityValueMilliMw: row.capacity_value_milli_mw,
  estimatedAssetCount: row.estimated_asset_count,
  maximumResponseTimeSeconds: row.maximum_response_time_seconds,
  maximumRuntimeSeconds: row.maximum_runtime_seconds,
  minimumRuntimeSeconds: row.minimum_runtime_seconds,
  maximumRecoveryTimeSeconds: row.maximum_recovery_time_seconds,
  competitionReference: row.competition_reference,
  operatorName: row.operator_name,
  created: ms(row.created_at),
  modified: ms(row.modified_at),
});

const commonValues = (a: FlexAssetRecord | PlannedAssetRecord) => ({
  provider_id: a.providerId,
  name: a.name,
  status: a.status,
  asset_category: a.category,
  asset_type: a.type,
  voltage_level_centi_kv: a.voltageLevelCentiKv,
  country_code: a.countryCode,
  postcode: a.postcode,
  latitude: a.latitude,
  longitude: a.longitude,
  area_reference: a.areaReference,
  modified_at: iso(a.modified),
});

const flexValues = (a: FlexAssetRecord) => ({
  ...commonValues(a),
  ref: a.ref,
  active_export_capacity_milli_mw: a.exportCapacityMilliMw,
  active_import_capacity_milli_mw: a.importCapacityMilliMw,
  reactive_export_capacity_milli_mw: a.reactiveExportCapacityMilliMw,
  reactive_import_capacity_milli_mw: a.reactiveImportCapacityMilliMw,
  response_time_seconds: a.responseTimeSeconds,
  max_runtime_seconds: a.maxRuntimeSeconds,
  min_runtime_seconds: a.minRuntimeSeconds,
  recovery_time_seconds: a.recoveryTimeSeconds,
  max_import_capacity_milli_mw: a.maxImportCapacityMilliMw,
  max_export_capacity_milli_mw: a.maxExportCapacityMilliMw,
  ...a.text,
});

const plannedValues = (a: PlannedAssetRecord) => ({
  ...commonValues(a),
  reference: a.ref,
  capacity_type: a.capacityType,
  capacity_value_milli_mw: a.capacityValueMilliMw,
  estimated_asset_count: a.estimatedAssetCount,
  maximum_response_time_seconds: a.maximumResponseTimeSeconds,
  maximum_runtime_seconds: a.maximumRuntimeSeconds,
  minimum_runtime_seconds: a.minimumRuntimeSeconds,
  maximum_recovery_time_seconds: a.maximumRecoveryTimeSeconds,
  competition_reference: a.competitionReference,
  operator_name: a.operatorName,
});

// --- flex assets ---

/** Inserts a flex asset; a taken `ref` raises a unique violation (see db/unique.ts). */
export async function insertFlexAsset(db: Executor, a: FlexAssetRecord): Promise<void> {
  await db
    .insertInto("flex_assets")
    .values({ id: a.id, created_at: iso(a.created), ...flexValues(a) })
    .execute();
}

export async function updateFlexAsset(db: Executor, a: FlexAssetRecord): Promise<void> {
  await db
    .updateTable("flex_assets")
    .set(flexValues(a))
    .where("id", "=", a.id)
    .where("provider_id", "=", a.providerId)
    .execute();
}

/** One of the provider's flex assets; another provider's is `undefined`, like an unknown id. */
export async function findFlexAsset(
  db: Executor,
  providerId: string,
  id: string,
): Promise<FlexAssetRecord | undefined> {
  const row = await db
    .selectFrom("flex_assets")
    .selectAll()
    .where("id", "=", id)
    .where("provider_id", "=", providerId)
    .executeTakeFirst();
  return row && toFlexAsset(row);
}

export type { Page } from "../../chunks.js";

/** A list: its total, and its items oldest first, read chunk by chunk (db/chunks.ts). */
export interface ChunkedList<T> {
  readonly total: number;
  readonly chunks: AsyncIterable<T[]>;
}

const OLDEST_FIRST = { column: "created_at", id: "id", direction: "asc" } as const;

export async function listFlexAssets(
  db: Executor,
  providerId: string,
  filter: { ref?: string | undefined },
  page: Page,
): Promise<ChunkedList<FlexAssetRecord>> {
  let q = db.selectFrom("flex_assets").where("provider_id", "=", providerId);
  if (filter.ref !== undefined) q = q.where("ref", "=", filter.ref);
  return {
    total: await countRows(q),
    chunks: readChunks(q.selectAll(), OLDEST_FIRST, page, (rows: Selectable<FlexAssetTable>[]) =>
      rows.map(toFlexAsset),
    ),
  };
}

// --- planned assets ---

export async function insertPlannedAsset(db: Executor, a: PlannedAssetRecord): Promise<void> {
  await db
    .insertInto("planned_assets")
    .values({ id: a.id, created_at: iso(a.created), ...plannedValues(a) })
    .execute();
}

export async function updatePlannedAsset(db: Executor, a: PlannedAssetRecord): Promise<void> {
  await db
    .updateTable("planned_assets")
    .set(plannedValues(a))
    .where("id", "=", a.id)
    .where("provider_id", "=", a.providerId)
    .execute();
}

export async function findPlannedAsset(
  db: Executor,
  providerId: string,
  id: string,
): Promise<PlannedAssetRecord | undefined> {
  const row = await db
    .selectFrom("planned_assets")
    .selectAll()
    .where("id", "=", id)
    .where("provider_id", "=", providerId)
    .executeTakeFirst();
  return row && toPlannedAsset(row);
}

export async function listPlannedAssets(
  db: Executor,
  providerId: string,
  filter: { reference?: string | undefined },
  page: Page,
): Promise<ChunkedList<PlannedAssetRecord>> {
  let q = db.selectFrom("planned_assets").where("provider_id", "=", providerId);
  if (filter.reference !== undefined) q = q.where("reference", "=", filter.reference);
  return {
    total: await countRows(q),
    chunks: readChunks(q.selectAll(), OLDEST_FIRST, page, (rows: Selectable<PlannedAssetTable>[]) =>
      rows.map(toPlannedAsset),
    ),
  };
}

// --- assets of both kinds, for qualification ---

/** Every asset of one provider (or of all providers when `providerId` is undefined) that is not archived. */
export async function listQualifiableAssets(db: Executor, providerId?: string): Promise<Asset[]> {
  let flex = db.selectFrom("flex_assets").selectAll().where("status", "!=", "archived");
  let planned = db.selectFrom("planned_assets").selectAll().where("status", "!=", "archived");
  if (providerId !== undefined) {
    flex = flex.where("provider_id", "=", providerId);
    planned = planned.where("provider_id", "=", providerId);
  }
  const [f, p] = await Promise.all([flex.orderBy("id").execute(), planned.orderBy("id").execute()]);
  return [...f.map(toFlexAsset), ...p.map(toPlannedAsset)];
}

/** Assets by kind and id (only those of `providerId`), e.g. those a qualification row names. */
export async function findAssetsByIds(
  db: Executor,
  providerId: string,
  ids: { flex: readonly string[]; planned: readonly string[] },
): Promise<Asset[]> {
  const [f, p] = await Promise.all([
    ids.flex.length === 0
      ? []
      : db
          .selectFrom("flex_assets")
          .selectAll()
          .where("provider_id", "=", providerId)
          .where("id", "in", ids.flex)
          .execute(),
    ids.planned.length === 0
      ? []
      : db
          .selectFrom("planned_assets")
          .selectAll()
          .where("provider_id", "=", providerId)
          .where("id", "in", ids.planned)
          .execute(),
  ]);
  return [...f.map(toFlexAsset), ...p.map(toPlannedAsset)];
}

/** The assets a provider has entries (qualification rows) for in one competition. */
export async function listEntryAssets(db: Executor, competitionId: string, providerId: string): Promise<Asset[]> {
  const [f, p] = await Promise.all([
    selectEnteredFlexAssets(db, competitionId, providerId),
    selectEnteredPlannedAssets(db, competitionId, providerId),
  ]);
  return [...f.map(toFlexAsset), ...p.map(toPlannedAsset)];
}

function entryAssetIds(db: Executor, competitionId: string, providerId: string, kind: "flex" | "planned") {
  return db
    .selectFrom("qualifications")
    .select("asset_id")
    .where("competition_id", "=", competitionId)
    .where("provider_id", "=", providerId)
    .where("asset_kind", "=", kind);
}

const selectEnteredFlexAssets = prepared((db, competitionId: string, providerId: string) =>
  db
    .selectFrom("flex_assets")
    .select(FLEX_ASSET_COLUMNS)
    .where("provider_id", "=", providerId)
    .where("id", "in", entryAssetIds(db, competitionId, providerId, "flex")),
);

const selectEnteredPlannedAssets = prepared((db, competitionId: string, providerId: string) =>
  db
    .selectFrom("planned_assets")
    .select(PLANNED_ASSET_COLUMNS)
    .where("provider_id", "=", providerId)
    .where("id", "in", entryAssetIds(db, competitionId, providerId, "planned")),
);

/** The ids of every asset the provider owns (any status), by kind. */
export async function listOwnAssetIds(
  db: Executor,
  providerId: string,
): Promise<{ flex: string[]; planned: string[] }> {
  const [f, p] = await Promise.all([
    db.selectFrom("flex_assets").select("id").where("provider_id", "=", providerId).execute(),
    db.selectFrom("planned_assets").select("id").where("provider_id", "=", providerId).execute(),
  ]);
  return { flex: f.map((r) => r.id), planned: p.map((r) => r.id) };
}
