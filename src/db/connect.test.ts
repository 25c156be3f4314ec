/**
 * The SQLite statement cache stays bounded in memory: by count and by the total length of its SQL (a prepared
 * statement's native memory grows with its text), so multi-row inserts of ever new sizes cannot pile up.
 */
import SqliteDatabase from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { STATEMENT_CACHE_CHARS, STATEMENT_CACHE_SIZE, withStatementCache } from "./connect.js";

const insertOf = (rows: number) =>
  `insert into t values ${Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`;

describe("statement cache", () => {
  it("reuses a statement, keeps at most its count, and keeps its SQL under the character budget", () => {
    const sqlite = new SqliteDatabase(":memory:");
    sqlite.exec("create table t (a, b, c, d, e, f, g, h, i, j)");
    const cache = withStatementCache(sqlite);
    try {
      expect(cache.prepare("select 1")).toBe(cache.prepare("select 1"));
      for (let i = 0; i < STATEMENT_CACHE_SIZE + 10; i++) cache.prepare(`select ${i + 2}`);
      expect(cache.cached.statements).toBe(STATEMENT_CACHE_SIZE);
      // inserts of every size from 1 to 600 rows: about 10 M characters of SQL were prepared
      for (let rows = 1; rows <= 600; rows++) cache.prepare(insertOf(rows));
      expect(cache.cached.chars).toBeLessThanOrEqual(STATEMENT_CACHE_CHARS);
      expect(cache.cached.statements).toBeLessThan(STATEMENT_CACHE_SIZE);
      // the hot, short statements of a request are still cached after the burst
      expect(cache.prepare(insertOf(3))).toBe(cache.prepare(insertOf(3)));
    } finally {
      cache.close();
    }
  });
});
