import type { Kysely } from "kysely";
import { sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // One row per system operator that has set its DSO sandbox opt-in (no row = off). `enabled` is 0 or 1.
  await db.schema
    .createTable("dso_sandbox_settings")
    .addColumn("organisation_id", "text", (c) => c.primaryKey().references("organisations.id").onDelete("cascade"))
    .addColumn("enabled", "integer", (c) => c.notNull().check(sql`enabled in (0, 1)`))
    .addColumn("modified_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("dso_sandbox_settings").execute();
}
