/**
 * `node --expose-gc --import tsx bench/statement-cache.ts count|bounded`: native memory held by the SQLite statement
 * cache when multi-row inserts of every size from 1 to 1,200 rows (10 columns) are prepared three times over, as bulk
 * writes of varied sizes do under load and fuzzing. `count`: a cache bounded by its number of statements only (1,000,
 * as before); `bounded`: the cache of src/db/connect.ts (count and total SQL length). Prints the RSS growth after
 * garbage collection. docs/reliability.md, "Memory".
 */
import SqliteDatabase from "better-sqlite3";
import { STATEMENT_CACHE_SIZE, withStatementCache } from "../src/db/connect.js";

const mode = process.argv[2] === "count" ? "count" : "bounded";
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const sqlite = new SqliteDatabase(":memory:");
sqlite.exec("create table t (a, b, c, d, e, f, g, h, i, j)");
const columns = `"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"`;
const insertOf = (rows: number) =>
  `insert into "t" (${columns}) values ${Array.from({ length: rows }, () => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`;
const countOnly = new Map<string, unknown>();
const cache = withStatementCache(sqlite);
const rss = () => process.memoryUsage().rss / 1048576;
gc();
const before = rss();
for (let pass = 0; pass < 3; pass++) {
  for (let rows = 1; rows <= 1200; rows++) {
    const sql = insertOf(rows);
    if (mode === "count") {
      if (countOnly.size >= STATEMENT_CACHE_SIZE) countOnly.delete(countOnly.keys().next().value as string);
      countOnly.set(sql, sqlite.prepare(sql));
    } else cache.prepare(sql);
    if (rows % 50 === 0) gc(); // a server collects garbage all the time; uncached statements are freed then
  }
}
for (let i = 0; i < 5; i++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 50));
}
process.stdout.write(`${mode}: inserts of 1…1,200 rows prepared 3 times: +${(rss() - before).toFixed(0)} MB RSS\n`);
