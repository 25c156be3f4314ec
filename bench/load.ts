/**
 * `npm run bench:load`: a bounded mixed workload on loopback — reads, ballots and ancillary bids at the same time —
 * against the real app (bench/app-server.ts) with the demo data and 300 extra virtual assets, on a fresh SQLite file
 * and, when TEST_DATABASE_URL or DATABASE_URL is set, a fresh PostgreSQL database. Every route is compared with a
 * bare Fastify server answering the very bytes the app answered on that route (bench/servers.ts), loaded with the
 * same requests and connections; autocannon runs in a process of its own (bench/http.ts), so no two of the three
 * share an event loop.
 *
 * Three phases, each alternating app and bare (app, bare, app, bare: LOAD_ROUNDS, at least 2) and reported as
 * medians: the two bare rows (the bare server's competition GET and ballot POST with all the connections, for its
 * capacity); each route alone for LOAD_ALONE_SECONDS (default 4; 0 skips) with its share of the connections; then
 * every route at once for LOAD_SECONDS (default 15). "vs bare" is a route's req/s on the app over the same route's
 * req/s on the bare server in the same phase; the mixed total likewise. LOAD_CONNECTIONS (default 24) is split over
 * the routes by WEIGHTS. `npm run bench:load -- --duration 2 --alone-duration 1 --rounds 2 --connections 24` sets
 * them from the command line. Rate limiting off, logs at `warn` (what is measured is the API, not the terminal).
 */
import { parseArgs } from "node:util";
import { DEMO } from "../src/demo/seed.js";
import { ballotBody, prepareTraffic } from "../test/api-processes.js";
import {
  type Compared,
  compareAlone,
  compareTogether,
  type HttpResult,
  loadRows,
  median,
  medianOf,
  percent,
  runsOf,
} from "./http.js";
import { type BenchRow, databaseNames, startPair } from "./servers.js";
import {
  ANCILLARY_BIDS,
  ASSETS,
  BLOCKS,
  batteries,
  deliveryDays,
  fcrBodies,
  fill,
  weekQuery,
} from "./virtual-battery.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string" },
    "alone-duration": { type: "string" },
    rounds: { type: "string" },
    connections: { type: "string" },
  },
});
const SECONDS = Number(values.duration ?? process.env.LOAD_SECONDS ?? 15);
const ALONE_SECONDS = Number(values["alone-duration"] ?? process.env.LOAD_ALONE_SECONDS ?? 4);
const ROUNDS = Math.max(2, Number(values.rounds ?? process.env.LOAD_ROUNDS ?? 2));
const CONNECTIONS = Number(values.connections ?? process.env.LOAD_CONNECTIONS ?? 24);

/** Share of the connections per route (reads 50 %, ballots 25 %, ancillary bids 25 %). */
const WEIGHTS: Record<string, number> = {
  "GET /competitions/v1/": 2,
  "GET /competitions/v1/{id}/": 2,
  "GET …/ancillary/bids (a week)": 2,
  "POST …/ballots/": 3,
  "POST …/ancillary/bids (FCR)": 1.5,
  "POST …/ancillary/bids (aFRR capacity)": 1.5,
};

function connectionsOf(row: BenchRow): number {
  const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  return Math.max(1, Math.round((CONNECTIONS * WEIGHTS[row.name]!) / total));
}

async function loadRowsOf(url: string): Promise<BenchRow[]> {
  const traffic = await prepareTraffic(url, 1);
  const reads = { authorization: `Bearer ${traffic.ballotToken}` };
  const { headers: writes, assets } = await batteries(url);
  const org = DEMO.provider.organisationId;
  const ballots = traffic.competitions.map((c, n) => ({
    path: `/bids/v1/competitions/${c.id}/ballots/`,
    body: JSON.stringify(ballotBody(c, n)),
  }));
  const afrr = assets.flatMap((id) =>
    deliveryDays().flatMap((deliveryDay) =>
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
  await fill(url, writes, [...fcrBodies(assets.slice(0, 1)), ...afrr.filter((b) => b.path.includes(`/${assets[0]}/`))]);
  const rows: BenchRow[] = [
    {
      name: "GET /competitions/v1/",
      method: "GET",
      path: "/competitions/v1/",
      pattern: "/competitions/v1/",
      headers: reads,
    },
    {
      name: "GET /competitions/v1/{id}/",
      method: "GET",
      path: `/competitions/v1/${traffic.competitions[0]!.id}/`,
      pattern: "/competitions/v1/:id/",
      headers: reads,
    },
    {
      name: "GET …/ancillary/bids (a week)",
      method: "GET",
      path: `/organisations/${org}/virtual-assets/${assets[0]}/ancillary/bids?${weekQuery()}`,
      pattern: ANCILLARY_BIDS,
      headers: writes,
    },
    {
      name: "POST …/ballots/",
      method: "POST",
      pattern: "/bids/v1/competitions/:id/ballots/",
      headers: reads,
      rotate: ballots,
    },
    {
      name: "POST …/ancillary/bids (FCR)",
      method: "POST",
      pattern: ANCILLARY_BIDS,
      headers: writes,
      rotate: fcrBodies(assets),
    },
    {
      name: "POST …/ancillary/bids (aFRR capacity)",
      method: "POST",
      pattern: ANCILLARY_BIDS,
      headers: writes,
      rotate: afrr,
    },
  ];
  // LOAD_ONLY (a regular expression over the route names) narrows the workload, e.g. to find what slows the mix.
  const only = process.env.LOAD_ONLY ? new RegExp(process.env.LOAD_ONLY) : undefined;
  return only ? rows.filter((r) => only.test(r.name)) : rows;
}

export async function runLoadBench(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const database of databaseNames()) {
    const pair = await startPair(database, ASSETS, loadRowsOf);
    try {
      out.push(...(await phases(pair.rows, pair)).map((row) => ({ database, ...row })));
    } finally {
      await pair.stop();
    }
  }
  return out;
}

async function phases(rows: BenchRow[], servers: { app: { url: string }; bare: { url: string } }) {
  const settings = { rounds: ROUNDS };
  // 1. The bare server's capacity: the competition GET and the ballot POST with all the connections.
  const bareCapacity = new Map<string, HttpResult[]>();
  for (const r of rows.filter((r) => r.name === "GET /competitions/v1/{id}/" || r.name === "POST …/ballots/")) {
    const runs: HttpResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      runs.push(...(await loadRows(rows, [r], servers.bare.url, () => CONNECTIONS, Math.max(1, ALONE_SECONDS))));
    }
    bareCapacity.set(r.name, runs);
  }
  // 2. Each route alone (LOAD_ALONE_SECONDS, 0 skips), with its share of the connections.
  const alone = new Map<string, Compared>();
  if (ALONE_SECONDS > 0) {
    for (const c of await compareAlone(rows, servers, connectionsOf, { ...settings, seconds: ALONE_SECONDS })) {
      alone.set(c.name, c);
    }
  }
  // 3. The mixed workload: every route at once.
  const mixed = await compareTogether(rows, servers, connectionsOf, { ...settings, seconds: SECONDS });

  const ratio = (c: Compared | undefined) =>
    c ? percent(medianOf(c.name, c.app).rps / medianOf(c.name, c.bare).rps) : "";
  const row = (c: Compared, connections: number) => {
    const app = medianOf(c.name, c.app);
    const a = alone.get(c.name);
    return {
      route: c.name,
      connections,
      "req/s": app.rps,
      "p50 ms": app.p50,
      "p99 ms": app.p99,
      non2xx: app.non2xx,
      errors: app.errors,
      "bare req/s": medianOf(c.name, c.bare).rps,
      "vs bare": ratio(c),
      "alone req/s": a ? medianOf(c.name, a.app).rps : "",
      "alone p99 ms": a ? medianOf(c.name, a.app).p99 : "",
      "alone bare req/s": a ? medianOf(c.name, a.bare).rps : "",
      "alone vs bare": ratio(a),
      "runs app / bare req/s": runsOf(c),
    };
  };
  const bareRow = (name: string, runs: HttpResult[] | undefined) => {
    const bare = runs ? medianOf(name, runs) : undefined;
    return {
      route: name,
      connections: CONNECTIONS,
      "req/s": bare?.rps ?? "",
      "p50 ms": bare?.p50 ?? "",
      "p99 ms": bare?.p99 ?? "",
      non2xx: bare?.non2xx ?? "",
      errors: bare?.errors ?? "",
      "bare req/s": "",
      "vs bare": "",
      "alone req/s": "",
      "alone p99 ms": "",
      "alone bare req/s": "",
      "alone vs bare": "",
      "runs app / bare req/s": runs ? runs.map((r) => r.rps).join(", ") : "",
    };
  };
  const total = (runs: "app" | "bare") =>
    median(Array.from({ length: ROUNDS }, (_, round) => mixed.reduce((sum, c) => sum + (c[runs][round]?.rps ?? 0), 0)));
  const appTotal = total("app");
  const bareTotal = total("bare");
  const sum = (pick: (c: Compared) => number) => mixed.reduce((a, c) => a + pick(c), 0);
  return [
    bareRow("bare Fastify GET", bareCapacity.get("GET /competitions/v1/{id}/")),
    bareRow("bare Fastify POST", bareCapacity.get("POST …/ballots/")),
    ...mixed.map((c) => row(c, connectionsOf(rows.find((r) => r.name === c.name)!))),
    {
      route: "mixed total",
      connections: CONNECTIONS,
      "req/s": Math.round(appTotal),
      "p50 ms": Math.max(...mixed.map((c) => medianOf(c.name, c.app).p50)),
      "p99 ms": Math.max(...mixed.map((c) => medianOf(c.name, c.app).p99)),
      non2xx: sum((c) => medianOf(c.name, c.app).non2xx),
      errors: sum((c) => medianOf(c.name, c.app).errors),
      "bare req/s": Math.round(bareTotal),
      "vs bare": percent(appTotal / bareTotal),
      "alone req/s": "",
      "alone p99 ms": "",
      "alone bare req/s": "",
      "alone vs bare": "",
      "runs app / bare req/s": "",
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(
    `\n## load: mixed workload for ${SECONDS} s × ${ROUNDS} rounds (app, bare, …), ${CONNECTIONS} connections, ` +
      `${databaseNames().join(" and ")}, Node ${process.version}\n`,
  );
  console.table(await runLoadBench());
  process.exit(0);
}
