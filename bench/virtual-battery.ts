/**
 * Virtual-battery API, each route next to a bare Fastify route answering the same bytes (bench/http.ts, method): GET
 * of a week of bids (target ≥ 50 % of its bare route) and POST of 6 FCR bids (target ≥ 25 % of its bare route), on a
 * fresh SQLite file and, when TEST_DATABASE_URL or DATABASE_URL is set, a fresh PostgreSQL database.
 *
 * A bid still `pending` cannot be replaced, so the POSTs rotate over 300 virtual assets × 6 delivery days and the
 * submission job runs with no delay every 20 ms (bench/app-server.ts): by the time a combination comes round again
 * its bids are submitted.
 */
import { DEMO } from "../src/demo/seed.js";
import { BERLIN, localDate, startOfDay, toIso } from "../src/domain/time.js";
import { prepareTraffic } from "../test/api-processes.js";
import { benchSettings, compareAlone, ratioRows } from "./http.js";
import { type BenchRow, databaseNames, startPair } from "./servers.js";

export const ASSETS = 300;
export const BLOCKS = ["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"];
export const ANCILLARY_BIDS = "/organisations/:org/virtual-assets/:id/ancillary/bids";

/** The battery user's token and the demo provider's 5 MW virtual assets (the seeded ones). */
export async function batteries(url: string): Promise<{ headers: Record<string, string>; assets: string[] }> {
  const traffic = await prepareTraffic(url, 1);
  return {
    headers: { authorization: `Bearer ${traffic.bidToken}` },
    assets: [...new Set(traffic.ancillary.map((a) => a.asset))],
  };
}

/** FCR may be bid up to 7 days ahead and tomorrow's gate may have closed: delivery days 2…7 (Berlin). */
export function deliveryDays(): string[] {
  const today = localDate(Date.now(), BERLIN);
  return [2, 3, 4, 5, 6, 7].map((d) => today.add({ days: d }).toString());
}

/** `start=…&end=…`: the week from tomorrow (Berlin). */
export function weekQuery(): string {
  const today = localDate(Date.now(), BERLIN);
  return `start=${toIso(startOfDay(today.add({ days: 1 }), BERLIN))}&end=${toIso(startOfDay(today.add({ days: 8 }), BERLIN))}`;
}

/** One request per asset and delivery day: the 6 FCR blocks of that day. */
export function fcrBodies(assets: string[]): { path: string; body: string }[] {
  const org = DEMO.provider.organisationId;
  return assets.flatMap((id) =>
    deliveryDays().map((deliveryDay) => ({
      path: `/organisations/${org}/virtual-assets/${id}/ancillary/bids`,
      body: JSON.stringify(
        BLOCKS.map((b, i) => ({
          product: `NEGPOS_${b}`,
          deliveryDay,
          bids: [{ offeredCapacity: 2000, capacityPrice: 10 + i, energyPrice: null }],
        })),
      ),
    })),
  );
}

/**
 * Writes `bodies` one by one (they must all be accepted): the week the GET rows read is filled before their answer is
 * captured, as the POST rows would fill it during the run.
 */
export async function fill(url: string, headers: Record<string, string>, bodies: { path: string; body: string }[]) {
  for (const b of bodies) {
    const res = await fetch(`${url}${b.path}`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: b.body,
    });
    if (!res.ok) throw new Error(`POST ${b.path}: ${res.status} ${await res.text()}`);
  }
}

export async function virtualBatteryRows(url: string): Promise<BenchRow[]> {
  const { headers, assets } = await batteries(url);
  const org = DEMO.provider.organisationId;
  await fill(url, headers, fcrBodies(assets.slice(0, 1)));
  return [
    {
      name: "GET a week of bids",
      method: "GET",
      path: `/organisations/${org}/virtual-assets/${assets[0]}/ancillary/bids?${weekQuery()}`,
      pattern: ANCILLARY_BIDS,
      headers,
    },
    { name: "POST 6 FCR bids", method: "POST", pattern: ANCILLARY_BIDS, headers, rotate: fcrBodies(assets) },
  ];
}

export async function runVirtualBatteryBench(): Promise<Record<string, unknown>[]> {
  const settings = benchSettings();
  const out: Record<string, unknown>[] = [];
  for (const database of databaseNames()) {
    const pair = await startPair(database, ASSETS, virtualBatteryRows);
    try {
      const [get, post] = await compareAlone(pair.rows, pair, () => settings.connections, settings);
      for (const row of [...ratioRows(get!, "bare Fastify GET", 0.5), ...ratioRows(post!, "bare Fastify POST", 0.25)]) {
        out.push({ database, ...row });
      }
    } finally {
      await pair.stop();
    }
  }
  return out;
}
