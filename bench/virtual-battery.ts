/**
 * Virtual-battery API on SQLite (an on-disk file, as in production), each next to the bare Fastify route of the same
 * run: POST of 6 FCR bids (target ≥ 25 % of bare POST) and GET of a week of bids (target ≥ 50 % of bare GET).
 *
 * A bid still `pending` cannot be replaced, so the POSTs rotate over 400 virtual assets × 7 delivery days and the
 * submission job runs with no delay every 20 ms: by the time a combination comes round again its bids are submitted.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { createVirtualAsset } from "../src/admin/virtual-assets.js";
import { loadConfig } from "../src/config.js";
import { connect } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { seedDemoIfEmpty } from "../src/demo/seed.js";
import { createDeps } from "../src/deps.js";
import { BERLIN, localDate, startOfDay, toIso } from "../src/domain/time.js";
import { startAncillarySubmission } from "../src/engine/ancillary-submission.js";
import { buildApp } from "../src/http/app.js";
import { load, measureBaseline, ratioRow } from "./http.js";

const ASSETS = 400;
const FCR_PRODUCTS = ["NEGPOS_00_04", "NEGPOS_04_08", "NEGPOS_08_12", "NEGPOS_12_16", "NEGPOS_16_20", "NEGPOS_20_24"];

export async function runVirtualBatteryBench(): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), "fm-bench-vb-"));
  const config = loadConfig(
    { FLEXMARKET_SECRET: "bench-secret-bench-secret-bench-secret", FLEXMARKET_DEMO: "0", LOG_LEVEL: "silent" },
    { sqlitePath: join(dir, "bench.sqlite"), engine: false, rateLimitPerMinute: 0 },
  );
  const db = connect({ sqlitePath: config.sqlitePath });
  await migrateToLatest(db);
  const deps = createDeps(config, { db, hashCost: "low", logger: pino({ level: "silent" }) });
  await seedDemoIfEmpty(deps);
  const now = deps.clock.now();
  const today = localDate(now, BERLIN);
  const organisationId = "demo-org";
  const ids: string[] = [];
  for (let i = 0; i < ASSETS; i++) {
    const { virtualAsset } = await createVirtualAsset(
      { db, now },
      {
        organisationId,
        energyKwh: 20000,
        powerKw: 10000,
        start: startOfDay(today, BERLIN),
        end: startOfDay(today.add({ days: 30 }), BERLIN),
      },
    );
    ids.push(virtualAsset.spec.id);
  }
  const app = await buildApp(config, { deps });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  const stopSubmission = startAncillarySubmission(deps, { delayMs: 0, pollMs: 20 });
  try {
    const { access_token } = (await (
      await fetch(`${url}/auth/public/authenticate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "demo", password: "demo-password" }),
      })
    ).json()) as { access_token: string };
    const headers = { authorization: `Bearer ${access_token}` };
    // FCR may be bid up to 7 days ahead; its gate for tomorrow may have closed, so days 2…7.
    const days = [2, 3, 4, 5, 6, 7].map((d) => today.add({ days: d }).toString());
    const bodies = ids.flatMap((id) =>
      days.map((deliveryDay) => ({
        path: `/organisations/${organisationId}/virtual-assets/${id}/ancillary/bids`,
        body: JSON.stringify(
          FCR_PRODUCTS.map((product, i) => ({
            product,
            deliveryDay,
            bids: [{ offeredCapacity: 2000, capacityPrice: 10 + i, energyPrice: null }],
          })),
        ),
      })),
    );
    let next = 0;
    const baseline = await measureBaseline();
    const post = await load("POST 6 FCR bids", {
      url,
      method: "POST",
      headers,
      setupRequest: (req) => {
        const b = bodies[next++ % bodies.length]!;
        return { ...req, path: b.path, body: b.body };
      },
    });
    const weekStart = startOfDay(today.add({ days: 1 }), BERLIN);
    const weekEnd = startOfDay(today.add({ days: 8 }), BERLIN);
    const get = await load("GET a week of bids", {
      url: `${url}/organisations/${organisationId}/virtual-assets/${ids[0]}/ancillary/bids?start=${toIso(weekStart)}&end=${toIso(weekEnd)}`,
      headers,
    });
    return [
      ratioRow(baseline.get, baseline.get, 1),
      ratioRow(get, baseline.get, 0.5),
      ratioRow(baseline.post, baseline.post, 1),
      ratioRow(post, baseline.post, 0.25),
    ];
  } finally {
    await stopSubmission();
    await app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
