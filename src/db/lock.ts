/**
 * Locks for read-decide-write transactions, one mechanism for both dialects:
 * - PostgreSQL: `lockKey` takes a transaction-scoped advisory lock on a string key (works even before the
 *   guarded row exists); `forUpdate` adds `FOR UPDATE` to a select.
 * - SQLite: Kysely runs every transaction on its single connection one at a time, so both are no-ops.
 */
import { PostgresAdapter, sql, type Transaction } from "kysely";
import type { Executor } from "./repositories/organisations.js";
import type { Database } from "./schema.js";

export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Serialises transactions that pass the same key until they commit or roll back. */
export async function lockKey(tx: Transaction<Database>, key: string): Promise<void> {
  if (!isPostgres(tx)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(tx);
}

/** `SELECT … FOR UPDATE` on PostgreSQL; unchanged on SQLite. */
export function forUpdate<Q extends { forUpdate(): Q }>(db: Executor, query: Q): Q {
  return isPostgres(db) ? query.forUpdate() : query;
}
