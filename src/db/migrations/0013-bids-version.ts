/**
 * `virtual_assets.bids_version`: raised in the transaction of every write that changes the asset's live bids (new
 * bids, replaced bids, a status), so the bid listing's read model can tell whether its answer is current by reading
 * one narrow row (docs/architecture.md, "Read models"). Portable: same statement on SQLite and PostgreSQL.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("virtual_assets")
    .addColumn("bids_version", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("virtual_assets").dropColumn("bids_version").execute();
}
