/**
 * Group commit's transaction (docs/architecture.md, "Group commit"): several writes in one transaction, each in a
 * savepoint of its own. A write that throws is rolled back to its savepoint, alone, and its error is its outcome;
 * the others commit together, in one COMMIT. A lone write runs in a plain transaction, without a savepoint.
 */
import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.js";
import type { Database } from "./schema.js";

export type Settled<O> = { readonly ok: true; readonly value: O } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `work` for each item, in order, in one transaction. Resolves with one outcome per item once the COMMIT is
 * done; throws (every item failed) only when the transaction itself fails: its BEGIN, a savepoint, its COMMIT.
 */
export async function eachInSavepoint<I, O>(
  db: Db,
  items: readonly I[],
  work: (tx: Transaction<Database>, item: I) => Promise<O>,
): Promise<Settled<O>[]> {
  if (items.length === 1) {
    try {
      return [{ ok: true, value: await db.kysely.transaction().execute((tx) => work(tx, items[0]!)) }];
    } catch (error) {
      return [{ ok: false, error }];
    }
  }
  return db.kysely.transaction().execute(async (tx) => {
    const outcomes: Settled<O>[] = [];
    for (const item of items) {
      await sql`savepoint group_item`.execute(tx);
      try {
        const value = await work(tx, item);
        await sql`release savepoint group_item`.execute(tx);
        outcomes.push({ ok: true, value });
      } catch (error) {
        await sql`rollback to savepoint group_item`.execute(tx);
        await sql`release savepoint group_item`.execute(tx);
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  });
}

/**
 * The key a write groups under. SQLite has one writer per database, so every write of the kind may share a
 * transaction; on PostgreSQL a group holds the writes of one `key` only (the lock its writes take), so a group never
 * holds two of those locks and groups of several processes cannot deadlock.
 */
export const groupKey = (db: Db, key: string): string => (db.dialect === "sqlite" ? "" : key);
