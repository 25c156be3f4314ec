/**
 * The HTTP benchmarks' baseline answers the app's own bytes (bench/servers.ts, README "Benchmarks"): the app and the
 * bare server each in a process of their own, as in `npm run bench`, then the same requests to both. A GET's body
 * must be byte-identical to the app's fresh answer; a POST's (a new ballot, new bids: the app's answer changes every
 * time) identical to the one captured, with the app's status and content-type.
 */
import { afterAll, describe, expect, it } from "vitest";
import { marketplaceRows } from "../bench/marketplace.js";
import { type BenchRow, rowHeaders, startPair } from "../bench/servers.js";
import { virtualBatteryRows } from "../bench/virtual-battery.js";
import { DIALECTS } from "../src/testing/harness.js";

async function send(base: string, rows: BenchRow[], row: BenchRow) {
  const first = row.rotate?.[0] ?? { path: row.path!, body: row.body };
  const res = await fetch(`${base}${first.path}`, {
    method: row.method,
    headers: { "content-type": "application/json", ...rowHeaders(rows, row) },
    body: row.method === "GET" ? undefined : first.body,
  });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

describe.each(DIALECTS)("the benchmark's bare server answers the app's bytes (%s)", (dialect) => {
  const stops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  it("same status, content-type and body, GET and POST", { timeout: 180_000 }, async () => {
    const pair = await startPair(dialect === "postgres" ? "PostgreSQL" : "SQLite", 2, async (url) => [
      ...(await marketplaceRows(url)),
      ...(await virtualBatteryRows(url)),
    ]);
    stops.push(pair.stop);
    const { rows } = pair;
    expect(rows.map((r) => r.method)).toEqual(["GET", "POST", "GET", "POST"]);
    for (const row of rows.filter((r) => r.method === "GET")) {
      const app = await send(pair.app.url, rows, row);
      const bare = await send(pair.bare.url, rows, row);
      expect(app.status, row.name).toBe(200);
      expect(bare.bytes.length, row.name).toBeGreaterThan(100);
      expect(bare, row.name).toEqual(app);
    }
    for (const row of rows.filter((r) => r.method === "POST")) {
      const bare = await send(pair.bare.url, rows, row);
      const again = await send(pair.bare.url, rows, row);
      expect(again, row.name).toEqual(bare);
      const app = await send(pair.app.url, rows, row);
      expect(bare.status, row.name).toBe(app.status);
      expect(bare.contentType, row.name).toBe(app.contentType);
      // The same answer but for its ids and instants: the same JSON keys, arrays of the same lengths.
      const shape = (text: Buffer) =>
        JSON.stringify(JSON.parse(text.toString()), (_key, value) =>
          typeof value === "string" || typeof value === "number" ? typeof value : value,
        );
      expect(shape(bare.bytes), row.name).toBe(shape(app.bytes));
    }
  });
});
