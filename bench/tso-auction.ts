/**
 * An end-to-end TSO sandbox auction of many stored bids (`npm run bench -- tso-auction`; target: 100,000 bids in
 * < 2 s on SQLite): one FCR product of tomorrow with `TSO_BIDS` (default 100,000) live `submitted` bids, one per
 * virtual asset of the demo provider, on a fresh SQLite file. Measured: the engine's own step for the product —
 * `runOnce` + `clearProduct` (load the bids, clear them with the synthetic competitors, write every result, store
 * the auction, emit the result event) — against, in the same run, clearing the same bids in memory alone
 * (`runTsoAuction`). Also on PostgreSQL when `TEST_DATABASE_URL` or `DATABASE_URL` is set. Two runs each on a
 * fresh copy of the bids (the first warms the code); the table shows the second.
 */
import { sql } from "kysely";
import { loadConfig } from "../src/config.js";
import { insertRows } from "../src/db/bulk.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { runOnce } from "../src/db/repositories/job-runs.js";
import { BID_COLUMNS } from "../src/db/repositories/virtual-battery/ancillary-bids.js";
import { DEMO, seedDemoIfEmpty } from "../src/demo/seed.js";
import { createDeps } from "../src/deps.js";
import { findProduct } from "../src/domain/ancillary/products.js";
import { auctionTimeOf, runTsoAuction } from "../src/domain/clearing/tso-sandbox.js";
import { BERLIN, HOUR_MS, localDate } from "../src/domain/time.js";
import { clearProduct, TSO_AUCTION_JOB } from "../src/engine/tso-auctions.js";
import { createDatabase, databaseNames } from "./servers.js";

const BIDS = Number(process.env.TSO_BIDS ?? 100_000);
/** Bid i's capacity price in euro-cents: spread over 1–500 EUR/MW. */
const priceOf = (i: number) => 100 + ((i * 7919) % 50_000);

async function measure(databaseUrl: string | undefined, dataDir: string, run: number) {
  const env: Record<string, string> = { FLEXMARKET_DATA: dataDir, LOG_LEVEL: "silent" };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const deps = createDeps(loadConfig(env), { hashCost: "low" });
  try {
    await migrateToLatest(deps.db);
    await seedDemoIfEmpty(deps);
    const db = deps.db.kysely;
    const day = localDate(Date.now(), BERLIN).add({ days: 1 }).toString();
    const product = findProduct("NEGPOS_08_12", day)!;
    const at = auctionTimeOf(product);
    const template = await db
      .selectFrom("virtual_assets")
      .selectAll()
      .where("organisation_id", "=", DEMO.provider.organisationId)
      .executeTakeFirstOrThrow();
    const columns = Object.keys(template);
    const prefix = `b${run}-`;
    await db.transaction().execute(async (tx) => {
      const assets = Array.from({ length: BIDS }, (_, i) =>
        columns.map((c) => (c === "id" ? `${prefix}va${i}` : (template as Record<string, unknown>)[c])),
      );
      await insertRows(tx, "virtual_assets", columns, assets);
      const created = new Date(at - HOUR_MS).toISOString();
      const bids = Array.from({ length: BIDS }, (_, i) => [
        `${prefix}${i}`,
        DEMO.provider.organisationId,
        `${prefix}va${i}`,
        product.market,
        product.direction,
        product.code,
        product.deliveryDay,
        product.productDateCode,
        new Date(product.start).toISOString(),
        new Date(product.end).toISOString(),
        1000,
        priceOf(i),
        null,
        "submitted",
        null,
        null,
        created,
        created,
        null,
      ]);
      await insertRows(tx, "ancillary_bids", BID_COLUMNS, bids);
      // The earlier run's bids keep their results (so they are not cleared again); its job record and auction go,
      // so that this run clears the product anew.
      await sql`delete from job_runs where kind = ${TSO_AUCTION_JOB}`.execute(tx);
      await sql`delete from tso_auctions`.execute(tx);
    });
    const inMemory = Array.from({ length: BIDS }, (_, i) => ({
      id: `${prefix}${i}`,
      priceCents: priceOf(i),
      quantityKw: 1000,
      submittedAt: at - HOUR_MS,
    }));
    let t = performance.now();
    runTsoAuction({ market: product.market, productDateCode: product.productDateCode, auctionAt: at, bids: inMemory });
    const clearMs = performance.now() - t;
    t = performance.now();
    const r = await runOnce(db, { kind: TSO_AUCTION_JOB, key: product.productDateCode, now: at }, (tx) =>
      clearProduct(tx, product, at),
    );
    const endToEndMs = performance.now() - t;
    if (!r.ran || r.value !== BIDS) throw new Error(`cleared ${r.ran ? r.value : "nothing"} of ${BIDS} bids`);
    return { clearMs, endToEndMs };
  } finally {
    await deps.db.close();
  }
}

export async function runTsoAuctionBench(): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const name of databaseNames()) {
    const database = await createDatabase(name);
    try {
      let last = { clearMs: 0, endToEndMs: 0 };
      for (let run = 0; run < 2; run++)
        last = await measure(database.env.DATABASE_URL, database.env.FLEXMARKET_DATA!, run);
      rows.push({
        database: name,
        bids: BIDS,
        "end to end ms": last.endToEndMs.toFixed(0),
        "clearing alone ms (baseline)": last.clearMs.toFixed(0),
        ratio: `${(last.endToEndMs / last.clearMs).toFixed(1)}×`,
        target: name === "SQLite" ? "< 2,000 ms" : "",
        met: name === "SQLite" ? (last.endToEndMs < 2000 ? "yes" : "NO") : "",
      });
    } finally {
      await database.drop();
    }
  }
  return rows;
}
