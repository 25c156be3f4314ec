/**
 * Locks for read-decide-write transactions, one mechanism for both dialects:
 * - PostgreSQL: `lockKey` takes a transaction-scoped advisory lock on a string key (works even before the
 *   guarded row exists); `forUpdate` adds `FOR UPDATE` to a select.
 * - SQLite: Kysely runs every transaction on its single connection one at a time, so both are no-ops.
 * `withStartupLock` serialises a process's start-up work (migrations, demo data) against every other process.
 */
import { PostgresAdapter, sql, type Transaction } from "kysely";
import type { Db } from "./connect.js";
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

/**
 * Runs `work` while holding a session-level advisory lock that every starting process takes: however many processes
 * start together on one PostgreSQL database, their start-up work (migrations, demo data) runs one after the other,
 * and each finds what the previous one did. A process that dies holding it ends its session, which frees the lock.
 * On SQLite `work` runs as is.
 */
export async function withStartupLock<T>(db: Db, work: () => Promise<T>): Promise<T> {
  if (db.dialect !== "postgres") return work();
  const key = sql`hashtextextended('flexmarket:start-up', 0)`;
  return db.kysely.connection().execute(async (session) => {
    await sql`select pg_advisory_lock(${key})`.execute(session);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(session).catch(() => {});
    }
  });
}
