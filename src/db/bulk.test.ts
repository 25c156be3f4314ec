/**
 * Multi-row inserts above one statement's bound-parameter limit (SQLite 32,766, PostgreSQL 65,535) are split and
 * succeed, on both dialects; a single statement that size is refused by the database, which is why the split exists.
 */
import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { inParameterBatches, insertRows, MAX_PARAMETERS, rowsPerStatement } from "./bulk.js";

const COLUMNS = ["id", "a", "b", "c", "d"] as const;
/** 14,000 rows × 5 columns = 70,000 parameters: above both dialects' per-statement limit. */
const ROWS = 14_000;

describe.each(DIALECTS)("bulk inserts (%s)", (dialect) => {
  let h: Harness;
  // biome-ignore lint/suspicious/noExplicitAny: a scratch table outside the schema
  let db: any;
  beforeAll(async () => {
    h = await createHarness(dialect);
    db = h.db.kysely;
    for (const table of ["bulk_raw", "bulk_builder"]) {
      await db.schema
        .createTable(table)
        .addColumn("id", "integer", (c: { primaryKey(): unknown }) => c.primaryKey())
        .addColumn("a", "text")
        .addColumn("b", "text")
        .addColumn("c", "integer")
        .addColumn("d", "text")
        .execute();
    }
  });
  afterAll(() => h.close());

  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);

  it("knows each dialect's limit", () => {
    const limit = dialect === "postgres" ? MAX_PARAMETERS.postgres : MAX_PARAMETERS.sqlite;
    expect(rowsPerStatement(db, COLUMNS.length)).toBe(Math.floor(limit / COLUMNS.length));
    expect(ROWS * COLUMNS.length).toBeGreaterThan(MAX_PARAMETERS.postgres);
  });

  it("the database itself refuses one statement over the limit", async () => {
    const limit = dialect === "postgres" ? MAX_PARAMETERS.postgres : MAX_PARAMETERS.sqlite;
    const n = limit + 1;
    const marks = Array.from({ length: n }, (_, i) => (dialect === "postgres" ? `$${i + 1}` : "?"));
    const query = CompiledQuery.raw(`select ${marks.slice(0, 1).join("")} in (${marks.join(", ")}) as x`, [
      ...Array.from({ length: n }, (_, i) => i),
    ]);
    await expect(db.executeQuery(query)).rejects.toThrow();
  });

  it("insertRows splits 70,000 parameters into statements that fit", async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => [i, `a${i}`, `b${i}`, i * 2, null]);
    await db.transaction().execute((tx: typeof db) => insertRows(tx, "bulk_raw", COLUMNS, rows));
    expect(await count("bulk_raw")).toBe(ROWS);
    const last = await sql<{ a: string; c: number }>`select a, c from bulk_raw where id = ${ROWS - 1}`.execute(db);
    expect(last.rows[0]).toMatchObject({ a: `a${ROWS - 1}`, c: (ROWS - 1) * 2 });
  });

  it("insertRows with replaceOn replaces the rest of a row whose key exists; without it, it is refused", async () => {
    const again = [
      [0, "again", "b-again", -1, "d"],
      [ROWS, "new", "b-new", 7, null],
    ];
    await expect(insertRows(db, "bulk_raw", COLUMNS, again)).rejects.toThrow();
    expect(await count("bulk_raw")).toBe(ROWS);
    await insertRows(db, "bulk_raw", COLUMNS, again, { replaceOn: "id" });
    expect(await count("bulk_raw")).toBe(ROWS + 1);
    const rows = await sql`select id, a, b, c, d from bulk_raw where id in (0, 1, ${ROWS}) order by id`.execute(db);
    expect(rows.rows.map((r) => ({ ...(r as object), id: Number((r as { id: unknown }).id) }))).toEqual([
      { id: 0, a: "again", b: "b-again", c: -1, d: "d" },
      { id: 1, a: "a1", b: "b1", c: 2, d: null },
      { id: ROWS, a: "new", b: "b-new", c: 7, d: null },
    ]);
  });

  it("inParameterBatches splits a Kysely insert the same way", async () => {
    const rows = Array.from({ length: ROWS }, (_, i) => ({ id: i, a: `a${i}`, b: `b${i}`, c: i, d: "d" }));
    await db
      .transaction()
      .execute((tx: typeof db) =>
        inParameterBatches(tx, rows, (batch) => tx.insertInto("bulk_builder").values(batch).execute()),
      );
    expect(await count("bulk_builder")).toBe(ROWS);
  });
});
