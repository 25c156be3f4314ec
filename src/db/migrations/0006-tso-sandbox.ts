import type { Kysely } from "kysely";
import { sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // One row per TSO sandbox auction (one product on one delivery day), written in the transaction that records the
  // bids' results and the job_runs occurrence. Power in kW, prices in euro-cents, instants RFC 3339 UTC text.
  // `merit_order` is the JSON array of every bid (real and synthetic) in merit order with its outcome.
  await db.schema
    .createTable("tso_auctions")
    .addColumn("product_date_code", "text", (c) => c.primaryKey())
    .addColumn("market", "text", (c) => c.notNull().check(sql`market in ('FCR', 'AFRRCapacity', 'AFRREnergy')`))
    .addColumn("direction", "text", (c) => c.notNull().check(sql`direction in ('POS', 'NEG', 'NEGPOS')`))
    .addColumn("product", "text", (c) => c.notNull())
    .addColumn("delivery_day", "text", (c) => c.notNull())
    .addColumn("product_start", "text", (c) => c.notNull())
    .addColumn("product_end", "text", (c) => c.notNull())
    .addColumn("auction_at", "text", (c) => c.notNull())
    .addColumn("mechanism", "text", (c) => c.notNull())
    .addColumn("seed", "integer", (c) => c.notNull())
    .addColumn("demand_kw", "integer", (c) => c.notNull())
    .addColumn("requested_kw", "integer", (c) => c.notNull())
    .addColumn("accepted_kw", "integer", (c) => c.notNull())
    .addColumn("clearing_price_cents", "integer")
    .addColumn("real_bid_count", "integer", (c) => c.notNull())
    .addColumn("synthetic_bid_count", "integer", (c) => c.notNull())
    .addColumn("merit_order", "text", (c) => c.notNull())
    .addColumn("cleared_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("tso_auctions_day").on("tso_auctions").columns(["delivery_day", "auction_at"]).execute();

  // Internal virtual-asset auctions (docs/domain.md §2): `item` is the JSON of the virtual asset's parameters (wire units);
  // the scheduler moves `status` on and, on a win, creates the virtual asset for the winner (`virtual_asset_id`).
  await db.schema
    .createTable("internal_auctions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("start_at", "text", (c) => c.notNull())
    .addColumn("end_at", "text", (c) => c.notNull())
    .addColumn("item", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status in ('NOT_STARTED', 'RUNNING', 'PENDING', 'DECIDED')`),
    )
    .addColumn("winner_organisation_id", "text", (c) => c.references("organisations.id"))
    .addColumn("winning_price_cents", "integer")
    .addColumn("virtual_asset_id", "text")
    .addColumn("decided_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  // One row per bidder: its latest bid (a new bid replaces it).
  await db.schema
    .createTable("internal_auction_bids")
    .addColumn("auction_id", "text", (c) => c.notNull().references("internal_auctions.id").onDelete("cascade"))
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("price_cents", "integer", (c) => c.notNull())
    .addColumn("placed_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("internal_auction_bids_pk", ["auction_id", "organisation_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("internal_auction_bids").execute();
  await db.schema.dropTable("internal_auctions").execute();
  await db.schema.dropTable("tso_auctions").execute();
}
