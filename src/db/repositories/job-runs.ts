/**
 * Exactly-once jobs. `runOnce` opens a transaction, records the occurrence (kind, key) and runs the job's
 * effects in that same transaction:
 * - if another process is running the same occurrence, PostgreSQL blocks the insert on the primary key until
 *   that transaction ends, then reports the conflict → this process skips it;
 * - if a process dies mid-job, its transaction rolls back, the row is gone, and the next tick runs it again;
 * - a restart finds the occurrences already recorded and does not repeat them.
 */
import type { Kysely, Transaction } from "kysely";
import { toIso } from "../../domain/time.js";
import type { Database } from "../schema.js";
import { isUniqueViolation } from "../unique.js";

export async function runOnce<T>(
  db: Kysely<Database>,
  occurrence: { kind: string; key: string; now: number },
  job: (tx: Transaction<Database>) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  try {
    return await db.transaction().execute(async (tx) => {
      await tx
        .insertInto("job_runs")
        .values({ kind: occurrence.kind, key: occurrence.key, ran_at: toIso(occurrence.now) })
        .execute();
      return { ran: true as const, value: await job(tx) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ran: false };
    throw error;
  }
}

/** The keys of a kind that have already run, among the candidates (to skip them without a write). */
export async function keysAlreadyRun(db: Kysely<Database>, kind: string, candidates: string[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const rows = await db
    .selectFrom("job_runs")
    .select("key")
    .where("kind", "=", kind)
    .where("key", "in", candidates)
    .execute();
  return new Set(rows.map((r) => r.key));
}
