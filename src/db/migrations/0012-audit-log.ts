import { type Kysely, PostgresAdapter, sql } from "kysely";

/**
 * The audit log (docs/operating.md#audit-trail): append-only. Rows are written in the transaction of the action
 * they record; a trigger on each dialect refuses UPDATE and DELETE, so not even a bug in the application can
 * rewrite history (an operator with the database's owner rights still can, deliberately: drop the trigger).
 * `credential_addresses` remembers the client addresses each credential has authenticated from, so that a new
 * one is recorded once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("audit_log")
    // `seq` orders entries (and pages them) in the order they were appended; the timestamp is real UTC time.
    .addColumn("seq", postgres ? "bigserial" : "integer", (c) =>
      postgres ? c.primaryKey() : c.primaryKey().autoIncrement().notNull(),
    )
    .addColumn("at", "text", (c) => c.notNull())
    // The organisation whose history the entry is part of (who may read it); null: the platform's own.
    .addColumn("organisation_id", "text")
    .addColumn("actor_type", "text", (c) =>
      c.notNull().check(sql`actor_type in ('credential', 'user', 'operator', 'sandbox', 'engine', 'demo')`),
    )
    .addColumn("actor_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("request_id", "text")
    .addColumn("detail", "text")
    .execute();
  await db.schema.createIndex("audit_log_organisation").on("audit_log").columns(["organisation_id", "seq"]).execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();

  await db.schema
    .createTable("credential_addresses")
    .addColumn("credential_id", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("first_seen_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("credential_addresses_pk", ["credential_id", "address"])
    .execute();

  const refuse = "audit_log is append-only";
  if (postgres) {
    await sql`
      create function audit_log_refuse_change() returns trigger language plpgsql as $$
      begin raise exception '${sql.raw(refuse)}'; end $$`.execute(db);
    await sql`
      create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_refuse_change()`.execute(db);
    await sql`
      create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_refuse_change()`.execute(db);
  } else {
    for (const op of ["update", "delete"]) {
      await sql`
        create trigger ${sql.raw(`audit_log_no_${op}`)} before ${sql.raw(op)} on audit_log
        begin select raise(abort, '${sql.raw(refuse)}'); end`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("credential_addresses").execute();
  await db.schema.dropTable("audit_log").execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop function if exists audit_log_refuse_change()`.execute(db);
  }
}
