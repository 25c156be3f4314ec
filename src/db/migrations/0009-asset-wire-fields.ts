/**
 * The rest of the real asset models (docs/wire-compatibility.md):
 * - flex assets: `asset_scale`, `address`, meter ids, `max_import_capacity` / `max_export_capacity` (milli-MW like
 *   every capacity), connection status / type / current, `operational_date` (YYYY-MM-DD), `metering_point`,
 *   `meter_interval`, `supplier` — all optional;
 * - planned assets: `competition_reference` (the competition it is planned for) and `operator_name`;
 * - an index on (provider_id, created_at, id) of both, for lists read in chunks (db/chunks.ts).
 * Existing rows keep every value and read NULL for the new columns, which is what a client that never sent them
 * sees. Latitude / longitude stay text (exact decimal degrees; the wire shows them as JSON numbers).
 * Portable: Kysely's schema builder, one column per statement (SQLite's ALTER TABLE adds one at a time).
 */
import type { Kysely } from "kysely";

const FLEX_TEXT = [
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
const FLEX_MILLI_MW = ["max_import_capacity_milli_mw", "max_export_capacity_milli_mw"] as const;
const PLANNED_TEXT = ["competition_reference", "operator_name"] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of FLEX_TEXT) await db.schema.alterTable("flex_assets").addColumn(column, "text").execute();
  for (const column of FLEX_MILLI_MW) await db.schema.alterTable("flex_assets").addColumn(column, "bigint").execute();
  for (const column of PLANNED_TEXT) await db.schema.alterTable("planned_assets").addColumn(column, "text").execute();
  // Lists read a provider's assets oldest first, chunk by chunk (db/chunks.ts): an index range read per chunk.
  for (const table of ["flex_assets", "planned_assets"]) {
    await db.schema
      .createIndex(`${table}_provider_created`)
      .on(table)
      .columns(["provider_id", "created_at", "id"])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["flex_assets", "planned_assets"])
    await db.schema.dropIndex(`${table}_provider_created`).execute();
  for (const column of PLANNED_TEXT) await db.schema.alterTable("planned_assets").dropColumn(column).execute();
  for (const column of [...FLEX_TEXT, ...FLEX_MILLI_MW]) {
    await db.schema.alterTable("flex_assets").dropColumn(column).execute();
  }
}
