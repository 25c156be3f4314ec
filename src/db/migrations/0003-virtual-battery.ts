/**
 * Virtual batteries: virtual assets, blocks, schedules (chunks of 96 slots), adjustments, ancillary bids and results.
 * Portable (SQLite and PostgreSQL): text ids and instants (RFC 3339 UTC with milliseconds), integers for kW / Wh /
 * ppm / euro-cents (bigint where a value can pass 2^31), CHECK for enums. Never imports application code.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("virtual_assets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("portfolio_id", "text", (c) => c.notNull())
    .addColumn("delivery_zone", "text", (c) => c.notNull())
    .addColumn("eic_code", "text", (c) => c.notNull())
    .addColumn("start_at", "text", (c) => c.notNull())
    .addColumn("end_at", "text", (c) => c.notNull())
    .addColumn("energy_capacity_wh", "bigint", (c) => c.notNull().check(sql`energy_capacity_wh >= 0`))
    .addColumn("available_energy_capacity_wh", "bigint", (c) =>
      c.notNull().check(sql`available_energy_capacity_wh >= 0`),
    )
    .addColumn("rated_charge_power_kw", "bigint", (c) => c.notNull().check(sql`rated_charge_power_kw >= 0`))
    .addColumn("rated_discharge_power_kw", "bigint", (c) => c.notNull().check(sql`rated_discharge_power_kw >= 0`))
    .addColumn("charge_efficiency_ppm", "integer", (c) =>
      c.notNull().check(sql`charge_efficiency_ppm > 0 and charge_efficiency_ppm <= 1000000`),
    )
    .addColumn("discharge_efficiency_ppm", "integer", (c) =>
      c.notNull().check(sql`discharge_efficiency_ppm > 0 and discharge_efficiency_ppm <= 1000000`),
    )
    .addColumn("ramp_rate_kw_per_min", "bigint", (c) => c.notNull())
    .addColumn("daily_cycle_limit_ppm", "bigint", (c) => c.notNull())
    .addColumn("annual_cycle_limit", "bigint", (c) => c.notNull())
    .addColumn("total_allowed_cycles", "bigint", (c) => c.notNull())
    .addColumn("dispatch_gate_closure_seconds", "integer", (c) => c.notNull())
    .addColumn("protected_duration_seconds", "integer", (c) => c.notNull())
    .addColumn("initial_energy_wh", "bigint", (c) => c.notNull())
    .addColumn("final_soc_tolerance_ppm", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addCheckConstraint("virtual_assets_lifetime", sql`start_at < end_at`)
    .execute();
  await db.schema
    .createIndex("virtual_assets_organisation")
    .on("virtual_assets")
    .columns(["organisation_id", "start_at"])
    .execute();

  await db.schema
    .createTable("blocks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("virtual_asset_id", "text", (c) => c.notNull().references("virtual_assets.id").onDelete("cascade"))
    .addColumn("start_at", "text", (c) => c.notNull())
    .addColumn("end_at", "text", (c) => c.notNull())
    .addColumn("market", "text", (c) => c.notNull().check(sql`market in ('WHOLESALE', 'FCR', 'AFRR')`))
    .addColumn("rated_charge_power_kw", "bigint", (c) => c.notNull())
    .addColumn("rated_discharge_power_kw", "bigint", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("blocks_virtual_asset").on("blocks").columns(["virtual_asset_id", "start_at"]).execute();

  await db.schema
    .createTable("block_schedule_chunks")
    .addColumn("block_id", "text", (c) => c.notNull().references("blocks.id").onDelete("cascade"))
    .addColumn("chunk", "integer", (c) => c.notNull().check(sql`chunk >= 0`))
    .addColumn("powers", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("block_schedule_chunks_pk", ["block_id", "chunk"])
    .execute();

  await db.schema
    .createTable("schedule_adjustments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("virtual_asset_id", "text", (c) => c.notNull().references("virtual_assets.id").onDelete("cascade"))
    .addColumn("block_id", "text", (c) => c.notNull().references("blocks.id").onDelete("cascade"))
    .addColumn("made_at", "text", (c) => c.notNull())
    .addColumn("accepted_schedule", "text", (c) => c.notNull())
    .addColumn("adjusted_schedule", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('STATE_OF_ENERGY_BOUNDARIES')`))
    .execute();
  await db.schema
    .createIndex("schedule_adjustments_asset")
    .on("schedule_adjustments")
    .columns(["virtual_asset_id", "made_at"])
    .execute();

  await db.schema
    .createTable("ancillary_bids")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("virtual_asset_id", "text", (c) => c.notNull().references("virtual_assets.id").onDelete("cascade"))
    .addColumn("market", "text", (c) => c.notNull().check(sql`market in ('FCR', 'AFRRCapacity', 'AFRREnergy')`))
    .addColumn("direction", "text", (c) => c.notNull().check(sql`direction in ('POS', 'NEG', 'NEGPOS')`))
    .addColumn("product", "text", (c) => c.notNull())
    .addColumn("delivery_day", "text", (c) => c.notNull())
    .addColumn("product_date_code", "text", (c) => c.notNull())
    .addColumn("product_start", "text", (c) => c.notNull())
    .addColumn("product_end", "text", (c) => c.notNull())
    .addColumn("offered_kw", "bigint", (c) => c.notNull().check(sql`offered_kw >= 0`))
    .addColumn("capacity_price_cents", "bigint")
    .addColumn("energy_price_cents", "bigint")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'submitted')`))
    .addColumn("parent_bid_id", "text", (c) => c.references("ancillary_bids.id"))
    .addColumn("replaces_bid_id", "text", (c) => c.references("ancillary_bids.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text")
    .addColumn("replaced_at", "text")
    .execute();
  // One live bid per product per asset: enforced by the database, not only by the code.
  await db.schema
    .createIndex("ancillary_bids_live_product")
    .on("ancillary_bids")
    .columns(["virtual_asset_id", "product_date_code"])
    .unique()
    .where(sql.ref("replaced_at"), "is", null)
    .execute();
  await db.schema
    .createIndex("ancillary_bids_asset_day")
    .on("ancillary_bids")
    .columns(["virtual_asset_id", "delivery_day"])
    .execute();
  await db.schema
    .createIndex("ancillary_bids_pending")
    .on("ancillary_bids")
    .column("created_at")
    .where(sql.ref("status"), "=", sql.lit("pending"))
    .execute();
  await db.schema.createIndex("ancillary_bids_parent").on("ancillary_bids").column("parent_bid_id").execute();

  await db.schema
    .createTable("ancillary_results")
    .addColumn("bid_id", "text", (c) => c.primaryKey().references("ancillary_bids.id").onDelete("cascade"))
    .addColumn("accepted", "integer", (c) => c.notNull().check(sql`accepted in (0, 1)`))
    .addColumn("accepted_kw", "bigint", (c) => c.notNull().check(sql`accepted_kw >= 0`))
    .addColumn("settlement_price_cents", "bigint")
    .addColumn("decided_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("ancillary_results").execute();
  await db.schema.dropTable("ancillary_bids").execute();
  await db.schema.dropTable("schedule_adjustments").execute();
  await db.schema.dropTable("block_schedule_chunks").execute();
  await db.schema.dropTable("blocks").execute();
  await db.schema.dropTable("virtual_assets").execute();
}
