import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listBidHistory, recordAncillaryResults } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import {
  afrrCapacity,
  afrrEnergy,
  fcr,
  getBids,
  getResults,
  postBids,
  submitAll,
  summerDay,
} from "./ancillary-fixtures.js";
import { createFixture } from "./test-fixtures.js";

const DAY = "2026-06-03";
const BIG = { powerKw: 5000, energyKwh: 10000 };

describe.each(DIALECTS)("ancillary results (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  const idOf = (res: { json(): { bids: { bidID: string }[] }[] }, i = 0) => res.json()[i]!.bids[0]!.bidID;

  it("lists FCR results with the pay-as-cleared settlement price", async () => {
    const f = await createFixture(h, BIG);
    const accepted = idOf(await postBids(h, f, [fcr("NEGPOS_00_04", DAY, { capacityPrice: 80 })]));
    const rejected = idOf(await postBids(h, f, [fcr("NEGPOS_04_08", DAY, { capacityPrice: 900 })]));
    await submitAll(h);
    expect(
      await recordAncillaryResults(h.db.kysely, [
        { bidId: accepted, accepted: true, settlementPriceCents: 9_950, decidedAt: T0 },
        { bidId: rejected, accepted: false, settlementPriceCents: 9_950, decidedAt: T0 },
      ]),
    ).toBe(2);
    const res = await getResults(h, f, summerDay(DAY));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      {
        market: "FCR",
        product: "NEGPOS_00_04",
        deliveryDay: DAY,
        results: [
          {
            bidID: accepted,
            accepted: true,
            offeredCapacity: 2000,
            acceptedCapacity: 2000,
            capacityPrice: 80,
            settlementPrice: 99.5,
            energyPrice: null,
          },
        ],
      },
      {
        market: "FCR",
        product: "NEGPOS_04_08",
        deliveryDay: DAY,
        results: [
          {
            bidID: rejected,
            accepted: false,
            offeredCapacity: 2000,
            acceptedCapacity: 0,
            capacityPrice: 900,
            settlementPrice: 99.5,
            energyPrice: null,
          },
        ],
      },
    ]);
    expect((await getResults(h, f, `${summerDay(DAY)}&markets=AFRRCapacity`)).json()).toEqual([]);
  });

  it("rejects the implicit energy bids of a rejected aFRR capacity bid; no settlement price for aFRR", async () => {
    const f = await createFixture(h, BIG);
    const capacity = idOf(await postBids(h, f, [afrrCapacity("POS_12_16", DAY)]));
    await submitAll(h);
    // The engine reports only the capacity bid; its 16 energy bids follow it.
    expect(
      await recordAncillaryResults(h.db.kysely, [
        { bidId: capacity, accepted: false, settlementPriceCents: 500, decidedAt: T0 },
      ]),
    ).toBe(17);
    const results = (await getResults(h, f, summerDay(DAY))).json();
    expect(results[0]).toEqual({
      market: "AFRRCapacity",
      product: "POS_12_16",
      deliveryDay: DAY,
      results: [
        {
          bidID: capacity,
          accepted: false,
          offeredCapacity: 2000,
          acceptedCapacity: 0,
          capacityPrice: 12.25,
          settlementPrice: null,
          energyPrice: 80,
        },
      ],
    });
    const energy = results.filter((r: { market: string }) => r.market === "AFRREnergy");
    expect(energy).toHaveLength(16);
    for (const r of energy)
      expect(r.results[0]).toMatchObject({
        accepted: false,
        acceptedCapacity: 0,
        capacityPrice: null,
        settlementPrice: null,
      });
    // A new energy bid on such a product stands alone, whatever its capacity.
    const fresh = await postBids(h, f, [afrrEnergy("POS_050", DAY, { offeredCapacity: 1000 })]);
    expect(fresh.statusCode, fresh.body.slice(0, 300)).toBe(201);
    const history = await listBidHistory(h.db.kysely, f.assetId);
    const live = history.filter((b) => b.product === "POS_050" && b.replacedAt === null);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ offeredKw: 1000, parentBidId: null, replacesBidId: null });
    // The rejected implicit bid keeps its result in the results list.
    const pos50 = (await getResults(h, f, `${summerDay(DAY)}&markets=AFRREnergy`))
      .json()
      .find((r: { product: string }) => r.product === "POS_050");
    expect(pos50.results).toHaveLength(1);
  });

  it("reprices an accepted capacity bid's implicit energy bid, keeping its capacity bid", async () => {
    const f = await createFixture(h, BIG);
    const capacity = idOf(await postBids(h, f, [afrrCapacity("NEG_16_20", DAY)]));
    await submitAll(h);
    await recordAncillaryResults(h.db.kysely, [{ bidId: capacity, accepted: true, decidedAt: T0 }]);
    h.clock.advance(60_000);
    const repriced = await postBids(h, f, [afrrEnergy("NEG_070", DAY, { offeredCapacity: 3000, energyPrice: 60 })]);
    h.clock.set(T0);
    expect(repriced.statusCode, repriced.body.slice(0, 300)).toBe(201);
    const listed = (await getBids(h, f, `${summerDay(DAY)}&markets=AFRREnergy`)).json();
    expect(listed.find((i: { product: string }) => i.product === "NEG_070").bids[0]).toMatchObject({
      offeredCapacity: 3000,
      energyPrice: 60,
      status: "pending",
    });
    const history = await listBidHistory(h.db.kysely, f.assetId);
    const neg70 = history.filter((b) => b.product === "NEG_070");
    expect(neg70.map((b) => [b.parentBidId, b.replacedAt === null])).toEqual([
      [capacity, false],
      [capacity, true],
    ]);
    // Rejecting the capacity bid later (a correction) rejects the repriced bid too.
    await recordAncillaryResults(h.db.kysely, [{ bidId: capacity, accepted: false, decidedAt: T0 }]);
    const rows = await h.db.kysely
      .selectFrom("ancillary_results")
      .selectAll()
      .where("bid_id", "=", neg70[1]!.id)
      .execute();
    expect(rows).toMatchObject([{ accepted: 0, accepted_kw: 0 }]);
  });

  it("records a result again idempotently and refuses impossible ones", async () => {
    const f = await createFixture(h, BIG);
    const bid = idOf(await postBids(h, f, [fcr("NEGPOS_20_24", DAY)]));
    const result = { bidId: bid, accepted: true, acceptedKw: 1000, settlementPriceCents: 100, decidedAt: T0 };
    await recordAncillaryResults(h.db.kysely, [result]);
    await recordAncillaryResults(h.db.kysely, [result]);
    expect(
      await h.db.kysely.selectFrom("ancillary_results").selectAll().where("bid_id", "=", bid).execute(),
    ).toHaveLength(1);
    await expect(recordAncillaryResults(h.db.kysely, [{ ...result, acceptedKw: 3000 }])).rejects.toThrow(
      /accepted capacity/,
    );
    await expect(recordAncillaryResults(h.db.kysely, [{ ...result, bidId: "nope" }])).rejects.toThrow(/unknown bid/);
    const [row] = await h.db.kysely.selectFrom("ancillary_results").selectAll().where("bid_id", "=", bid).execute();
    expect(row).toMatchObject({ accepted_kw: 1000 });
  });
});
