/**
 * Marketplace API, each route next to a bare Fastify route answering the same bytes (bench/http.ts, method): GET one
 * competition (target ≥ 50 % of its bare route) and POST a valid ballot (target ≥ 25 % of its bare route), on a
 * fresh SQLite file and, when TEST_DATABASE_URL or DATABASE_URL is set, a fresh PostgreSQL database.
 *
 * Both run as the demo provider against the demo data. The ballot is the tutorial's (docs/marketplace.md): one bid for one
 * window of the open Availability competition, no assets named. Every POST is a full ballot submission — the domain's
 * eight rules, superseding the previous active ballot and storing the new one in one transaction — so the ballot
 * history grows through the run, as it would under a client resubmitting.
 */
import { prepareTraffic } from "../test/api-processes.js";
import { benchSettings, compareAlone, ratioRows } from "./http.js";
import { type BenchRow, databaseNames, startPair } from "./servers.js";

export async function marketplaceRows(url: string): Promise<BenchRow[]> {
  const traffic = await prepareTraffic(url, 1);
  const availability = traffic.competitions.find((c) => c.rates.join() === "availability");
  if (availability === undefined) throw new Error("the demo data has no open Availability competition");
  const headers = { authorization: `Bearer ${traffic.ballotToken}` };
  return [
    {
      name: "GET /competitions/v1/{id}/",
      method: "GET",
      path: `/competitions/v1/${availability.id}/`,
      pattern: "/competitions/v1/:id/",
      headers,
    },
    {
      name: "POST /bids/v1/competitions/{id}/ballots/",
      method: "POST",
      path: `/bids/v1/competitions/${availability.id}/ballots/`,
      pattern: "/bids/v1/competitions/:id/ballots/",
      headers,
      body: JSON.stringify({
        competition_id: availability.id,
        bids: [
          {
            service_window_id: availability.windows[0]!,
            capacity: "9.32",
            max_runtime: "1T01:30:00",
            rates: [{ type: "availability", value: "123.45" }],
          },
        ],
      }),
    },
  ];
}

export async function runMarketplaceBench(): Promise<Record<string, unknown>[]> {
  const settings = benchSettings();
  const out: Record<string, unknown>[] = [];
  for (const database of databaseNames()) {
    const pair = await startPair(database, 0, marketplaceRows);
    try {
      const [get, post] = await compareAlone(pair.rows, pair, () => settings.connections, settings);
      // Targets (README, "Benchmarks"): SQLite GET ≥ 50 %, POST ≥ 25 %; PostgreSQL (a round trip per statement) ≥ 30 %, ≥ 10 %.
      const [getTarget, postTarget] = database === "SQLite" ? [0.5, 0.25] : [0.3, 0.1];
      for (const row of [
        ...ratioRows(get!, "bare Fastify GET", getTarget),
        ...ratioRows(post!, "bare Fastify POST", postTarget),
      ]) {
        out.push({ database, ...row });
      }
    } finally {
      await pair.stop();
    }
  }
  return out;
}
