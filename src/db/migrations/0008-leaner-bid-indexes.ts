/**
 * Fewer index entries written per bid (each is a page of WAL at COMMIT on SQLite, and a WAL record on PostgreSQL):
 * - `ancillary_bids_parent` becomes partial (`parent_bid_id is not null`): only implicit aFRR energy bids have a
 *   parent, yet every bid (every FCR bid) had a NULL entry. Its queries (`parent_bid_id = ?` / `in (…)`) imply the
 *   predicate, so both dialects still use it.
 * - `bids_competition` goes: no query reads marketplace bids by competition (they are read by ballot, `bids_ballot`,
 *   or by id); it only cost an entry per bid on every ballot POST.
 * Portable: Kysely's schema builder, same statements on SQLite and PostgreSQL.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("ancillary_bids_parent").execute();
  await db.schema
    .createIndex("ancillary_bids_parent")
    .on("ancillary_bids")
    .column("parent_bid_id")
    .where(sql.ref("parent_bid_id"), "is not", null)
    .execute();
  await db.schema.dropIndex("bids_competition").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("bids_competition").on("bids").column("competition_id").execute();
  await db.schema.dropIndex("ancillary_bids_parent").execute();
  await db.schema.createIndex("ancillary_bids_parent").on("ancillary_bids").column("parent_bid_id").execute();
}
