/**
 * `npm run bench:load`: a bounded mixed workload on loopback with autocannon — reads, ballots and ancillary bids at
 * the same time, against the real app on an on-disk SQLite file (DATABASE_URL: PostgreSQL) with demo data — reported
 * per route (req/s, p50, p99, non-2xx) next to a bare Fastify GET and POST measured in the same run with the same
 * number of connections.
 *
 * LOAD_SECONDS (default 30) is the mixed run; each bare baseline runs a third of it (at least 5 s); before the mixed
 * run each route is measured alone for LOAD_ALONE_SECONDS (default 5; 0 skips) with the same connections.
 * LOAD_CONNECTIONS (default 24) is split over the routes by WEIGHTS. The app and the bare baseline each run in a child
 * process of their own (`bench/load.ts app|bare`), so autocannon does not share their event loop. The app runs the
 * engine's ancillary submission job (no delay, every 20 ms), so a product comes round again only after its bids were
 * placed; rate limiting off, logs at `warn` (what is measured is the API, not the terminal).
 *
 * "vs bare" is a route's req/s over the bare route's req/s (bare GET for reads, bare POST for writes). Both saturate
 * one event loop, so the ratio does not depend much on the connection count; in the mixed run the routes share the
 * app's loop, so their ratios add up to the total's.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createVirtualAsset } from "../src/admin/virtual-assets.js";
import { loadConfig } from "../src/config.js";
import { connect } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { DEMO, seedDemoIfEmpty } from "../src/demo/seed.js";
import { createDeps } from "../src/deps.js";
import { BERLIN, localDate, startOfDay, toIso } from "../src/domain/time.js";
import { startAncillarySubmission } from "../src/engine/ancillary-submission.js";
import { buildApp } from "../src/http/app.js";
import { type HttpResult, load, startBare } from "./http.js";

const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 24);
const ALONE_SECONDS = Number(process.env.LOAD_ALONE_SECONDS ?? 5);
const ASSETS = 300;
const BLOCKS = ["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"];

/** Share of the connections per route (reads 50 %, ballots 25 %, ancillary bids 25 %). */
const WEIGHTS = {
  "GET /competitions/v1/": 2,
  "GET /competitions/v1/{id}/": 2,
  "GET …/ancillary/bids (a week)": 2,
  "POST …/ballots/": 3,
  "POST …/ancillary/bids (FCR)": 1.5,
  "POST …/ancillary/bids (aFRR capacity)": 1.5,
} as const;
type RouteName = keyof typeof WEIGHTS;

function connectionsOf(name: RouteName): number {
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  return Math.max(1, Math.round((CONNECTIONS * WEIGHTS[name]) / total));
}

async function json<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${url} → ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Child mode `app`: the API with its data, on a port of its own; prints `{url, assets, days, week}` once listening. */
async function serveApp(dir: string): Promise<void> {
  const config = loadConfig(
    {
      FLEXMARKET_SECRET: "bench-secret-bench-secret-bench-secret",
      FLEXMARKET_DEMO: "0",
      LOG_LEVEL: "warn",
      DATABASE_URL: process.env.DATABASE_URL,
      FLEXMARKET_SQLITE_SYNC: process.env.FLEXMARKET_SQLITE_SYNC,
    },
    { sqlitePath: join(dir, "load.sqlite"), engine: false, rateLimitPerMinute: 0 },
  );
  const db = connect({
    databaseUrl: config.databaseUrl,
    sqlitePath: config.sqlitePath,
    sqliteSynchronous: config.sqliteSynchronous,
  });
  await migrateToLatest(db);
  const deps = createDeps(config, { db, hashCost: "low", logger: pino({ level: "warn" }) });
  await seedDemoIfEmpty(deps);
  const now = deps.clock.now();
  const today = localDate(now, BERLIN);
  const assets: string[] = [];
  for (let i = 0; i < ASSETS; i++) {
    const { virtualAsset } = await createVirtualAsset(
      { db, now },
      {
        organisationId: DEMO.provider.organisationId,
        energyKwh: 20_000,
        powerKw: 10_000,
        start: startOfDay(today, BERLIN),
        end: startOfDay(today.add({ days: 30 }), BERLIN),
      },
    );
    assets.push(virtualAsset.spec.id);
  }
  const app = await buildApp(config, { deps });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  const stopSubmission = startAncillarySubmission(deps, { delayMs: 0, pollMs: 20 });
  process.once("SIGTERM", async () => {
    await stopSubmission();
    await app.close();
    await db.close();
    process.exit(0);
  });
  // FCR may be bid up to 7 days ahead; tomorrow's gate may have closed, so days 2…7.
  const days = [2, 3, 4, 5, 6, 7].map((d) => today.add({ days: d }).toString());
  const week = `start=${toIso(startOfDay(today.add({ days: 1 }), BERLIN))}&end=${toIso(startOfDay(today.add({ days: 8 }), BERLIN))}`;
  process.stdout.write(`${JSON.stringify({ url, assets, days, week })}\n`);
}

/** Child mode `bare`: the bare Fastify baseline, in a process of its own like the app. */
async function serveBare(): Promise<void> {
  const bare = await startBare();
  process.once("SIGTERM", async () => {
    await bare.close();
    process.exit(0);
  });
  process.stdout.write(`${JSON.stringify({ url: bare.url })}\n`);
}

/** Starts this file in a child mode and returns its first line (JSON) and a stop function. */
async function spawnMode<T>(
  mode: string,
  env: Record<string, string>,
): Promise<{ info: T; stop: () => Promise<void> }> {
  // LOAD_PROFILE=<dir>: a CPU profile of the app process (written when it stops).
  const profile =
    mode === "app" && process.env.LOAD_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.LOAD_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", fileURLToPath(import.meta.url), mode], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const info = await new Promise<T>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line && out.includes("\n")) resolve(JSON.parse(line) as T);
    });
    child.once("exit", (code) => reject(new Error(`bench child "${mode}" exited with ${code}`)));
  });
  return {
    info,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export async function runLoadBench(): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), "fm-bench-load-"));
  const org = DEMO.provider.organisationId;
  const served = await spawnMode<{ url: string; assets: string[]; days: string[]; week: string }>("app", {
    LOAD_DIR: dir,
  });
  const bareServer = await spawnMode<{ url: string }>("bare", {});
  const { url, assets, days, week } = served.info;
  const bare = bareServer.info;
  try {
    const { token } = await json<{ token: string }>(`${url}/authtoken/v1/`, {
      method: "POST",
      body: JSON.stringify({ client_id: DEMO.provider.clientId, api_key: DEMO.provider.apiKey }),
    });
    const headers = { authorization: `Bearer ${token}` };
    const opportunities = await json<{ competition_id: string; competition_type: string }[]>(
      `${url}/bidding-opportunities/v1/`,
      { headers },
    );
    const ballots = await Promise.all(
      opportunities.map(async (o) => {
        const c = await json<{ service_periods: { service_windows: { id: string }[] }[] }>(
          `${url}/competitions/v1/${o.competition_id}/`,
          { headers },
        );
        const rates =
          o.competition_type === "Availability & Utilisation"
            ? ["availability", "utilisation"]
            : [o.competition_type === "Availability" ? "availability" : "utilisation"];
        return {
          path: `/bids/v1/competitions/${o.competition_id}/ballots/`,
          body: JSON.stringify({
            competition_id: o.competition_id,
            bids: c.service_periods
              .flatMap((p) => p.service_windows)
              .map((w) => ({
                service_window_id: w.id,
                capacity: "0.500",
                max_runtime: "1 01:30:00",
                rates: rates.map((type) => ({ type, value: "42.50" })),
              })),
          }),
        };
      }),
    );
    const fcrBodies = assets.flatMap((id) =>
      days.map((deliveryDay) => ({
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
    const afrrBodies = assets.flatMap((id) =>
      days.flatMap((deliveryDay) =>
        ["POS", "NEG"].map((direction) => ({
          path: `/organisations/${org}/virtual-assets/${id}/ancillary/bids`,
          body: JSON.stringify(
            BLOCKS.map((b, i) => ({
              product: `${direction}_${b}`,
              deliveryDay,
              bids: [{ offeredCapacity: 1000, capacityPrice: 5 + i, energyPrice: 80 }],
            })),
          ),
        })),
      ),
    );
    const rotate = (bodies: { path: string; body: string }[]) => {
      let next = 0;
      return (req: Record<string, unknown>) => {
        const b = bodies[next++ % bodies.length]!;
        return { ...req, method: "POST", path: b.path, body: b.body };
      };
    };

    // 1. The bare baselines, alone, with all the connections.
    const baseSeconds = Math.max(5, Math.round(SECONDS / 3));
    const bareGet = await load("bare Fastify GET", {
      url: `${bare.url}/bare`,
      connections: CONNECTIONS,
      seconds: baseSeconds,
    });
    const barePost = await load("bare Fastify POST", {
      url: `${bare.url}/bare`,
      method: "POST",
      body: ballots[0]!.body,
      connections: CONNECTIONS,
      seconds: baseSeconds,
    });

    const routes: [RouteName, () => Parameters<typeof load>[1]][] = [
      ["GET /competitions/v1/", () => ({ url: `${url}/competitions/v1/`, headers })],
      [
        "GET /competitions/v1/{id}/",
        () => ({ url: `${url}/competitions/v1/${opportunities[0]!.competition_id}/`, headers }),
      ],
      [
        "GET …/ancillary/bids (a week)",
        () => ({ url: `${url}/organisations/${org}/virtual-assets/${assets[0]}/ancillary/bids?${week}`, headers }),
      ],
      ["POST …/ballots/", () => ({ url, method: "POST", headers, setupRequest: rotate(ballots) })],
      ["POST …/ancillary/bids (FCR)", () => ({ url, method: "POST", headers, setupRequest: rotate(fcrBodies) })],
      [
        "POST …/ancillary/bids (aFRR capacity)",
        () => ({ url, method: "POST", headers, setupRequest: rotate(afrrBodies) }),
      ],
    ];

    // LOAD_ONLY (a regular expression over the route names) narrows the workload, e.g. to find what slows the mix.
    const only = process.env.LOAD_ONLY ? new RegExp(process.env.LOAD_ONLY) : undefined;
    if (only) routes.splice(0, routes.length, ...routes.filter(([name]) => only.test(name)));

    // 2. Each route alone (LOAD_ALONE_SECONDS, 0 skips), with its share of the connections.
    const alone = new Map<string, HttpResult>();
    if (ALONE_SECONDS > 0) {
      for (const [name, opts] of routes) {
        alone.set(name, await load(name, { ...opts(), connections: connectionsOf(name), seconds: ALONE_SECONDS }));
      }
    }

    // 3. The mixed workload: every route at once.
    const mixed = await Promise.all(
      routes.map(([name, opts]) => load(name, { ...opts(), connections: connectionsOf(name), seconds: SECONDS })),
    );

    const row = (r: HttpResult, baseline: HttpResult | undefined, connections: number) => ({
      route: r.name,
      connections,
      "req/s": r.rps,
      "p50 ms": r.p50,
      "p99 ms": r.p99,
      non2xx: r.non2xx,
      errors: r.errors,
      "vs bare": baseline ? `${((100 * r.rps) / baseline.rps).toFixed(1)} %` : "",
      "alone req/s": alone.get(r.name)?.rps ?? "",
      "alone p99 ms": alone.get(r.name)?.p99 ?? "",
      "alone vs bare": (() => {
        const a = alone.get(r.name);
        return a && baseline ? `${((100 * a.rps) / baseline.rps).toFixed(1)} %` : "";
      })(),
    });
    const rows = [
      row(bareGet, undefined, CONNECTIONS),
      row(barePost, undefined, CONNECTIONS),
      ...mixed.map((r) => row(r, r.name.startsWith("GET") ? bareGet : barePost, connectionsOf(r.name as RouteName))),
    ];
    const total = mixed.reduce((a, r) => a + r.rps, 0);
    rows.push({
      route: "mixed total",
      connections: CONNECTIONS,
      "req/s": total,
      "p50 ms": Math.max(...mixed.map((r) => r.p50)),
      "p99 ms": Math.max(...mixed.map((r) => r.p99)),
      non2xx: mixed.reduce((a, r) => a + r.non2xx, 0),
      errors: mixed.reduce((a, r) => a + r.errors, 0),
      "vs bare": `${((100 * total) / bareGet.rps).toFixed(1)} % of bare GET, ${((100 * total) / barePost.rps).toFixed(1)} % of bare POST`,
      "alone req/s": "",
      "alone p99 ms": "",
      "alone vs bare": "",
    });
    return rows;
  } finally {
    await bareServer.stop();
    await served.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
if (mode === "app") await serveApp(process.env.LOAD_DIR!);
else if (mode === "bare") await serveBare();
else if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`\n## load: mixed workload for ${SECONDS} s, ${CONNECTIONS} connections, ${config()}\n`);
  console.table(await runLoadBench());
  process.exit(0);
}

function config(): string {
  const sqlite = `SQLite (file, WAL, synchronous=${process.env.FLEXMARKET_SQLITE_SYNC ?? "NORMAL"})`;
  return `${process.env.DATABASE_URL ? "PostgreSQL" : sqlite}, Node ${process.version}`;
}
