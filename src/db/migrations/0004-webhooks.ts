/**
 * Webhooks: subscriptions, the event outbox and deliveries. Portable (SQLite and PostgreSQL): text ids and instants
 * (RFC 3339 UTC with milliseconds, which sort as text), CHECK for enums. Never imports application code.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("webhook_subscriptions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("events", "text", (c) => c.notNull())
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('active', 'failing')`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_subscriptions_organisation")
    .on("webhook_subscriptions")
    .columns(["organisation_id", "created_at"])
    .execute();

  await db.schema
    .createTable("webhook_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("organisation_id", "text", (c) => c.notNull().references("organisations.id").onDelete("cascade"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("webhook_events_organisation")
    .on("webhook_events")
    .columns(["organisation_id", "created_at"])
    .execute();

  await db.schema
    .createTable("webhook_deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("subscription_id", "text", (c) => c.notNull().references("webhook_subscriptions.id").onDelete("cascade"))
    .addColumn("event_id", "text", (c) => c.notNull().references("webhook_events.id").onDelete("cascade"))
    .addColumn("organisation_id", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'succeeded', 'failed')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0).check(sql`attempts >= 0`))
    .addColumn("next_attempt_at", "text")
    .addColumn("deadline_at", "text", (c) => c.notNull())
    .addColumn("locked_until", "text")
    .addColumn("lease_id", "text")
    .addColumn("last_attempt_at", "text")
    .addColumn("last_response_code", "integer")
    .addColumn("last_response_body", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("completed_at", "text")
    .addCheckConstraint("webhook_deliveries_due", sql`(status = 'pending') = (next_attempt_at is not null)`)
    .execute();
  // The worker's scan: pending deliveries by due instant.
  await db.schema
    .createIndex("webhook_deliveries_due")
    .on("webhook_deliveries")
    .columns(["status", "next_attempt_at"])
    .execute();
  await db.schema
    .createIndex("webhook_deliveries_subscription")
    .on("webhook_deliveries")
    .columns(["subscription_id", "created_at"])
    .execute();
  await db.schema.createIndex("webhook_deliveries_event").on("webhook_deliveries").column("event_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("webhook_deliveries").execute();
  await db.schema.dropTable("webhook_events").execute();
  await db.schema.dropTable("webhook_subscriptions").execute();
}
