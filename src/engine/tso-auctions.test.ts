/**
 * The TSO sandbox engine on both dialects with a fixed clock: bids placed through the API go pending → submitted →
 * accepted / rejected, results visible through `GET …/ancillary/results`, implicit energy bids follow their
 * capacity bid, one `ancillary_bid.result` event per organisation, and running the job again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTsoAuctions } from "../db/repositories/tso-auctions.js";
import { findProduct } from "../domain/ancillary/products.js";
import { auctionTimeOf } from "../domain/clearing/tso-sandbox.js";
import {
  afrrCapacity,
  fcr,
  getBids,
  getResults,
  postBids,
  submitAll,
  summerDay,
} from "../operations/virtual-battery/ancillary-fixtures.js";
import { createFixture, type Fixture } from "../operations/virtual-battery/test-fixtures.js";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { runTsoAuctions, TSO_AUCTION_JOB } from "./tso-auctions.js";

const DAY = "2026-06-03";
const BIG = { powerKw: 5000, energyKwh: 10000 };
const FCR_GATE = auctionTimeOf(findProduct("NEGPOS_00_04", DAY)!); // 2026-06-02 08:00 Berlin
const AFRR_GATE = auctionTimeOf(findProduct("POS_00_04", DAY)!); // 2026-06-02 09:00 Berlin

type Row = Record<string, unknown>;
const sorted = (rows: Row[], key: string) => [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

/** Moves the clock and gives the fixtures tokens valid at the new time (tokens live an hour). */
async function setClock(h: Harness, at: number, fixtures: Fixture[]): Promise<void> {
  h.clock.set(at);
  for (const f of fixtures) {
    const { token } = await h.token(f.org.id, "provider");
    f.org.auth = { authorization: `Bearer ${token}` };
  }
}

async function state(h: Harness) {
  const k = h.db.kysely;
  return {
    results: sorted(await k.selectFrom("ancillary_results").selectAll().execute(), "bid_id"),
    auctions: sorted(await k.selectFrom("tso_auctions").selectAll().execute(), "product_date_code"),
    runs: sorted(
      (await k.selectFrom("job_runs").selectAll().where("kind", "=", TSO_AUCTION_JOB).execute()).map((r) => ({
        ...r,
        ran_at: undefined,
      })),
      "key",
    ),
    events: (await k.selectFrom("webhook_events").select(["organisation_id", "type"]).execute()).length,
  };
}

describe.each(DIALECTS)("TSO sandbox auctions (%s)", (dialect) => {
  let h: Harness;
  let a: Fixture; // FCR provider
  let b: Fixture; // aFRR provider
  beforeAll(async () => {
    h = await createHarness(dialect);
    a = await createFixture(h, BIG);
    b = await createFixture(h, BIG);
    // A cheap and a prohibitively dear FCR bid; a cheap POS and a dear NEG aFRR capacity bid (16 implicit energy each).
    expect((await postBids(h, a, [fcr("NEGPOS_00_04", DAY, { capacityPrice: -10 })])).statusCode).toBe(201);
    expect((await postBids(h, a, [fcr("NEGPOS_04_08", DAY, { capacityPrice: 15000 })])).statusCode).toBe(201);
    const aFrr = [
      afrrCapacity("POS_00_04", DAY, { capacityPrice: -5, energyPrice: 60 }),
      afrrCapacity("NEG_04_08", DAY, { capacityPrice: 15000, energyPrice: 70 }),
    ];
    const placed = await postBids(h, b, aFrr);
    expect(placed.statusCode, placed.body.slice(0, 300)).toBe(201);
  });
  afterAll(() => h.close());

  it("leaves pending bids out; runs nothing before the gates", async () => {
    await setClock(h, FCR_GATE - 1, [a, b]);
    expect((await runTsoAuctions(h.deps, h.clock.now())).ran.filter((c) => c.startsWith(DAY))).toEqual([]);
    const bids = (await getBids(h, a, summerDay(DAY))).json();
    expect(bids.every((p: { bids: { status: string }[] }) => p.bids.every((x) => x.status === "pending"))).toBe(true);
    await submitAll(h);
    const after = (await getBids(h, a, summerDay(DAY))).json();
    expect(after.every((p: { bids: { status: string }[] }) => p.bids.every((x) => x.status === "submitted"))).toBe(
      true,
    );
  });

  it("clears FCR at its gate: pay-as-cleared, results through GET …/ancillary/results", async () => {
    await setClock(h, FCR_GATE, [a, b]);
    const run = await runTsoAuctions(h.deps, h.clock.now());
    const fcrRun = run.ran.filter((c) => c.startsWith(`${DAY}_NEGPOS`));
    expect(fcrRun).toHaveLength(6);
    expect(run.ran.some((c) => c.startsWith(`${DAY}_POS_00_04`))).toBe(false); // aFRR gate is an hour later
    const res = await getResults(h, a, `${summerDay(DAY)}&markets=FCR`);
    expect(res.statusCode).toBe(200);
    const [first, second] = res.json();
    const auctions = await listTsoAuctions(h.db.kysely, DAY);
    const clearing = auctions.find((x) => x.product === "NEGPOS_00_04")!.clearingPriceCents!;
    expect(first).toEqual({
      market: "FCR",
      product: "NEGPOS_00_04",
      deliveryDay: DAY,
      results: [
        {
          bidID: expect.any(String),
          accepted: true,
          offeredCapacity: 2000,
          acceptedCapacity: 2000,
          capacityPrice: -10,
          settlementPrice: clearing / 100,
          energyPrice: null,
        },
      ],
    });
    expect(clearing).toBeGreaterThan(-1000);
    expect(second.results[0]).toMatchObject({ accepted: false, acceptedCapacity: 0, settlementPrice: null });
    // the status stays `submitted` (docs/domain.md §2): the result is in the results, not the status
    const bids = (await getBids(h, a, `${summerDay(DAY)}&markets=FCR`)).json();
    expect(bids[0].bids[0].status).toBe("submitted");
  });

  it("clears aFRR capacity pay-as-bid per direction; the dear bid's implicit energy bids are rejected with it", async () => {
    await setClock(h, AFRR_GATE, [a, b]);
    await runTsoAuctions(h.deps, h.clock.now());
    const res = (await getResults(h, b, summerDay(DAY))).json();
    const cap = res.filter((p: { market: string }) => p.market === "AFRRCapacity");
    expect(cap.map((p: { product: string }) => p.product)).toEqual(["POS_00_04", "NEG_04_08"]);
    expect(cap[0].results[0]).toMatchObject({
      accepted: true,
      acceptedCapacity: 2000,
      capacityPrice: -5,
      settlementPrice: null,
    });
    expect(cap[1].results[0]).toMatchObject({ accepted: false, acceptedCapacity: 0 });
    const energy = res.filter((p: { market: string }) => p.market === "AFRREnergy");
    expect(energy).toHaveLength(16); // NEG_017…NEG_032 rejected with their capacity bid; POS_001… wait for delivery
    for (const p of energy) {
      expect(p.product).toMatch(/^NEG_0(1[7-9]|2\d|3[0-2])$/);
      expect(p.results[0]).toMatchObject({ accepted: false, acceptedCapacity: 0, energyPrice: 70 });
    }
  });

  it("clears aFRR energy at each quarter-hour's end, the implicit bids with their capacity bid's accepted kW", async () => {
    await setClock(h, auctionTimeOf(findProduct("POS_016", DAY)!), [a, b]);
    await runTsoAuctions(h.deps, h.clock.now());
    const res = (await getResults(h, b, `${summerDay(DAY)}&markets=AFRREnergy&productDirections=POS`)).json();
    expect(res.map((p: { product: string }) => p.product)).toEqual(
      Array.from({ length: 16 }, (_, i) => `POS_${String(i + 1).padStart(3, "0")}`),
    );
    const auctions = new Map((await listTsoAuctions(h.db.kysely, DAY)).map((x) => [x.product, x]));
    for (const p of res) {
      const r = p.results[0];
      const auction = auctions.get(p.product)!;
      expect(auction.mechanism).toBe("marginal-energy");
      expect(auction.requestedKw).toBeLessThanOrEqual(auction.demandKw);
      const entry = auction.meritOrder.find((e) => e.bidId === r.bidID)!;
      expect(entry.synthetic).toBe(false);
      expect(entry.offeredKw).toBe(2000);
      expect(r.accepted).toBe(entry.accepted);
      expect(r.acceptedCapacity).toBe(entry.acceptedKw);
      if (r.accepted) expect(entry.priceCents).toBeLessThanOrEqual(auction.clearingPriceCents!);
    }
  });

  it("stores every auction's outcome with its merit order, synthetic bids included, in merit order", async () => {
    const auctions = await listTsoAuctions(h.db.kysely, DAY);
    const fcrFirst = auctions.find((x) => x.product === "NEGPOS_00_04")!;
    expect(fcrFirst.syntheticBidCount).toBe(40);
    expect(fcrFirst.realBidCount).toBe(1);
    expect(fcrFirst.meritOrder).toHaveLength(41);
    expect(fcrFirst.meritOrder[0]).toMatchObject({
      rank: 1,
      synthetic: false,
      organisationId: a.org.id,
      priceCents: -1000,
    });
    for (const x of auctions) {
      expect(x.acceptedKw).toBe(x.meritOrder.reduce((s, e) => s + e.acceptedKw, 0));
      expect(x.acceptedKw).toBeLessThanOrEqual(x.requestedKw);
      const prices = x.meritOrder.map((e) => e.priceCents);
      expect(prices).toEqual([...prices].sort((p, q) => p - q));
    }
  });

  it("announces ancillary_bid.result once per organisation and auction, shaped as the results GET", async () => {
    const events = await h.db.kysely
      .selectFrom("webhook_events")
      .selectAll()
      .where("type", "=", "ancillary_bid.result")
      .execute();
    const ofA = events.filter((e) => e.organisation_id === a.org.id);
    expect(ofA).toHaveLength(6 - 4); // only the two products a bid on have results to announce
    const body = JSON.parse(String(ofA[0]!.payload));
    const data = body.data ?? body;
    expect(data[0]).toMatchObject({ virtualAssetID: a.assetId, market: "FCR", deliveryDay: DAY });
    expect(Object.keys(data[0].results[0]).sort()).toEqual(
      [
        "acceptedCapacity",
        "accepted",
        "bidID",
        "capacityPrice",
        "energyPrice",
        "offeredCapacity",
        "settlementPrice",
      ].sort(),
    );
    const ofB = events.filter((e) => e.organisation_id === b.org.id);
    // two capacity auctions (the NEG one with its 16 cascaded energy results) + 16 energy auctions
    expect(ofB).toHaveLength(2 + 16);
    // every stored result of the organisation's bids is announced exactly once, with what was stored
    const announced = ofB.flatMap((e) => {
      const parsed = JSON.parse(String(e.payload));
      return (parsed.data ?? parsed).flatMap((p: { results: { bidID: string; accepted: boolean }[] }) => p.results);
    });
    const stored = await h.db.kysely
      .selectFrom("ancillary_results as r")
      .innerJoin("ancillary_bids as b", "b.id", "r.bid_id")
      .select(["r.bid_id", "r.accepted"])
      .where("b.organisation_id", "=", b.org.id)
      .execute();
    expect(announced.map((r: { bidID: string; accepted: boolean }) => [r.bidID, r.accepted]).sort()).toEqual(
      stored.map((r) => [r.bid_id, Boolean(r.accepted)]).sort(),
    );
  });

  it("runs each auction exactly once: again at the same time, later, and from two callers at once", async () => {
    const before = await state(h);
    expect((await runTsoAuctions(h.deps, h.clock.now())).ran).toEqual([]);
    expect(await state(h)).toEqual(before);
    const later = h.clock.now() + 15 * 60_000;
    const [x, y] = await Promise.all([runTsoAuctions(h.deps, later), runTsoAuctions(h.deps, later)]);
    expect(x.ran.length + y.ran.length).toBeGreaterThan(0);
    expect(x.ran.filter((c) => y.ran.includes(c))).toEqual([]);
    const after = await state(h);
    expect(new Set(after.runs.map((r) => r.key)).size).toBe(after.runs.length);
    expect(after.auctions).toHaveLength(after.runs.length);
    // the new auctions had no real bids: no result and no event changed
    expect(after.results).toEqual(before.results);
    expect(after.events).toBe(before.events);
    expect(after.runs.length).toBe(before.runs.length + x.ran.length + y.ran.length);
  });
});
