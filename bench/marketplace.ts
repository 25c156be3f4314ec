/**
 * Marketplace API on SQLite (an on-disk file, as in production), each next to the bare Fastify route of the same
 * run: GET one competition (target ≥ 50 % of bare GET) and POST a valid ballot (target ≥ 25 % of bare POST).
 *
 * Both run as the demo provider against the demo data. The ballot is the tutorial's (docs/marketplace.md): one bid for one
 * window of the open Availability competition, no assets named. Every POST is a full ballot submission — the domain's
 * eight rules, superseding the previous active ballot and storing the new one in one transaction — so the ballot
 * history grows through the run, as it would under a client resubmitting.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { loadConfig } from "../src/config.js";
import { connect } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { DEMO, seedDemoIfEmpty } from "../src/demo/seed.js";
import { createDeps } from "../src/deps.js";
import { buildApp } from "../src/http/app.js";
import { load, measureBaseline, ratioRow } from "./http.js";

export async function runMarketplaceBench(): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), "fm-bench-mp-"));
  const config = loadConfig(
    { FLEXMARKET_SECRET: "bench-secret-bench-secret-bench-secret", FLEXMARKET_DEMO: "0", LOG_LEVEL: "silent" },
    { sqlitePath: join(dir, "bench.sqlite"), engine: false, rateLimitPerMinute: 0 },
  );
  const db = connect({ sqlitePath: config.sqlitePath });
  await migrateToLatest(db);
  const deps = createDeps(config, { db, hashCost: "low", logger: pino({ level: "silent" }) });
  await seedDemoIfEmpty(deps);
  const app = await buildApp(config, { deps });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  try {
    const { token } = (await (
      await fetch(`${url}/authtoken/v1/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_id: DEMO.provider.clientId, api_key: DEMO.provider.apiKey }),
      })
    ).json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const opportunities = (await (await fetch(`${url}/bidding-opportunities/v1/`, { headers })).json()) as {
      competition_id: string;
      competition_type: string;
    }[];
    const availability = opportunities.find((o) => o.competition_type === "Availability");
    if (availability === undefined) throw new Error("the demo data has no open Availability competition");
    const competitionUrl = `${url}/competitions/v1/${availability.competition_id}/`;
    const competition = (await (await fetch(competitionUrl, { headers })).json()) as {
      service_periods: { service_windows: { id: string }[] }[];
    };
    const ballot = JSON.stringify({
      competition_id: availability.competition_id,
      bids: [
        {
          service_window_id: competition.service_periods[0]!.service_windows[0]!.id,
          capacity: "9.32",
          max_runtime: "1T01:30:00",
          rates: [{ type: "availability", value: "123.45" }],
        },
      ],
    });

    const baseline = await measureBaseline();
    const get = await load("GET /competitions/v1/{id}/", { url: competitionUrl, headers });
    const post = await load("POST /bids/v1/competitions/{id}/ballots/", {
      url: `${url}/bids/v1/competitions/${availability.competition_id}/ballots/`,
      method: "POST",
      headers,
      body: ballot,
    });
    return [
      ratioRow(baseline.get, baseline.get, 1),
      ratioRow(get, baseline.get, 0.5),
      ratioRow(baseline.post, baseline.post, 1),
      ratioRow(post, baseline.post, 0.25),
    ];
  } finally {
    await app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
