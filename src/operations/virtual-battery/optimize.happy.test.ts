import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markPendingBidsSubmittedReturning } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { OPT_DAY, optimizeBody } from "./optimize-fixtures.js";
import { addAsset, createFixture, type Fixture, snapshot } from "./test-fixtures.js";

describe.each(DIALECTS)("optimize, happy path (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h, { powerKw: 5000, energyKwh: 10000 });
  });
  afterAll(() => h.close());

  const optimize = (body: unknown, fx = f) =>
    h.app.inject({ method: "POST", url: `${fx.base}/optimize`, headers: fx.org.auth, payload: body as never });

  it("answers bids, schedule and SoC that the platform then accepts as they are (POST bids, PUT schedule)", async () => {
    const before = await snapshot(h);
    const res = await optimize(optimizeBody());
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const plan = res.json();
    expect(await snapshot(h)).toEqual(before); // optimizing stores nothing
    expect(plan.solver).toBe("highs");
    expect(["optimal", "time_limit"]).toContain(plan.status);
    expect(plan.wholesaleBlockID).toBe(f.blockId);
    expect(plan.schedule).toHaveLength(96);
    expect(plan.schedule[0].time).toBe("2026-06-02T22:00:00Z");
    expect(plan.stateOfCharge).toHaveLength(97);
    expect(plan.startStateOfCharge).toBe(50);
    expect(plan.stateOfCharge[0]).toEqual({ time: "2026-06-02T22:00:00Z", soc: 50, energy: 5000 });
    expect(Math.abs(plan.stateOfCharge[96].soc - 50)).toBeLessThanOrEqual(1);
    expect(plan.slacks).toEqual([]);
    const r = plan.expectedRevenue;
    expect(r.total).toBeCloseTo(r.wholesale + r.fcr + r.afrrCapacity + r.afrrEnergy + r.degradation, 2);
    expect(r.fcr + r.afrrCapacity).toBeGreaterThan(0);
    expect(plan.bids.fcr.length + plan.bids.afrr.length).toBeGreaterThan(0);
    for (const product of [...plan.bids.fcr, ...plan.bids.afrr]) expect(product.deliveryDay).toBe(OPT_DAY);

    // …ready to act on: the platform takes the bids and the schedule unchanged
    for (const body of [plan.bids.fcr, plan.bids.afrr]) {
      if (body.length === 0) continue;
      const placed = await h.app.inject({
        method: "POST",
        url: `${f.base}/ancillary/bids`,
        headers: f.org.auth,
        payload: body,
      });
      expect(placed.statusCode, placed.body.slice(0, 300)).toBe(201);
    }
    const put = await h.app.inject({
      method: "PUT",
      url: `${f.base}/blocks/${plan.wholesaleBlockID}`,
      headers: f.org.auth,
      payload: { schedule: plan.schedule },
    });
    expect(put.statusCode, put.body.slice(0, 300)).toBe(200);
    const soc = await h.app.inject({
      url: `${f.base}/state-of-charge/projected?start=2026-06-02T22:00:00Z&end=2026-06-03T22:00:00Z`,
      headers: f.org.auth,
    });
    expect(soc.json().stateOfChargePercentageTimeseries.map((p: { soc: number }) => p.soc)).toEqual(
      plan.stateOfCharge.map((p: { soc: number }) => p.soc),
    );
  });

  // the tests below use assets of their own: the first test left bids on its asset, which later plans would keep
  const freshAsset = () => addAsset(h, f.org, { powerKw: 5000, energyKwh: 10000 });

  it("starts from a given state of charge, and reports the slack it cannot avoid", async () => {
    const fx = await freshAsset();
    const res = await optimize(
      optimizeBody({
        startStateOfCharge: 0,
        stateOfChargeLimits: { lower: 10, upper: 90 },
        prices: { wholesale: new Array(96).fill(50) },
      }),
      fx,
    );
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const plan = res.json();
    expect(plan.startStateOfCharge).toBe(0);
    // back into the limits within the first quarter-hour (5 MW could store 1.18 MWh; 1 MWh is needed)
    expect(plan.schedule[0].power).toBeLessThan(-4000);
    expect(plan.stateOfCharge[1].soc).toBeGreaterThanOrEqual(10);
    expect(plan.slacks[0]).toMatchObject({
      kind: "energy_below_lower_limit",
      time: "2026-06-02T22:00:00Z",
      amount: 1000,
    });
  });

  it("applies the bidding rule to the bid prices", async () => {
    const res = await optimize(
      optimizeBody({
        prices: { wholesale: new Array(96).fill(50), fcr: new Array(6).fill(100) },
        options: { bidding: { fcrCapacity: { markup: 0.9, offset: -1.5 } } },
      }),
      await freshAsset(),
    );
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const bids = res.json().bids.fcr;
    expect(bids).toHaveLength(6);
    expect(bids[0].bids[0]).toEqual({ offeredCapacity: 4000, capacityPrice: 88.5, energyPrice: null });
  });

  const post = (fx: Fixture, payload: unknown) =>
    h.app.inject({ method: "POST", url: `${fx.base}/ancillary/bids`, headers: fx.org.auth, payload: payload as never });

  it("plans around what the asset holds: a pending FCR bid is kept, a submitted aFRR bid replaced, and it is said", async () => {
    // the 2 MW / 4 MWh battery with a pending 1 MW NEGPOS_16_20: planning 2 MW NEG_16_20 beside it was refused
    const fx = await addAsset(h, f.org, { powerKw: 2000, energyKwh: 4000 });
    expect(
      (
        await post(fx, [
          { product: "NEGPOS_16_20", deliveryDay: OPT_DAY, bids: [{ offeredCapacity: 1000, capacityPrice: 12.5 }] },
        ])
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await post(fx, [
          {
            product: "POS_00_04",
            deliveryDay: OPT_DAY,
            bids: [{ offeredCapacity: 1000, capacityPrice: 1, energyPrice: 140 }],
          },
        ])
      ).statusCode,
    ).toBe(201);
    await markPendingBidsSubmittedReturning(h.db.kysely, h.clock.now(), h.clock.now()); // POS_00_04 placed with the TSO
    await post(fx, [
      { product: "NEGPOS_16_20", deliveryDay: OPT_DAY, bids: [{ offeredCapacity: 1000, capacityPrice: 12.5 }] },
    ]);

    const res = await optimize(
      optimizeBody({ prices: { ...(optimizeBody().prices as object), fcr: [40, 55, 30, 35, 90, 45] } }),
      fx,
    );
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const plan = res.json();
    const action = (product: string) => plan.actions.find((a: { product: string }) => a.product === product);
    expect(action("NEGPOS_16_20")).toMatchObject({ action: "keep", offeredCapacity: 1000, fixed: "bid_pending" });
    expect(action("NEGPOS_16_20").existing).toMatchObject({ offeredCapacity: 1000, status: "pending" });
    expect(["keep", "replace"]).toContain(action("POS_00_04").action);
    expect(action("POS_00_04").existing).toMatchObject({ status: "submitted" });
    for (const p of [...plan.bids.fcr, ...plan.bids.afrr]) expect(p.product).not.toBe("NEGPOS_16_20");
    for (const a of plan.actions) {
      const sent = [...plan.bids.fcr, ...plan.bids.afrr].some((p: { product: string }) => p.product === a.product);
      expect(sent).toBe(a.action !== "keep");
    }
    for (const body of [plan.bids.fcr, plan.bids.afrr]) {
      if (body.length > 0) expect((await post(fx, body)).statusCode).toBe(201);
    }
    const put = await h.app.inject({
      method: "PUT",
      url: `${fx.base}/blocks/${plan.wholesaleBlockID}`,
      headers: fx.org.auth,
      payload: { schedule: plan.schedule },
    });
    expect(put.statusCode, put.body.slice(0, 300)).toBe(200);
    expect(plan.scheduleAction).toBe("replace");
  });

  it("counts only this asset's bids: another asset's (and another organisation's) change nothing", async () => {
    const fx = await freshAsset();
    const other = await freshAsset();
    const foreign = await createFixture(h, { powerKw: 5000, energyKwh: 10000 });
    for (const x of [other, foreign]) {
      expect(
        (
          await post(x, [
            { product: "NEGPOS_16_20", deliveryDay: OPT_DAY, bids: [{ offeredCapacity: 4000, capacityPrice: 1 }] },
          ])
        ).statusCode,
      ).toBe(201);
    }
    const plan = (await optimize(optimizeBody(), fx)).json();
    expect(plan.actions.length).toBeGreaterThan(0);
    for (const a of plan.actions) expect(a).toMatchObject({ action: "new", existing: null, fixed: null });
  });
});
