/**
 * Multi-row inserts, split to each dialect's limit on bound parameters per statement (docs/limits.md):
 * - SQLite: SQLITE_MAX_VARIABLE_NUMBER, 32,766 since SQLite 3.32 and in the SQLite better-sqlite3 bundles;
 * - PostgreSQL: 65,535 (the wire protocol's Bind message counts its parameters in 16 bits).
 * A statement above it fails ("too many SQL variables", "bind message has … parameter formats"), so every
 * multi-row insert goes through `insertRows` (raw SQL) or `inParameterBatches` (Kysely's builder).
 *
 * `insertRows` skips Kysely's query builder: for a few hundred rows the builder's per-value nodes and their
 * compilation cost more than the database's work. Table and column names are the caller's constants (never input);
 * values are always bound parameters.
 */
import { CompiledQuery } from "kysely";
import { isPostgres } from "./lock.js";
import type { Executor } from "./repositories/organisations.js";

/** Bound parameters one statement may carry, per dialect. */
export const MAX_PARAMETERS = { sqlite: 32_766, postgres: 65_535 } as const;

/** How many rows of `columns` values fit in one statement that also binds `extra` other parameters. */
export function rowsPerStatement(db: Executor, columns: number, extra = 0): number {
  const limit = isPostgres(db) ? MAX_PARAMETERS.postgres : MAX_PARAMETERS.sqlite;
  return Math.max(1, Math.floor((limit - extra) / Math.max(1, columns)));
}

/**
 * Runs `write` on consecutive slices of `rows`, each small enough for one statement (the parameter count of a row
 * is its number of keys). For Kysely inserts: `inParameterBatches(db, rows, (b) => db.insertInto(t).values(b).execute())`.
 */
export async function inParameterBatches<T extends object>(
  db: Executor,
  rows: readonly T[],
  write: (batch: T[]) => Promise<unknown>,
): Promise<void> {
  if (rows.length === 0) return;
  const size = rowsPerStatement(db, Object.keys(rows[0]!).length);
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/**
 * `insert into "table" ("a", "b") values (…), (…)` with one bound parameter per value, in as few statements as fit.
 * `replaceOn`: a unique column; a row whose value there exists already replaces that row's other columns
 * (`on conflict ("key") do update set "a" = excluded."a", …`, the same on both dialects).
 */
export async function insertRows(
  db: Executor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: { replaceOn?: string } = {},
): Promise<void> {
  if (rows.length === 0) return;
  const postgres = isPostgres(db);
  const names = columns.map((c) => `"${c}"`).join(", ");
  const { replaceOn } = options;
  const conflict =
    replaceOn === undefined
      ? ""
      : ` on conflict ("${replaceOn}") do update set ${columns
          .filter((c) => c !== replaceOn)
          .map((c) => `"${c}" = excluded."${c}"`)
          .join(", ")}`;
  const size = rowsPerStatement(db, columns.length);
  for (let start = 0; start < rows.length; start += size) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows.slice(start, start + size)) {
      if (row.length !== columns.length)
        throw new Error(`insertRows: ${row.length} values for ${columns.length} columns`);
      const marks: string[] = [];
      for (const value of row) {
        params.push(value);
        marks.push(postgres ? `$${params.length}` : "?");
      }
      tuples.push(`(${marks.join(", ")})`);
    }
    await db.executeQuery(
      CompiledQuery.raw(`insert into "${table}" (${names}) values ${tuples.join(", ")}${conflict}`, params),
    );
  }
}
