import type { Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  // One row per job occurrence that has run (e.g. kind "fcr-auction", key "2026-06-02"). The row is written in
  // the same transaction as the job's effects, so a job runs exactly once across processes and restarts.
  await db.schema
    .createTable("job_runs")
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("ran_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("job_runs_pk", ["kind", "key"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("job_runs").execute();
}
