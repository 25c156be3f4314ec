import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../../db/connect.js";
import { listBidHistory } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { DEFAULT_SUBMISSION_DELAY_MS, submitPendingBids } from "../../engine/ancillary-submission.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import {
  afrrCapacity,
  afrrEnergy,
  BLOCKS,
  fcr,
  fcrDay,
  getBids,
  postBids,
  submitAll,
  summerDay,
} from "./ancillary-fixtures.js";
import { createFixture, type Fixture, utc } from "./test-fixtures.js";

const DAY = "2026-06-03";
const BIG = { powerKw: 5000, energyKwh: 10000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The real service's published ancillary-bid schemas (terralayr API reference; docs/wire-compatibility.md), verbatim in substance. */
const SEED = {
  AncillaryBidsBody: {
    required: ["deliveryDay", "market", "product"],
    properties: { bids: "array", deliveryDay: "string", market: "string", product: "string" },
  },
  AncillaryBidBody: {
    required: ["bidID", "offeredCapacity", "status"],
    properties: {
      bidID: "string",
      capacityPrice: "number",
      energyPrice: "number",
      offeredCapacity: "number",
      status: "string",
    },
  },
} as const;

function expectSeedShape(value: Record<string, unknown>, schema: (typeof SEED)[keyof typeof SEED]) {
  for (const field of schema.required) expect(value, `required ${field}`).toHaveProperty(field);
  expect(Object.keys(value).sort()).toEqual(Object.keys(schema.properties).sort());
  for (const [field, type] of Object.entries(schema.properties)) {
    const v = value[field];
    if (type === "array") expect(Array.isArray(v), field).toBe(true);
    // The seed's prose: capacityPrice / energyPrice "This field is null" where the market has no such price.
    else if (v === null) expect(["capacityPrice", "energyPrice"], `${field} null`).toContain(field);
    else expect(typeof v, field).toBe(type);
  }
}

describe.each(DIALECTS)("ancillary bids, happy path (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h, BIG);
  });
  afterAll(() => h.close());

  it("places the six FCR products of a day and answers 201 with the stored products, pending", async () => {
    const res = await postBids(h, f, fcrDay(DAY));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    const body = res.json();
    expect(body).toHaveLength(6);
    expect(body[0]).toEqual({
      product: "NEGPOS_00_04",
      deliveryDay: DAY,
      productDateCode: "2026-06-03_NEGPOS_00_04",
      bids: [
        {
          bidID: expect.stringMatching(UUID),
          offeredCapacity: 2000,
          capacityPrice: 100.5,
          energyPrice: null,
          status: "pending",
        },
      ],
    });
    expect(body.map((p: { product: string }) => p.product)).toEqual(BLOCKS.map((b) => `NEGPOS_${b}`));
  });

  it("lists the bids of an interval exactly as the seed's contract", async () => {
    const res = await getBids(h, f, summerDay(DAY));
    expect(res.statusCode).toBe(200);
    const items = res.json();
    expect(items).toHaveLength(6);
    for (const item of items) {
      expectSeedShape(item, SEED.AncillaryBidsBody);
      expect(item.market).toBe("FCR");
      expect(item.deliveryDay).toBe(DAY);
      for (const bid of item.bids) {
        expectSeedShape(bid, SEED.AncillaryBidBody);
        expect(bid.bidID).toMatch(UUID);
        expect(bid.energyPrice).toBeNull(); // FCR
      }
    }
    const aFrr = await createFixture(h, BIG);
    await postBids(h, aFrr, [afrrCapacity("POS_08_12", DAY), afrrEnergy("NEG_080", DAY)]);
    for (const item of (await getBids(h, aFrr, summerDay(DAY))).json()) {
      expectSeedShape(item, SEED.AncillaryBidsBody);
      for (const bid of item.bids) expectSeedShape(bid, SEED.AncillaryBidBody);
      if (item.market === "AFRREnergy") expect(item.bids[0].capacityPrice).toBeNull();
      if (item.market === "AFRRCapacity") expect(item.bids[0]).toMatchObject({ capacityPrice: 12.25, energyPrice: 80 });
    }
  });

  it("documents the GET exactly as the seed: required start/end, optional markets/productDirections", async () => {
    const doc = (await h.app.inject({ url: "/openapi.json" })).json();
    const op = doc.paths["/organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids"].get;
    const query = Object.fromEntries(
      op.parameters
        .filter((p: { in: string }) => p.in === "query")
        .map((p: { name: string; required?: boolean }) => [p.name, !!p.required]),
    );
    expect(query).toEqual({ start: true, end: true, markets: false, productDirections: false });
    const item = op.responses["200"].content["application/json"].schema.items;
    expect(item.required.sort()).toEqual(["bids", "deliveryDay", "market", "product"]);
    expect(Object.keys(item.properties).sort()).toEqual(Object.keys(SEED.AncillaryBidsBody.properties).sort());
    const bid = item.properties.bids.items;
    expect(Object.keys(bid.properties).sort()).toEqual(Object.keys(SEED.AncillaryBidBody.properties).sort());
    for (const field of SEED.AncillaryBidBody.required) expect(bid.required).toContain(field);
    expect(bid.properties.bidID.format).toBe("uuid");
  });

  it("selects by overlap with [start, end), markets and productDirections (case-sensitive lists)", async () => {
    const g = await createFixture(h, BIG);
    await postBids(h, g, fcrDay(DAY));
    await postBids(h, g, [afrrCapacity("POS_08_12", DAY), afrrCapacity("NEG_12_16", DAY), afrrEnergy("NEG_001", DAY)]);
    const products = async (q: string) =>
      (await getBids(h, g, q)).json().map((i: { market: string; product: string }) => `${i.market}:${i.product}`);
    // 10:00–14:00 Berlin overlaps the 08–12 and 12–16 blocks and the quarter-hours 41…56.
    const window = "start=2026-06-03T08:00:00Z&end=2026-06-03T12:00:00Z";
    expect(await products(`${window}&markets=FCR,AFRRCapacity`)).toEqual([
      "FCR:NEGPOS_08_12",
      "FCR:NEGPOS_12_16",
      "AFRRCapacity:POS_08_12",
      "AFRRCapacity:NEG_12_16",
    ]);
    expect(await products(`${window}&markets=AFRRCapacity&productDirections=NEG`)).toEqual(["AFRRCapacity:NEG_12_16"]);
    expect(await products(`${window}&productDirections=NEGPOS`)).toEqual(["FCR:NEGPOS_08_12", "FCR:NEGPOS_12_16"]);
    // Implicit energy bids: POS_033…048 (08–12 Berlin) and NEG_049…064 (12–16); 41…56 overlap the window.
    const energy = await products(`${window}&markets=AFRREnergy`);
    expect(energy).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `AFRREnergy:POS_0${41 + i}`),
      ...Array.from({ length: 8 }, (_, i) => `AFRREnergy:NEG_0${49 + i}`),
    ]);
    // End is exclusive: the interval ending where NEGPOS_08_12 starts does not select it.
    expect(await products("start=2026-06-03T05:00:00Z&end=2026-06-03T06:00:00Z&markets=FCR")).toEqual([
      "FCR:NEGPOS_04_08",
    ]);
    expect(await products(`start=2026-07-10T00:00:00Z&end=2026-07-11T00:00:00Z`)).toEqual([]);
  });

  it("places 16 implicit aFRR energy bids with every aFRR capacity bid", async () => {
    const g = await createFixture(h, BIG);
    const res = await postBids(h, g, [afrrCapacity("POS_08_12", DAY, { offeredCapacity: 3000, energyPrice: 77.7 })]);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    const capacityId = res.json()[0].bids[0].bidID;
    const energy = (await getBids(h, g, `${summerDay(DAY)}&markets=AFRREnergy`)).json();
    expect(energy.map((i: { product: string }) => i.product)).toEqual(
      Array.from({ length: 16 }, (_, i) => `POS_0${33 + i}`),
    );
    for (const item of energy) {
      expect(item.bids[0]).toMatchObject({
        offeredCapacity: 3000,
        capacityPrice: null,
        energyPrice: 77.7,
        status: "pending",
      });
    }
    const history = await listBidHistory(h.db.kysely, g.assetId);
    expect(history.filter((b) => b.parentBidId === capacityId)).toHaveLength(16);
  });

  it("floors a fraction of a kW and keeps prices exact", async () => {
    const g = await createFixture(h, BIG);
    const res = await postBids(h, g, [fcr("NEGPOS_04_08", DAY, { offeredCapacity: 1000.7, capacityPrice: -14999.99 })]);
    expect(res.statusCode).toBe(201);
    expect(res.json()[0].bids[0]).toMatchObject({ offeredCapacity: 1000, capacityPrice: -14999.99 });
    const [row] = await h.db.kysely
      .selectFrom("ancillary_bids")
      .selectAll()
      .where("virtual_asset_id", "=", g.assetId)
      .execute();
    expect(row).toMatchObject({ offered_kw: 1000, capacity_price_cents: -1499999, energy_price_cents: null });
  });

  it("replaces a submitted bid, keeping the old one as history", async () => {
    const g = await createFixture(h, BIG);
    const first = (await postBids(h, g, [fcr("NEGPOS_00_04", DAY)])).json()[0].bids[0].bidID;
    expect(await submitAll(h)).toBeGreaterThanOrEqual(1);
    const listed = (await getBids(h, g, summerDay(DAY))).json();
    expect(listed[0].bids[0]).toMatchObject({ bidID: first, status: "submitted" });
    h.clock.advance(60_000);
    const res = await postBids(h, g, [fcr("NEGPOS_00_04", DAY, { capacityPrice: 90 })]);
    h.clock.set(T0);
    expect(res.statusCode).toBe(201);
    const second = res.json()[0].bids[0].bidID;
    expect(second).not.toBe(first);
    const after = (await getBids(h, g, summerDay(DAY))).json();
    expect(after).toEqual([
      {
        market: "FCR",
        product: "NEGPOS_00_04",
        deliveryDay: DAY,
        bids: [{ bidID: second, offeredCapacity: 2000, capacityPrice: 90, energyPrice: null, status: "pending" }],
      },
    ]);
    const history = await listBidHistory(h.db.kysely, g.assetId);
    expect(history.map((b) => [b.id, b.replacedAt === null, b.replacesBidId])).toEqual([
      [first, false, null],
      [second, true, first],
    ]);
    // Both requests are in the organisation's audit trail, the second as a replacement.
    const trail = await h.app.inject({ method: "GET", url: "/audit/v1/", headers: g.org.auth });
    expect(trail.json().map((e: { action: string; object_id: string }) => [e.action, e.object_id])).toEqual([
      ["ancillary_bids.replaced", g.assetId],
      ["ancillary_bids.placed", g.assetId],
    ]);
  });

  it("lets the engine submit pending bids after 30 s of the clock, exactly once", async () => {
    await submitPendingBids(h.deps, utc("2027-01-01T00:00:00Z")); // earlier tests' bids out of the way
    const g = await createFixture(h, BIG);
    await postBids(h, g, [fcr("NEGPOS_20_24", DAY)]);
    const status = async () =>
      await h.db.kysely
        .selectFrom("ancillary_bids")
        .select(["status", "submitted_at"])
        .where("virtual_asset_id", "=", g.assetId)
        .executeTakeFirstOrThrow();
    expect(await submitPendingBids(h.deps, h.clock.now() + DEFAULT_SUBMISSION_DELAY_MS - 1)).toBe(0);
    expect((await status()).status).toBe("pending");
    const at = h.clock.now() + DEFAULT_SUBMISSION_DELAY_MS;
    const counts = await Promise.all([
      submitPendingBids(h.deps, at),
      submitPendingBids(h.deps, at),
      submitPendingBids(h.deps, at),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await status()).toEqual({ status: "submitted", submitted_at: new Date(at).toISOString() });
    expect(await submitPendingBids(h.deps, at + 60_000)).toBe(0);
  });

  it.runIf(dialect === "postgres")("submits exactly once with several processes on one database", async () => {
    const g = await createFixture(h, BIG);
    await postBids(h, g, fcrDay("2026-06-04"));
    await postBids(h, g, [afrrCapacity("POS_00_04", "2026-06-04")]);
    const at = h.clock.now() + DEFAULT_SUBMISSION_DELAY_MS;
    const due = await h.db.kysely
      .selectFrom("ancillary_bids")
      .select("id")
      .where("status", "=", "pending")
      .where("created_at", "<=", new Date(h.clock.now()).toISOString())
      .execute();
    expect(due.length).toBeGreaterThanOrEqual(6 + 1 + 16);
    const others = [1, 2, 3].map(() => connect({ databaseUrl: h.config.databaseUrl, poolSize: 2 }));
    try {
      const counts = await Promise.all([h.db, ...others].map((db) => submitPendingBids({ db }, at)));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(due.length);
    } finally {
      for (const db of others) await db.close();
    }
  });

  it("20 parallel requests replacing the same product leave exactly one live bid and a complete history", async () => {
    const g = await createFixture(h, BIG);
    const original = (await postBids(h, g, [fcr("NEGPOS_12_16", DAY)])).json()[0].bids[0].bidID;
    await submitAll(h);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postBids(h, g, [fcr("NEGPOS_12_16", DAY, { capacityPrice: 50 + i })])),
    );
    const codes = responses.map((r) => r.statusCode).sort();
    // The first replaces the submitted bid; its replacement is pending, so the other 19 must wait (bid_pending).
    expect(codes).toEqual([201, ...new Array(19).fill(400)]);
    for (const r of responses.filter((r) => r.statusCode === 400)) expect(r.json().error).toBe("bid_pending");
    const winner = responses.find((r) => r.statusCode === 201)!.json()[0].bids[0];
    const history = await listBidHistory(h.db.kysely, g.assetId);
    expect(history.filter((b) => b.replacedAt === null).map((b) => b.id)).toEqual([winner.bidID]);
    expect(history.map((b) => b.id).sort()).toEqual([original, winner.bidID].sort());
    expect(history.find((b) => b.id === winner.bidID)!.replacesBidId).toBe(original);
    const listed = (await getBids(h, g, `${summerDay(DAY)}&markets=FCR`)).json();
    expect(listed).toEqual([{ market: "FCR", product: "NEGPOS_12_16", deliveryDay: DAY, bids: [winner] }]);
  });

  it("20 parallel requests for a product without a bid store exactly one", async () => {
    const g = await createFixture(h, BIG);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postBids(h, g, [fcr("NEGPOS_16_20", DAY, { capacityPrice: 10 + i })])),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 400 && r.json().error === "bid_pending")).toHaveLength(19);
    expect(await listBidHistory(h.db.kysely, g.assetId)).toHaveLength(1);
  });

  describe("on the days daylight saving time changes (Europe/Berlin)", () => {
    it("has 92 aFRR energy products on 2026-03-29 and 12 implicit bids in its 00–04 block", async () => {
      h.clock.set(utc("2026-03-27T10:00:00Z"));
      try {
        const g = await createFixture(h, { ...BIG, start: "2026-03-01", end: "2026-04-30" });
        const day = "2026-03-29";
        const body = Array.from({ length: 92 }, (_, i) => afrrEnergy(`POS_${String(i + 1).padStart(3, "0")}`, day));
        const res = await postBids(h, g, body);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
        expect(res.json()).toHaveLength(92);
        // 2026-03-28T23:00Z … 2026-03-29T22:00Z is the local day (23 h).
        const window = "start=2026-03-28T23:00:00Z&end=2026-03-29T22:00:00Z";
        const listed = (await getBids(h, g, `${window}&markets=AFRREnergy&productDirections=POS`)).json();
        expect(listed).toHaveLength(92);
        expect(listed.at(-1).product).toBe("POS_092");
        const capacity = await postBids(h, g, [afrrCapacity("NEG_00_04", day)]);
        expect(capacity.statusCode, capacity.body.slice(0, 300)).toBe(201);
        const implicit = (await getBids(h, g, `${window}&markets=AFRREnergy&productDirections=NEG`)).json();
        expect(implicit.map((i: { product: string }) => i.product)).toEqual(
          Array.from({ length: 12 }, (_, i) => `NEG_${String(i + 1).padStart(3, "0")}`),
        );
      } finally {
        h.clock.set(T0);
      }
    });

    it("has 100 aFRR energy products on 2026-10-25 and 20 implicit bids in its 00–04 block", async () => {
      h.clock.set(utc("2026-10-23T10:00:00Z"));
      try {
        const g = await createFixture(h, { ...BIG, start: "2026-10-01", end: "2026-11-30" });
        const day = "2026-10-25";
        const body = Array.from({ length: 100 }, (_, i) => afrrEnergy(`NEG_${String(i + 1).padStart(3, "0")}`, day));
        const res = await postBids(h, g, body);
        expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
        const window = "start=2026-10-24T22:00:00Z&end=2026-10-25T23:00:00Z";
        const listed = (await getBids(h, g, `${window}&productDirections=NEG`)).json();
        expect(listed).toHaveLength(100);
        expect(listed.at(-1).product).toBe("NEG_100");
        const capacity = await postBids(h, g, [afrrCapacity("POS_00_04", day)]);
        expect(capacity.statusCode, capacity.body.slice(0, 300)).toBe(201);
        const implicit = (await getBids(h, g, `${window}&markets=AFRREnergy&productDirections=POS`)).json();
        expect(implicit).toHaveLength(20);
        expect(implicit.at(-1).product).toBe("POS_020");
        const fcrRes = await postBids(h, g, [fcr("NEGPOS_00_04", day)]);
        expect(fcrRes.statusCode).toBe(201);
      } finally {
        h.clock.set(T0);
      }
    });
  });
});
