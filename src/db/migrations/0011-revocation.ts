/**
 * Revocation of credentials (docs/reliability.md, "Revocation"):
 * - `users.disabled_at`: a disabled user can no longer sign in, refresh, or use a token issued before;
 * - `token_families`: one per sign-in; every refresh token of that sign-in belongs to it, and revoking it (a refresh
 *   token used twice, or the user disabled) refuses all of them and the access tokens issued with them;
 * - `refresh_tokens`: each refresh token by its id (`jti`), used at most once (`used_at`).
 * Portable: Kysely's schema builder, same statements on SQLite and PostgreSQL.
 */
import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("disabled_at", "text").execute();

  await db.schema
    .createTable("token_families")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("token_families_user").on("token_families").column("user_id").execute();

  await db.schema
    .createTable("refresh_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("family_id", "text", (c) => c.notNull().references("token_families.id").onDelete("cascade"))
    .addColumn("issued_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();
  await db.schema.createIndex("refresh_tokens_family").on("refresh_tokens").column("family_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("refresh_tokens").execute();
  await db.schema.dropTable("token_families").execute();
  await db.schema.alterTable("users").dropColumn("disabled_at").execute();
}
