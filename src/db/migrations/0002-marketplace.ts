/**
 * The marketplace (docs/domain.md §1). Portable: text ids, instants as RFC 3339 UTC text with milliseconds,
 * integers for milli-MW and pence, CHECK for enums, JSON lists as text. Never imports application code.
 */
import { type Kysely, sql } from "kysely";

const COMPETITION_TYPES = sql`type in ('Availability', 'Utilisation', 'Availability & Utilisation', 'Service Fee')`;
const ASSET_KIND = sql`asset_kind in ('flex', 'planned')`;
const ASSET_STATUS = sql`status in ('in_development', 'operational', 'mothballed', 'archived')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("competitions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("system_operator_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull().check(COMPETITION_TYPES))
    .addColumn("need_type", "text", (c) => c.notNull())
    .addColumn("need_direction", "text", (c) => c.notNull().check(sql`need_direction in ('Deficit', 'Surplus')`))
    .addColumn("power_type", "text", (c) => c.notNull())
    .addColumn("product_type", "text", (c) => c.notNull())
    .addColumn("pricing_type", "text", (c) => c.notNull().check(sql`pricing_type in ('auction')`))
    .addColumn("availability_guide_price_pence", "bigint")
    .addColumn("utilisation_guide_price_pence", "bigint")
    .addColumn("service_fee_pence", "bigint")
    .addColumn("qualification_open_at", "text", (c) => c.notNull())
    .addColumn("qualification_closed_at", "text", (c) => c.notNull())
    .addColumn("open_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text", (c) => c.notNull())
    .addColumn("boundary_area_references", "text", (c) => c.notNull())
    .addColumn("boundary_postcodes", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(sql`status in ('draft', 'published')`))
    .addColumn("published_at", "text")
    .addColumn("results_published_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("modified_at", "text", (c) => c.notNull())
    .addUniqueConstraint("competitions_reference_unique", ["system_operator_id", "reference"])
    .execute();
  await db.schema.createIndex("competitions_open").on("competitions").columns(["status", "closed_at"]).execute();

  await db.schema
    .createTable("service_periods")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("competition_id", "text", (c) => c.notNull().references("competitions.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("start_date", "text", (c) => c.notNull())
    .addColumn("end_date", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("service_periods_competition").on("service_periods").column("competition_id").execute();

  await db.schema
    .createTable("service_windows")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("competition_id", "text", (c) => c.notNull().references("competitions.id").onDelete("cascade"))
    .addColumn("service_period_id", "text", (c) => c.notNull().references("service_periods.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("start_time", "text", (c) => c.notNull())
    .addColumn("end_time", "text", (c) => c.notNull())
    .addColumn("service_days", "text", (c) => c.notNull())
    .addColumn("capacity_required_milli_mw", "bigint", (c) => c.notNull().check(sql`capacity_required_milli_mw > 0`))
    .addColumn("minimum_aggregate_asset_size_milli_mw", "bigint")
    .execute();
  await db.schema.createIndex("service_windows_competition").on("service_windows").column("competition_id").execute();

  const assetColumns = (t: ReturnType<Kysely<any>["schema"]["createTable"]>) =>
    t
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("provider_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().check(ASSET_STATUS))
      .addColumn("asset_category", "text", (c) => c.notNull())
      .addColumn("asset_type", "text", (c) => c.notNull())
      .addColumn("voltage_level_centi_kv", "bigint")
      .addColumn("country_code", "text", (c) => c.notNull())
      .addColumn("postcode", "text")
      .addColumn("latitude", "text")
      .addColumn("longitude", "text")
      .addColumn("area_reference", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("modified_at", "text", (c) => c.notNull());

  await assetColumns(db.schema.createTable("flex_assets"))
    .addColumn("ref", "text", (c) => c.notNull())
    .addColumn("active_export_capacity_milli_mw", "bigint", (c) =>
      c.notNull().check(sql`active_export_capacity_milli_mw >= 0`),
    )
    .addColumn("active_import_capacity_milli_mw", "bigint", (c) =>
      c.notNull().check(sql`active_import_capacity_milli_mw >= 0`),
    )
    .addColumn("reactive_export_capacity_milli_mw", "bigint")
    .addColumn("reactive_import_capacity_milli_mw", "bigint")
    .addColumn("response_time_seconds", "bigint")
    .addColumn("max_runtime_seconds", "bigint")
    .addColumn("min_runtime_seconds", "bigint")
    .addColumn("recovery_time_seconds", "bigint")
    .addUniqueConstraint("flex_assets_ref_unique", ["provider_id", "ref"])
    .execute();

  await assetColumns(db.schema.createTable("planned_assets"))
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("capacity_type", "text", (c) => c.notNull().check(sql`capacity_type in ('export', 'import')`))
    .addColumn("capacity_value_milli_mw", "bigint", (c) => c.notNull().check(sql`capacity_value_milli_mw >= 0`))
    .addColumn("estimated_asset_count", "integer")
    .addColumn("maximum_response_time_seconds", "bigint")
    .addColumn("maximum_runtime_seconds", "bigint")
    .addColumn("minimum_runtime_seconds", "bigint")
    .addColumn("maximum_recovery_time_seconds", "bigint")
    .addUniqueConstraint("planned_assets_reference_unique", ["provider_id", "reference"])
    .execute();

  await db.schema
    .createTable("qualifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("competition_id", "text", (c) => c.notNull().references("competitions.id").onDelete("cascade"))
    .addColumn("provider_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("asset_kind", "text", (c) => c.notNull().check(ASSET_KIND))
    .addColumn("asset_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("Undecided").check(sql`status in ('Entered', 'Withdrawn', 'Undecided', 'Not applicable')`),
    )
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("modified_at", "text", (c) => c.notNull())
    .addUniqueConstraint("qualifications_asset_unique", ["competition_id", "asset_kind", "asset_id"])
    .execute();
  await db.schema
    .createIndex("qualifications_provider")
    .on("qualifications")
    .columns(["provider_id", "competition_id"])
    .execute();

  await db.schema
    .createTable("ballots")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("competition_id", "text", (c) => c.notNull().references("competitions.id").onDelete("cascade"))
    .addColumn("provider_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active").check(sql`status in ('active', 'superseded')`))
    .execute();
  await db.schema
    .createIndex("ballots_provider")
    .on("ballots")
    .columns(["competition_id", "provider_id", "created_at"])
    .execute();
  // Rule 7 held by the database too: at most one active ballot per provider and competition.
  await db.schema
    .createIndex("ballots_one_active")
    .on("ballots")
    .columns(["competition_id", "provider_id"])
    .unique()
    .where(sql<boolean>`status = 'active'`)
    .execute();

  await db.schema
    .createTable("ballot_assets")
    .addColumn("ballot_id", "text", (c) => c.notNull().references("ballots.id").onDelete("cascade"))
    .addColumn("asset_kind", "text", (c) => c.notNull().check(ASSET_KIND))
    .addColumn("asset_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("ballot_assets_pk", ["ballot_id", "asset_kind", "asset_id"])
    .execute();

  await db.schema
    .createTable("bids")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ballot_id", "text", (c) => c.notNull().references("ballots.id").onDelete("cascade"))
    .addColumn("competition_id", "text", (c) => c.notNull().references("competitions.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("service_window_id", "text", (c) => c.notNull().references("service_windows.id"))
    .addColumn("capacity_milli_mw", "bigint", (c) => c.notNull().check(sql`capacity_milli_mw > 0`))
    .addColumn("max_runtime_seconds", "bigint", (c) => c.notNull().check(sql`max_runtime_seconds > 0`))
    .addColumn("availability_pence", "bigint")
    .addColumn("utilisation_pence", "bigint")
    .addColumn("service_fee_pence", "bigint")
    .execute();
  await db.schema.createIndex("bids_ballot").on("bids").column("ballot_id").execute();
  await db.schema.createIndex("bids_competition").on("bids").column("competition_id").execute();

  await db.schema
    .createTable("bid_decisions")
    .addColumn("bid_id", "text", (c) => c.primaryKey().references("bids.id").onDelete("cascade"))
    .addColumn("competition_id", "text", (c) => c.notNull().references("competitions.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('accepted', 'rejected')`))
    .addColumn("accepted_capacity_milli_mw", "bigint")
    .addColumn("reason", "text")
    .addColumn("decided_by", "text", (c) => c.notNull())
    .addColumn("decided_at", "text", (c) => c.notNull())
    .addCheckConstraint(
      "bid_decisions_capacity",
      sql`(status = 'accepted' and accepted_capacity_milli_mw > 0) or (status = 'rejected' and accepted_capacity_milli_mw is null)`,
    )
    .execute();
  await db.schema.createIndex("bid_decisions_competition").on("bid_decisions").column("competition_id").execute();

  await db.schema
    .createTable("obligations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("competition_id", "text", (c) => c.notNull().references("competitions.id").onDelete("cascade"))
    .addColumn("provider_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("ballot_id", "text", (c) => c.notNull().references("ballots.id").onDelete("cascade"))
    .addColumn("bid_id", "text", (c) => c.notNull().references("bids.id").onDelete("cascade"))
    .addColumn("service_window_id", "text", (c) => c.notNull())
    .addColumn("start_at", "text", (c) => c.notNull())
    .addColumn("end_at", "text", (c) => c.notNull())
    .addColumn("capacity_milli_mw", "bigint", (c) => c.notNull().check(sql`capacity_milli_mw > 0`))
    .addColumn("availability_pence", "bigint")
    .addColumn("utilisation_pence", "bigint")
    .addColumn("service_fee_pence", "bigint")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("obligations_provider").on("obligations").columns(["provider_id", "start_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "obligations",
    "bid_decisions",
    "bids",
    "ballot_assets",
    "ballots",
    "qualifications",
    "planned_assets",
    "flex_assets",
    "service_windows",
    "service_periods",
    "competitions",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
