/**
 * Multi-row inserts without Kysely's query builder: for a few hundred rows the builder's per-value nodes and their
 * compilation cost more than the database's work. Table and column names are the caller's constants (never input);
 * values are always bound parameters.
 */
import { CompiledQuery } from "kysely";
import { isPostgres } from "./lock.js";
import type { Executor } from "./repositories/organisations.js";

/** `insert into "table" ("a", "b") values (…), (…)` with one bound parameter per value, in one statement. */
export async function insertRows(
  db: Executor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const postgres = isPostgres(db);
  const params: unknown[] = [];
  const tuples: string[] = [];
  for (const row of rows) {
    if (row.length !== columns.length)
      throw new Error(`insertRows: ${row.length} values for ${columns.length} columns`);
    const marks: string[] = [];
    for (const value of row) {
      params.push(value);
      marks.push(postgres ? `$${params.length}` : "?");
    }
    tuples.push(`(${marks.join(", ")})`);
  }
  const names = columns.map((c) => `"${c}"`).join(", ");
  await db.executeQuery(CompiledQuery.raw(`insert into "${table}" (${names}) values ${tuples.join(", ")}`, params));
}
