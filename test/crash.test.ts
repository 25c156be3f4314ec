/**
 * Crash safety: an acknowledged write is never lost and nothing is ever half-written, even when the process dies
 * with SIGKILL in the middle of a burst of writes.
 *
 * Each round: a fresh database (SQLite file in a temp FLEXMARKET_DATA dir; a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set) → spawn the real server (`node --import tsx src/cli/main.ts serve`, demo data) → several
 * clients fire ballots (`POST /bids/v1/competitions/{id}/ballots/`, every service window of the competition) and
 * ancillary bids (`POST …/ancillary/bids`: two FCR products per request, or one aFRR capacity product, which writes
 * 1 + 16 implicit energy bids) → SIGKILL at a random moment (0.15–1.65 s after the first acknowledged write) →
 * restart on the same database → check:
 * - every request that got a 2xx is readable through the API after the restart (ballots and bid ids);
 * - no ballot without its bids or assets, exactly one active ballot per (competition, provider) and it is the newest;
 * - every aFRR capacity bid has all its implicit energy bids, every request's products are all there or none is,
 *   at most one live bid per product.
 * Rounds: CRASH_ROUNDS, else 3 (RELIABILITY_LONG=1 → 20). CRASH_SEED fixes the kill moments.
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { connect, type DialectName } from "../src/db/connect.js";
import { DEMO } from "../src/demo/seed.js";
import { createDeps } from "../src/deps.js";
import { createPgDatabase, DIALECTS } from "../src/testing/harness.js";
import { type ApiProcess, seedDemoWithBatteries, spawnServer } from "./api-processes.js";

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? (process.env.RELIABILITY_LONG === "1" ? 20 : 3));
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
const CLIENTS = 6;
/** Virtual assets added to the demo provider so that the ancillary burst outlasts the kill moment. */
const EXTRA_ASSETS = 8;

/** A small seeded generator (mulberry32) so a failing round can be replayed with CRASH_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as never) : (undefined as never), text };
}

interface Competition {
  id: string;
  windows: string[];
  rates: string[];
}

const RATES: Record<string, string[]> = {
  Availability: ["availability"],
  Utilisation: ["utilisation"],
  "Availability & Utilisation": ["availability", "utilisation"],
  "Service Fee": ["service_fee"],
};

/** The request bodies a round can send: open competitions, and the ancillary requests (each product once). */
async function prepare(base: string) {
  const marketplace = await call(base, "POST", "/authtoken/v1/", undefined, {
    client_id: DEMO.provider.clientId,
    api_key: DEMO.provider.apiKey,
  });
  expect(marketplace.status, marketplace.text).toBe(200);
  const battery = await call(base, "POST", "/auth/public/authenticate", undefined, {
    username: DEMO.provider.username,
    password: DEMO.provider.password,
  });
  expect(battery.status, battery.text).toBe(200);
  const ballotToken = (marketplace.body as { token: string }).token;
  const bidToken = (battery.body as { access_token: string }).access_token;

  const opportunities = await call(base, "GET", "/bidding-opportunities/v1/", ballotToken);
  const competitions: Competition[] = [];
  for (const o of opportunities.body as { competition_id: string; competition_type: string }[]) {
    const c = await call(base, "GET", `/competitions/v1/${o.competition_id}/`, ballotToken);
    const periods = (c.body as { service_periods: { service_windows: { id: string }[] }[] }).service_periods;
    competitions.push({
      id: o.competition_id,
      windows: periods.flatMap((p) => p.service_windows.map((w) => w.id)),
      rates: RATES[o.competition_type]!,
    });
  }
  expect(competitions.length).toBeGreaterThan(0);

  const org = DEMO.provider.organisationId;
  const assets = await call(base, "GET", `/organisations/${org}/virtual-assets`, bidToken);
  // The 5 MW assets (the demo's first asset already has bids of its own on some days).
  const large = (assets.body as { id: string; ratedDischargePower: number }[])
    .filter((a) => a.ratedDischargePower >= 5000)
    .map((a) => a.id);
  expect(large.length).toBe(EXTRA_ASSETS + 1);
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" });
  const blocks = ["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"];
  const ancillary: { asset: string; products: string[]; body: unknown }[] = [];
  for (let d = 2; d <= 6; d++) {
    const deliveryDay = day.format(new Date(Date.now() + d * 86_400_000));
    for (const asset of large) {
      for (let i = 0; i < blocks.length; i += 2) {
        const pair = [`NEGPOS_${blocks[i]}`, `NEGPOS_${blocks[i + 1]}`];
        ancillary.push({
          asset,
          products: pair.map((p) => `${asset}/${deliveryDay}_${p}`),
          body: pair.map((product) => ({
            product,
            deliveryDay,
            bids: [{ offeredCapacity: 1000, capacityPrice: 10.5, energyPrice: null }],
          })),
        });
      }
      for (const direction of ["POS", "NEG"]) {
        for (const b of blocks) {
          ancillary.push({
            asset,
            products: [`${asset}/${deliveryDay}_${direction}_${b}`],
            body: [
              {
                product: `${direction}_${b}`,
                deliveryDay,
                bids: [{ offeredCapacity: 1000, capacityPrice: 4.25, energyPrice: 60 }],
              },
            ],
          });
        }
      }
    }
  }
  return { ballotToken, bidToken, competitions, assets: large, ancillary };
}

interface Acked {
  ballots: { id: string; competitionId: string; bids: string[] }[];
  bids: string[];
  sentAncillary: string[][];
  failed: number;
  rejected: string[];
}

async function fire(
  base: string,
  prepared: Awaited<ReturnType<typeof prepare>>,
  rnd: () => number,
  stopAfterMs: number,
  kill: () => void,
): Promise<Acked> {
  const acked: Acked = { ballots: [], bids: [], sentAncillary: [], failed: 0, rejected: [] };
  const queue = [...prepared.ancillary];
  const org = DEMO.provider.organisationId;
  let dead = false;
  // The kill comes stopAfterMs after the first acknowledged write, so that every round has something to lose.
  let killer: NodeJS.Timeout | undefined;
  // Nothing acknowledged within 20 s (every request refused?): kill anyway; the round then fails as vacuous.
  const fallback = setTimeout(() => {
    dead = true;
    kill();
  }, 20_000);
  const acknowledged = () => {
    killer ??= setTimeout(() => {
      dead = true;
      kill();
    }, stopAfterMs);
  };

  async function ballotClient() {
    while (!dead) {
      const c = prepared.competitions[Math.floor(rnd() * prepared.competitions.length)]!;
      const body = {
        competition_id: c.id,
        bids: c.windows.map((w) => ({
          service_window_id: w,
          capacity: `0.${String(100 + Math.floor(rnd() * 800))}`,
          max_runtime: "01:30:00",
          rates: c.rates.map((type) => ({ type, value: "12.34" })),
        })),
      };
      try {
        const res = await call(base, "POST", `/bids/v1/competitions/${c.id}/ballots/`, prepared.ballotToken, body);
        if (res.status === 201) {
          const b = res.body as { id: string; bids: { id: string }[] };
          acked.ballots.push({ id: b.id, competitionId: c.id, bids: b.bids.map((x) => x.id) });
          acknowledged();
        } else acked.rejected.push(res.text.slice(0, 200));
      } catch {
        acked.failed++;
        return;
      }
    }
  }

  async function bidClient() {
    while (!dead) {
      const next = queue.shift();
      if (!next) return;
      acked.sentAncillary.push(next.products);
      try {
        const res = await call(
          base,
          "POST",
          `/organisations/${org}/virtual-assets/${next.asset}/ancillary/bids`,
          prepared.bidToken,
          next.body,
        );
        if (res.status === 201) {
          for (const p of res.body as { bids: { bidID: string }[] }[]) acked.bids.push(...p.bids.map((b) => b.bidID));
          acknowledged();
        } else acked.rejected.push(res.text.slice(0, 200));
      } catch {
        acked.failed++;
        return;
      }
    }
  }

  await Promise.all([
    ...Array.from({ length: CLIENTS / 2 }, ballotClient),
    ...Array.from({ length: CLIENTS / 2 }, bidClient),
  ]);
  // Ballot clients run until the kill cuts them off, so this returns after the kill.
  if (killer) clearTimeout(killer);
  clearTimeout(fallback);
  return acked;
}

async function verify(base: string, prepared: Awaited<ReturnType<typeof prepare>>, acked: Acked) {
  // 1. Through the API: every acknowledged ballot (with its bids) and every acknowledged bid id is there.
  for (const c of prepared.competitions) {
    const res = await call(base, "GET", `/bids/v1/competitions/${c.id}/ballots/?limit=1000`, prepared.ballotToken);
    expect(res.status).toBe(200);
    const stored = new Map((res.body as { id: string; bids: { id: string }[] }[]).map((b) => [b.id, b]));
    for (const a of acked.ballots.filter((b) => b.competitionId === c.id)) {
      expect(
        stored.get(a.id)?.bids.map((b) => b.id),
        `acknowledged ballot ${a.id} after the restart`,
      ).toEqual(a.bids);
    }
  }
  const from = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const to = new Date(Date.now() + 9 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const org = DEMO.provider.organisationId;
  let listed = "";
  for (const asset of prepared.assets) {
    const bids = await call(
      base,
      "GET",
      `/organisations/${org}/virtual-assets/${asset}/ancillary/bids?start=${from}&end=${to}`,
      prepared.bidToken,
    );
    expect(bids.status, bids.text.slice(0, 300)).toBe(200);
    listed += bids.text;
  }
  for (const id of acked.bids) expect(listed.includes(id), `acknowledged ancillary bid ${id}`).toBe(true);
}

/** Invariants read straight from the database: nothing half-written. */
async function verifyDatabase(db: ReturnType<typeof connect>, prepared: Awaited<ReturnType<typeof prepare>>) {
  const k = db.kysely;
  const windows = new Map(prepared.competitions.map((c) => [c.id, c.windows.length]));
  const ballots = (
    await sql<{ id: string; competition_id: string; provider_id: string; status: string; created_at: string }>`
      select id, competition_id, provider_id, status, created_at from ballots`.execute(k)
  ).rows;
  const bidCounts = new Map(
    (
      await sql<{ ballot_id: string; n: number }>`select ballot_id, count(*) as n from bids group by ballot_id`.execute(
        k,
      )
    ).rows.map((r) => [r.ballot_id, Number(r.n)]),
  );
  const assetCounts = new Map(
    (
      await sql<{
        ballot_id: string;
        n: number;
      }>`select ballot_id, count(*) as n from ballot_assets group by ballot_id`.execute(k)
    ).rows.map((r) => [r.ballot_id, Number(r.n)]),
  );
  for (const b of ballots) {
    const expected = windows.get(b.competition_id);
    if (expected !== undefined) expect(bidCounts.get(b.id), `bids of ballot ${b.id}`).toBe(expected);
    else expect(bidCounts.get(b.id) ?? 0, `bids of ballot ${b.id}`).toBeGreaterThan(0);
    expect(assetCounts.get(b.id) ?? 0, `assets of ballot ${b.id}`).toBeGreaterThan(0);
  }
  const groups = new Map<string, typeof ballots>();
  for (const b of ballots) {
    const key = `${b.competition_id}/${b.provider_id}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  for (const [key, group] of groups) {
    const active = group.filter((b) => b.status === "active");
    expect(active, `active ballots of ${key}`).toHaveLength(1);
    const newest = group.reduce((a, b) => (b.created_at > a.created_at ? b : a));
    expect(active[0]!.id, `the active ballot of ${key} is the newest`).toBe(newest.id);
  }

  const rows = (
    await sql<{
      id: string;
      virtual_asset_id: string;
      market: string;
      product_date_code: string;
      parent_bid_id: string | null;
      replaced_at: string | null;
      product_start: string;
      product_end: string;
    }>`select id, virtual_asset_id, market, product_date_code, parent_bid_id, replaced_at,
       product_start, product_end from ancillary_bids`.execute(k)
  ).rows;
  const children = new Map<string, number>();
  for (const r of rows) if (r.parent_bid_id) children.set(r.parent_bid_id, (children.get(r.parent_bid_id) ?? 0) + 1);
  for (const r of rows.filter((x) => x.market === "AFRRCapacity")) {
    const quarters = (Date.parse(r.product_end) - Date.parse(r.product_start)) / 900_000;
    expect(children.get(r.id), `implicit energy bids of ${r.product_date_code}`).toBe(quarters);
  }
  const live = new Map<string, number>();
  const keyOf = (r: (typeof rows)[number]) => `${r.virtual_asset_id}/${r.product_date_code}`;
  for (const r of rows.filter((x) => x.replaced_at === null)) live.set(keyOf(r), (live.get(keyOf(r)) ?? 0) + 1);
  for (const [code, n] of live) expect(n, `live bids of ${code}`).toBe(1);
  return { ballots: ballots.length, ancillaryRows: rows.length, codes: new Set(rows.map(keyOf)) };
}

describe("SQLite durability settings", () => {
  it("opens the file in WAL mode with the configured synchronous level (NORMAL = 1, FULL = 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fm-sync-"));
    try {
      for (const [level, expected] of [
        ["NORMAL", 1],
        ["FULL", 2],
      ] as const) {
        const config = loadConfig({ FLEXMARKET_DATA: dir, FLEXMARKET_SQLITE_SYNC: level.toLowerCase() });
        expect(config.sqliteSynchronous).toBe(level);
        const deps = createDeps({ ...config, secret: "x".repeat(32) }, { hashCost: "low" });
        try {
          const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(deps.db.kysely);
          const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(deps.db.kysely);
          expect(Number(sync.rows[0]?.synchronous)).toBe(expected);
          expect(mode.rows[0]?.journal_mode).toBe("wal");
        } finally {
          await deps.db.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(DIALECTS)("crash safety under SIGKILL (%s)", (dialect: DialectName) => {
  const totals = { rounds: 0, ballots: 0, bids: 0, cut: 0, rejected: 0 };
  afterAll(() => {
    console.info(
      `crash (${dialect}, seed ${SEED}): ${totals.rounds} passed rounds of kill -9; ${totals.ballots} acknowledged ` +
        `ballots and ${totals.bids} acknowledged ancillary bids, all present after restart; ${totals.cut} ` +
        `requests cut by the kill, none half-written (${totals.rejected} requests answered 4xx)`,
    );
  });

  for (let round = 0; round < ROUNDS; round++) {
    it(`round ${round + 1}: every acknowledged write survives, nothing is half-written`, async () => {
      const rnd = random(SEED + round * 7919 + (dialect === "postgres" ? 1 : 0));
      const dataDir = mkdtempSync(join(tmpdir(), "fm-crash-"));
      const pgDb = dialect === "postgres" ? await createPgDatabase("fm_crash") : undefined;
      // SQLite rounds alternate the two durability levels: both must survive a killed process.
      const env: Record<string, string> = {
        FLEXMARKET_DATA: dataDir,
        FLEXMARKET_DEMO: "1",
        FLEXMARKET_SQLITE_SYNC: round % 2 === 0 ? "NORMAL" : "FULL",
      };
      if (pgDb) env.DATABASE_URL = pgDb.url;
      let server: ApiProcess | undefined;
      try {
        await seedDemoWithBatteries(env, EXTRA_ASSETS);
        server = await spawnServer(env);
        const prepared = await prepare(server.url);
        const running = server;
        const killAfter = 150 + Math.floor(rnd() * 1500);
        const acked = await fire(server.url, prepared, rnd, killAfter, () => running.child.kill("SIGKILL"));
        await waitForExit(running.child);
        expect(running.child.signalCode).toBe("SIGKILL");

        server = await spawnServer(env);
        await verify(server.url, prepared, acked);
        server.child.kill("SIGTERM");
        await waitForExit(server.child);
        server = undefined;

        const db = connect(
          pgDb ? { databaseUrl: pgDb.url } : { sqlitePath: join(dataDir, "flexmarket.db"), sqliteSynchronous: "FULL" },
        );
        try {
          const stored = await verifyDatabase(db, prepared);
          // Each ancillary request's products: all stored or none (requests cut by the kill included).
          for (const products of acked.sentAncillary) {
            const present = products.filter((p) => stored.codes.has(p)).length;
            expect([0, products.length], `products of one request ${products.join(",")}`).toContain(present);
          }
        } finally {
          await db.close();
        }
        totals.rounds++;
        totals.ballots += acked.ballots.length;
        totals.bids += acked.bids.length;
        totals.cut += acked.failed;
        totals.rejected += acked.rejected.length;
        // Never vacuous: the burst wrote something before the kill (or the prepared set ran out).
        expect(acked.ballots.length + acked.bids.length, acked.rejected.slice(0, 3).join("\n")).toBeGreaterThan(0);
      } finally {
        server?.child.kill("SIGKILL");
        if (server) await waitForExit(server.child);
        await pgDb?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 180_000);
  }
});
