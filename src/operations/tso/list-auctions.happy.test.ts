import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTsoAuction } from "../../domain/clearing/tso-sandbox.js";
import { toIso } from "../../domain/time.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { clearedFcrDay, DAY, FCR_GATE, getAuctions } from "./test-support.js";

describe.each(DIALECTS)("GET /tso/v1/auctions, happy path (%s)", (dialect) => {
  let h: Harness;
  let so: { authorization: string };
  let submittedAt: number;
  beforeAll(async () => {
    h = await createHarness(dialect);
    await clearedFcrDay(h);
    const row = await h.db.kysely.selectFrom("ancillary_bids").select("submitted_at").executeTakeFirstOrThrow();
    submittedAt = Date.parse(row.submitted_at!);
    so = (await h.org("system_operator")).auth;
  });
  afterAll(() => h.close());

  it("lists the day's cleared auctions in product order: the six FCR blocks at the FCR gate", async () => {
    const res = await getAuctions(h, so, `?deliveryDay=${DAY}`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const body = res.json();
    expect(body.map((a: { product: string }) => a.product)).toEqual([
      "NEGPOS_00_04",
      "NEGPOS_04_08",
      "NEGPOS_08_12",
      "NEGPOS_12_16",
      "NEGPOS_16_20",
      "NEGPOS_20_24",
    ]);
    for (const a of body) {
      expect(a).toMatchObject({ market: "FCR", deliveryDay: DAY, direction: "NEGPOS", mechanism: "pay-as-cleared" });
      expect(a.auctionTime).toBe(toIso(FCR_GATE));
      expect(a.syntheticBids).toBe(40);
      expect(a.meritOrder).toHaveLength(a.providerBids + a.syntheticBids);
      expect(a.acceptedVolume).toBe(
        a.meritOrder.reduce((s: number, e: { acceptedCapacity: number }) => s + e.acceptedCapacity, 0),
      );
      expect(a.acceptedVolume).toBeLessThanOrEqual(a.demand);
      for (const e of a.meritOrder) if (e.accepted) expect(e.pricePaid).toBe(a.clearingPrice);
    }
  });

  it("shows the same outcome as the pure clearing of the same product (reproducible), provider bid first", async () => {
    const [first] = (await getAuctions(h, so, `?deliveryDay=${DAY}`)).json();
    const expected = runTsoAuction({
      market: "FCR",
      productDateCode: `${DAY}_NEGPOS_00_04`,
      auctionAt: FCR_GATE,
      bids: [{ id: "mine", priceCents: -1000, quantityKw: 2000, submittedAt }],
    });
    expect(first.seed).toBe(expected.seed);
    expect(first.demand).toBe(expected.demandKw);
    expect(first.clearingPrice).toBe(expected.clearingPriceCents! / 100);
    expect(first.meritOrder[0]).toEqual({
      rank: 1,
      source: "provider",
      bidID: null,
      price: -10,
      offeredCapacity: 2000,
      acceptedCapacity: 2000,
      accepted: true,
      pricePaid: expected.clearingPriceCents! / 100,
    });
    expect(first.meritOrder.slice(1).map((e: { bidID: string }) => e.bidID)).toEqual(
      expected.meritOrder.slice(1).map((e) => e.id),
    );
  });

  it("answers an empty array for a day without cleared auctions", async () => {
    const res = await getAuctions(h, so, "?deliveryDay=2026-06-20");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
  });
});
