import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateVirtualAsset } from "../../admin/virtual-assets.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { addAsset, createFixture, type Fixture, utc } from "./test-fixtures.js";

describe.each(DIALECTS)("virtual assets, happy path (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h, { portfolioId: "pf-1" });
  });
  afterAll(() => h.close());

  const get = (url: string) => h.app.inject({ method: "GET", url, headers: f.org.auth });

  it("answers a virtual asset with every field of the wire, in kWh / kW and RFC 3339 UTC", async () => {
    const res = await get(f.base);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: f.assetId,
      portfolioID: "pf-1",
      deliveryZone: "50Hertz",
      eicCode: "11XTEST-0000001",
      start: "2026-05-24T22:00:00Z",
      end: "2026-06-30T22:00:00Z",
      energyCapacity: 4000,
      availableEnergyCapacity: 4000,
      ratedChargePower: 2000,
      ratedDischargePower: 2000,
      chargeEfficiency: 0.943,
      dischargeEfficiency: 0.943,
      rampRate: 0,
      dailyCycleLimit: 2,
      annualCycleLimit: 730,
      totalAllowedCycles: 7300,
      dispatchGateClosureSeconds: 480,
      protectedDurationSeconds: 0,
      blockIDs: [f.blockId],
      blockMetadata: [
        { id: f.blockId, start: "2026-05-24T22:00:00Z", end: "2026-06-30T22:00:00Z", market: "WHOLESALE" },
      ],
      unitsEnergy: "kWh",
      unitsPower: "kW",
      createdAt: "2026-06-01T08:00:00Z",
      endStateOfChargePercentage: 50,
      imbalanceCharge: 0,
      imbalanceDischarge: 0,
      finalSoCTolerance: 0.01,
      feedback: expect.stringContaining("balanced"),
    });
  });

  it("lists the organisation's virtual assets, optionally those overlapping [start, end)", async () => {
    const org = (await h.org("provider")) as Fixture["org"];
    const may = await addAsset(h, org, { start: "2026-05-01", end: "2026-06-01" });
    const june = await addAsset(h, org, { start: "2026-06-01", end: "2026-07-01" });
    const all = await h.app.inject({ url: `/organisations/${org.id}/virtual-assets`, headers: org.auth });
    expect(all.statusCode).toBe(200);
    expect(all.json().map((a: { id: string }) => a.id)).toEqual([may.assetId, june.assetId]);
    const list = async (q: string) =>
      (await h.app.inject({ url: `/organisations/${org.id}/virtual-assets?${q}`, headers: org.auth }))
        .json()
        .map((a: { id: string }) => a.id);
    // May ends at 2026-05-31T22:00Z (exclusive): an interval starting there selects June only.
    expect(await list("start=2026-05-31T22:00:00Z")).toEqual([june.assetId]);
    expect(await list("end=2026-05-31T22:00:00Z")).toEqual([may.assetId]);
    expect(await list("start=2026-05-31T21:45:00Z&end=2026-05-31T22:15:00Z")).toEqual([may.assetId, june.assetId]);
    expect(await list("start=2026-08-01T00:00:00Z")).toEqual([]);
  });

  it("reports the imbalance of the current schedules", async () => {
    const g = await createFixture(h);
    const schedule = [0, 1, 2, 3].map((i) => ({
      power: -1000,
      time: new Date(utc("2026-06-02T10:00:00Z") + i * 900_000).toISOString(),
    }));
    const put = await h.app.inject({
      method: "PUT",
      url: `${g.base}/blocks/${g.blockId}`,
      headers: g.org.auth,
      payload: { schedule },
    });
    expect(put.statusCode, put.body).toBe(200);
    const asset = (await h.app.inject({ url: g.base, headers: g.org.auth })).json();
    // 4 × floor(1000 kW × 0.943 / 4 h) = 943 kWh stored above the 2000 kWh start.
    expect(asset).toMatchObject({ endStateOfChargePercentage: 73.575, imbalanceCharge: 0, imbalanceDischarge: 943 });
    expect(asset.feedback).toContain("over-charged by 943 kilowatt hours");
  });

  it("projects the state of charge at every quarter-hour of [start, end], both ends included", async () => {
    const g = await createFixture(h);
    await h.app.inject({
      method: "PUT",
      url: `${g.base}/blocks/${g.blockId}`,
      headers: g.org.auth,
      payload: { schedule: [{ power: 1000, time: "2026-06-02T10:00:00Z" }] },
    });
    const res = await h.app.inject({
      url: `${g.base}/state-of-charge/projected?start=2026-06-02T09:45:00Z&end=2026-06-02T10:15:00Z`,
      headers: g.org.auth,
    });
    expect(res.statusCode).toBe(200);
    // 1000 kW for 15 min removes ceil(250 kWh / 0.943) = 265.111… kWh → 1734.888… kWh of 4000.
    const boundaries = { lower: 0, upper: 100 };
    expect(res.json()).toEqual({
      stateOfChargePercentageTimeseries: [
        { time: "2026-06-02T09:45:00Z", soc: 50, boundaries },
        { time: "2026-06-02T10:00:00Z", soc: 50, boundaries },
        { time: "2026-06-02T10:15:00Z", soc: 43.3722, boundaries },
      ],
    });
    const byDefault = await h.app.inject({ url: `${g.base}/state-of-charge/projected`, headers: g.org.auth });
    // now − 24 h … now + 48 h, both ends included: 289 points.
    expect(byDefault.json().stateOfChargePercentageTimeseries).toHaveLength(289);
    expect(byDefault.json().stateOfChargePercentageTimeseries[0].time).toBe("2026-05-31T08:00:00Z");
  });

  it("lists the adjustments made when the asset shrinks, and clips the schedules", async () => {
    const g = await createFixture(h);
    const times = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
      new Date(utc("2026-06-02T10:00:00Z") + i * 900_000).toISOString(),
    );
    await h.app.inject({
      method: "PUT",
      url: `${g.base}/blocks/${g.blockId}`,
      headers: g.org.auth,
      payload: { schedule: times.map((time) => ({ power: -1000, time })) },
    });
    const none = await h.app.inject({ url: `${g.base}/adjustments`, headers: g.org.auth });
    expect(none.json()).toEqual({ adjustments: [] });
    // 8 × 235.75 kWh charged from 50 %: fine with 4000 kWh, too much with 3000 kWh (1500 + 1886 > 3000).
    const { adjustments } = await updateVirtualAsset({ db: h.db, now: utc("2026-06-01T12:00:00Z") }, g.assetId, {
      availableEnergyKwh: 3000,
    });
    expect(adjustments).toBe(1);
    const res = await h.app.inject({ url: `${g.base}/adjustments`, headers: g.org.auth });
    const [adjustment] = res.json().adjustments;
    expect(adjustment).toMatchObject({
      timestamp: "2026-06-01T12:00:00Z",
      blockID: g.blockId,
      reason: "STATE_OF_ENERGY_BOUNDARIES",
    });
    expect(adjustment.acceptedSchedule.every((p: { power: number }) => p.power === -1000)).toBe(true);
    expect(adjustment.adjustedSchedule.map((p: { time: string }) => p.time)).toEqual(
      adjustment.acceptedSchedule.map((p: { time: string }) => p.time),
    );
    const asset = (await h.app.inject({ url: g.base, headers: g.org.auth })).json();
    expect(asset.availableEnergyCapacity).toBe(3000);
    expect(asset.endStateOfChargePercentage).toBeLessThanOrEqual(100);
    const soc = await h.app.inject({
      url: `${g.base}/state-of-charge/projected?start=2026-06-02T09:00:00Z&end=2026-06-02T13:00:00Z`,
      headers: g.org.auth,
    });
    for (const p of soc.json().stateOfChargePercentageTimeseries) expect(p.soc).toBeLessThanOrEqual(100);
    const window = await h.app.inject({
      url: `${g.base}/adjustments?start=2026-06-01T12:00:01Z`,
      headers: g.org.auth,
    });
    expect(window.json()).toEqual({ adjustments: [] });
  });

  it("documents every operation in the OpenAPI document with response schemas", async () => {
    const doc = (await h.app.inject({ url: "/openapi.json" })).json();
    const base = "/organisations/{organisationID}/virtual-assets";
    for (const [path, method] of [
      [base, "get"],
      [`${base}/{virtualAssetID}`, "get"],
      [`${base}/{virtualAssetID}/blocks`, "get"],
      [`${base}/{virtualAssetID}/blocks/{blockID}`, "get"],
      [`${base}/{virtualAssetID}/blocks/{blockID}`, "put"],
      [`${base}/{virtualAssetID}/state-of-charge/projected`, "get"],
      [`${base}/{virtualAssetID}/adjustments`, "get"],
      [`${base}/{virtualAssetID}/ancillary/bids`, "get"],
      [`${base}/{virtualAssetID}/ancillary/bids`, "post"],
      [`${base}/{virtualAssetID}/ancillary/results`, "get"],
    ] as const) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      const ok = op.responses["200"] ?? op.responses["201"];
      expect(ok.content["application/json"].schema, `${method} ${path}`).toBeDefined();
    }
  });
});
