/**
 * `npm run bench -- burst`: the gate-closure burst. In the last minute before a gate, 2,000 virtual assets each POST
 * one delivery day of aFRR energy bids (the day's positive products, 96 on a normal day) and 500 providers re-submit
 * their ballot for a competition closing at that same instant. Every answer must be a 201 (the request is stored) or a
 * clear 400 `gate_closed` / `competition_not_open` once the gate has passed (stored nothing); nothing lost, no other
 * answer. Reported: acknowledged per second, latency p50 / p99 / max, and how many requests sent before the gate
 * were refused because they waited past it — on SQLite and, with TEST_DATABASE_URL, PostgreSQL.
 *
 * Method: the app runs on a simulated market clock at real speed (`FLEXMARKET_CLOCK=sim:<gate − 75 s>:x1`), so its
 * gate falls a known real time after start (the app prints its market clock against real time when it is ready).
 * Tomorrow in Berlin is the delivery day; its first aFRR energy product's gate (23:35 Berlin) is the moment. The
 * requests, in a shuffled order (every hundredth client late: 1 s after the gate), are sent twice over (a fresh
 * database each): spread evenly over the last minute before the gate (ending 1 s before it), then all at once at its
 * start — each at its own instant by a generator process of its own (bench/burst-generator.ts, open loop: a slow
 * answer does not hold back the next client). After the gate, the database is read: every acknowledged request's
 * rows are there, every refused one left nothing. BURST_ASSETS and BURST_PROVIDERS scale it down for a quick look.
 */
import { loadConfig } from "../src/config.js";
import { collect } from "../src/db/chunks.js";
import { systemActor } from "../src/db/repositories/audit.js";
import { insertFlexAsset } from "../src/db/repositories/marketplace/assets.js";
import { findCompetition } from "../src/db/repositories/marketplace/competitions.js";
import { selectQualifications } from "../src/db/repositories/marketplace/qualifications.js";
import { insertApiKey, insertOrganisation } from "../src/db/repositories/organisations.js";
import { DEMO_BATTERY } from "../src/demo/marketplace.js";
import { COMMON, openCompetitions, timetable } from "../src/demo/marketplace-competitions.js";
import { DEMO } from "../src/demo/seed.js";
import { createDeps, type Deps } from "../src/deps.js";
import { platformGate } from "../src/domain/ancillary/gates.js";
import { productsOf } from "../src/domain/ancillary/products.js";
import { unwrap } from "../src/domain/errors.js";
import { BERLIN, DAY_MS, type EpochMs, localDate } from "../src/domain/time.js";
import { newShortId } from "../src/ids.js";
import { parseFlexAsset } from "../src/operations/marketplace/asset-fields.js";
import { createCompetition } from "../src/operations/marketplace/so-create-competition.js";
import { publishCompetition } from "../src/operations/marketplace/so-publish-competition.js";
import { qualifyCompetition } from "../src/operations/marketplace/so-qualify-competition.js";
import { submitBallot } from "../src/operations/marketplace/submit-ballot.js";
import { changeEntryStatus } from "../src/operations/marketplace/update-qualification.js";
import type { BurstAnswer, BurstRequest, BurstSpec } from "./burst-generator.js";
import { childLines, median } from "./http.js";
import { type BenchDatabase, createDatabase, databaseNames, startApp } from "./servers.js";
import { batteries } from "./virtual-battery.js";

const ASSETS = Number(process.env.BURST_ASSETS ?? 2000);
const PROVIDERS = Number(process.env.BURST_PROVIDERS ?? 500);
/** The burst: the last minute before the gate. */
const BURST_MS = 60_000;
/** Market time from the app's start to the burst's first request: start-up, sign-in, building the requests. */
const LEAD_MS = 15_000;
/** Connections the generator holds open at most (the assets' and providers' clients). */
const SOCKETS = 256;
const SO = "demo-dso-org";

interface Moment {
  deliveryDay: string;
  /** The platform gate of the day's first aFRR energy product; the competition closes at it too. */
  gate: EpochMs;
  products: string[];
}

function moment(): Moment {
  const deliveryDay = localDate(Date.now(), BERLIN).add({ days: 1 }).toString();
  const positive = productsOf("AFRREnergy", deliveryDay).filter((p) => p.code.startsWith("POS_"));
  return { deliveryDay, gate: platformGate(positive[0]!), products: positive.map((p) => p.code) };
}

interface Provider {
  id: string;
  token: string;
  /** Its ballot before the burst (active until a re-submission is acknowledged). */
  firstBallot: string;
}

/**
 * PROVIDERS providers, each with a 5 MW battery (the demo's) qualified for and entered into a competition that closes at the
 * gate, a first ballot in it and an access token: as the demo seeds its provider, with the same use cases.
 */
async function seedProviders(
  env: Record<string, string>,
  gate: EpochMs,
): Promise<{ competitionId: string; windowId: string; providers: Provider[] }> {
  const deps: Deps = createDeps(loadConfig({ ...env, LOG_LEVEL: "silent" }), { hashCost: "low" });
  try {
    const db = deps.db;
    const authored = gate - 15 * DAY_MS;
    const qualified = gate - 10 * DAY_MS;
    const providers: Provider[] = [];
    for (let i = 0; i < PROVIDERS; i++) {
      const id = `burst-${String(i).padStart(4, "0")}`;
      await insertOrganisation(db.kysely, {
        id,
        name: `Burst provider ${i}`,
        role: "provider",
        createdAt: new Date(authored).toISOString(),
      });
      const asset = parseFlexAsset({ ...DEMO_BATTERY, ref: `BURST-BAT-${i}`, name: `Burst battery ${i}` }, undefined, {
        providerId: id,
        id: newShortId(),
        now: authored,
      });
      await insertFlexAsset(db.kysely, unwrap(asset));
      const clientId = `bench-${id}`;
      await insertApiKey(db.kysely, {
        clientId,
        organisationId: id,
        name: "burst",
        secretHash: "-",
        createdAt: new Date(authored).toISOString(),
      });
      const issued = await deps.tokens.issue(
        { subject: clientId, organisationId: id, role: "provider", credential: "key" },
        "access",
      );
      providers.push({ id, token: issued.token, firstBallot: "" });
    }
    const availability = openCompetitions(gate).find((c) => c.type === "Availability")!;
    const { periodStart: _s, periodEnd: _e, ...times } = timetable(gate, -14 * DAY_MS, -7 * DAY_MS, 0, DAY_MS, 30);
    const body = {
      ...availability,
      ...COMMON,
      ...times,
      reference: "BURST_CLOSING",
      name: "Burst: closes at the gate",
    };
    const actor = systemActor("operator", SO);
    const competitionId = await createCompetition({ db, now: authored }, { systemOperatorId: SO, body, actor });
    await publishCompetition({ db, now: authored }, { systemOperatorId: SO, competitionId, actor });
    await qualifyCompetition({ db, now: qualified }, { systemOperatorId: SO, competitionId, actor });
    const windowId = (await findCompetition(db.kysely, competitionId))!.servicePeriods[0]!.serviceWindows[0]!.id;
    for (const p of providers) {
      const { chunks } = await selectQualifications(db.kysely, p.id, { competitionId }, { offset: 0 });
      const self = systemActor("operator", p.id);
      for (const row of await collect(chunks)) {
        await changeEntryStatus(
          { db, now: qualified },
          { providerId: p.id, qualificationId: row.id, status: "Entered", actor: self },
        );
      }
      const first = await submitBallot(
        { db, now: gate - DAY_MS },
        { providerId: p.id, competitionId, actor: self, body: ballotBody(competitionId, windowId, "1.000") },
      );
      p.firstBallot = first.id;
    }
    return { competitionId, windowId, providers };
  } finally {
    await deps.db.close();
  }
}

function ballotBody(competitionId: string, windowId: string, capacity: string) {
  return {
    competition_id: competitionId,
    bids: [
      {
        service_window_id: windowId,
        capacity,
        max_runtime: "01:30:00",
        rates: [{ type: "availability", value: "9.50" }],
      },
    ],
  };
}

/** Shuffles in place with a fixed seed, so that runs are comparable. */
function shuffle<T>(items: T[]): T[] {
  let seed = 2_463_534_242;
  for (let i = items.length - 1; i > 0; i--) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const j = (seed >>> 0) % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const REFUSED_AFTER_GATE: Record<string, string> = { bids: "gate_closed", ballot: "competition_not_open" };

/**
 * One burst: the requests sent over the first `spreadMs` of the last minute before the gate, evenly (0: all at the
 * minute's first instant).
 */
async function runOnce(database: BenchDatabase, spreadMs: number): Promise<Record<string, unknown>[]> {
  const m = moment();
  let seeded: Awaited<ReturnType<typeof seedProviders>> | undefined;
  const seedStarted = Date.now();
  const app = await startApp(database, ASSETS, {
    env: { FLEXMARKET_CLOCK: `sim:${new Date(m.gate - BURST_MS - LEAD_MS).toISOString()}:x1` },
    seed: async (env) => {
      seeded = await seedProviders(env, m.gate);
    },
  });
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  try {
    const { market, real } = app.ready;
    if (market === undefined || real === undefined) throw new Error("the app did not report its market clock");
    const gateReal = real + (m.gate - market);
    const { headers, assets } = await batteries(app.url);
    const org = DEMO.provider.organisationId;
    const bodyOfDay = JSON.stringify(
      m.products.map((product, i) => ({
        product,
        deliveryDay: m.deliveryDay,
        bids: [{ offeredCapacity: 1000, capacityPrice: null, energyPrice: 80 + (i % 40) }],
      })),
    );
    const requests: (Omit<BurstRequest, "at"> & { owner: string })[] = shuffle([
      ...assets.slice(0, ASSETS).map((id) => ({
        owner: id,
        kind: "bids",
        method: "POST" as const,
        path: `/organisations/${org}/virtual-assets/${id}/ancillary/bids`,
        headers,
        body: bodyOfDay,
      })),
      ...seeded!.providers.map((p) => ({
        owner: p.id,
        kind: "ballot",
        method: "POST" as const,
        path: `/bids/v1/competitions/${seeded!.competitionId}/ballots/`,
        headers: { authorization: `Bearer ${p.token}` },
        body: JSON.stringify(ballotBody(seeded!.competitionId, seeded!.windowId, "2.000")),
      })),
    ]);
    const first = gateReal - BURST_MS;
    if (Date.now() > first - 1000)
      throw new Error(`the burst had to start ${Date.now() - first} ms ago: raise LEAD_MS`);
    const before = await storedBids(database, m.deliveryDay);
    const spacing = spreadMs / requests.length;
    const answers = await childLines<BurstAnswer>("burst-generator.ts", {
      base: app.url,
      sockets: SOCKETS,
      // Every hundredth client is late: sent 1 s after the gate, it must get its 400 and store nothing.
      requests: requests.map(({ owner: _owner, ...r }, i) => ({
        ...r,
        at: i % 100 === 99 ? gateReal + 1000 : Math.round(first + i * spacing),
      })),
    } satisfies BurstSpec);
    if (answers.length !== requests.length) throw new Error(`${answers.length} answers to ${requests.length} requests`);
    const owners = requests.map((r) => r.owner);
    // Every acknowledged request's rows are stored; every refused one left nothing (0 and 0 is the only right answer).
    const after = await storedBids(database, m.deliveryDay);
    const active = await activeBallots(database, seeded!.competitionId);
    const lost = { bids: 0, ballot: 0 };
    for (const a of answers) {
      const owner = owners[a.index]!;
      if (a.kind === "bids") {
        const added = (after.get(owner) ?? 0) - (before.get(owner) ?? 0);
        if (added !== (a.status === 201 ? m.products.length : 0)) lost.bids++;
      } else {
        const provider = seeded!.providers.find((p) => p.id === owner)!;
        if (active.get(owner) !== (a.status === 201 ? a.id : provider.firstBallot)) lost.ballot++;
      }
    }
    return ["bids", "ballot"].map((kind) => {
      const mine = answers.filter((a) => a.kind === kind);
      const isRefused = (a: BurstAnswer) => a.status === 400 && a.code === REFUSED_AFTER_GATE[kind];
      const acknowledged = mine.filter((a) => a.status === 201);
      const refused = mine.filter(isRefused);
      const other = mine.filter((a) => a.status !== 201 && !isRefused(a));
      const late = mine.filter((a) => a.sent >= gateReal);
      const latencies = acknowledged.map((a) => a.answered - a.sent).sort((x, y) => x - y);
      // Acknowledged per second: from the first request to the last acknowledgement.
      const span = acknowledged.length === 0 ? 1 : (Math.max(...acknowledged.map((a) => a.answered)) - first) / 1000;
      return {
        database: database.name,
        sent: spreadMs === 0 ? "all at gate − 60 s" : `evenly over ${spreadMs / 1000} s from gate − 60 s`,
        burst:
          kind === "bids"
            ? `${assets.slice(0, ASSETS).length} assets × ${m.products.length} aFRR energy bids`
            : `${PROVIDERS} ballots`,
        requests: mine.length,
        acknowledged: acknowledged.length,
        "ack/s": Math.round(acknowledged.length / span),
        "p50 ms": median(latencies),
        "p99 ms": latencies[Math.floor(0.99 * (latencies.length - 1))] ?? 0,
        "max ms": latencies.at(-1) ?? 0,
        "refused after gate": refused.length,
        "of them sent before it": refused.filter((a) => a.sent < gateReal).length,
        "late clients refused": `${refused.filter((a) => a.sent >= gateReal).length} of ${late.length}`,
        "other answers": other.map((a) => `${a.status} ${a.code ?? ""}`.trim()).join(", "),
        lost: lost[kind as "bids" | "ballot"],
        "seed s": Math.round(seedSeconds),
      };
    });
  } finally {
    await app.stop();
  }
}

/** `read` on a connection of its own to the bench's database (the app keeps running). */
async function reading<T>(database: BenchDatabase, read: (db: Deps["db"]["kysely"]) => Promise<T>): Promise<T> {
  const env = { ...database.env, FLEXMARKET_SECRET: "x".repeat(32), LOG_LEVEL: "silent" };
  const deps = createDeps(loadConfig(env), { hashCost: "low" });
  try {
    return await read(deps.db.kysely);
  } finally {
    await deps.db.close();
  }
}

/** Stored aFRR energy bids of the delivery day, by virtual asset. */
const storedBids = (database: BenchDatabase, deliveryDay: string) =>
  reading(database, async (db) => {
    const rows = await db
      .selectFrom("ancillary_bids")
      .select(["virtual_asset_id"])
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("delivery_day", "=", deliveryDay)
      .where("market", "=", "AFRREnergy")
      .groupBy("virtual_asset_id")
      .execute();
    return new Map(rows.map((r) => [r.virtual_asset_id, Number(r.n)]));
  });

/** Active ballots of the competition, by provider. */
const activeBallots = (database: BenchDatabase, competitionId: string) =>
  reading(database, async (db) => {
    const rows = await db
      .selectFrom("ballots")
      .select(["provider_id", "id"])
      .where("competition_id", "=", competitionId)
      .where("status", "=", "active")
      .execute();
    return new Map(rows.map((r) => [r.provider_id, r.id]));
  });

export async function runBurstBench(): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const name of databaseNames()) {
    for (const spreadMs of [BURST_MS - 1000, 0]) {
      const database = await createDatabase(name);
      try {
        rows.push(...(await runOnce(database, spreadMs)));
      } finally {
        await database.drop();
      }
    }
  }
  return rows;
}
