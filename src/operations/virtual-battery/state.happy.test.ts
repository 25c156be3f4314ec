import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import { login } from "../auctions/test-support.js";
import { createFixture, type Fixture, utc } from "./test-fixtures.js";

/**
 * The state and operational-data views of one virtual asset (2 MW / 4 MWh, 3.5 MWh usable, from 50 % = 1750 kWh)
 * with one charging slot: 1000 kW at 94.3 % over 2026-06-05T10:00–10:15 stores 235.75 kWh.
 */
describe.each(DIALECTS)("state and operational data, happy path (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h, { availableEnergyKwh: 3500 });
    const res = await h.app.inject({
      method: "PUT",
      url: `${f.base}/blocks/${f.blockId}`,
      headers: f.org.auth,
      payload: { schedule: [{ time: "2026-06-05T10:00:00Z", power: -1000 }] },
    });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(() => h.close());

  /** Moves the clock (and the owner's token with it). */
  const at = async (t: number) => {
    h.clock.set(t);
    await login(h, f.org);
  };
  const get = async (path: string) => {
    const res = await h.app.inject({ url: `${f.base}${path}`, headers: f.org.auth });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it("answers the latest state of energy and charge at the last quarter-hour boundary", async () => {
    expect(await get("/state-of-energy/latest")).toEqual({ soe: 1750, time: "2026-06-01T08:00:00Z" });
    expect(await get("/state-of-charge/latest")).toEqual({ soc: 50, time: "2026-06-01T08:00:00Z" });
    await at(utc("2026-06-05T10:20:00Z"));
    try {
      expect(await get("/state-of-energy/latest")).toEqual({ soe: 1985.75, time: "2026-06-05T10:15:00Z" });
      expect(await get("/state-of-charge/latest")).toEqual({ soc: 56.7357, time: "2026-06-05T10:15:00Z" });
    } finally {
      await at(T0);
    }
  });

  it("answers the state of charge right-aligned: the point of a window is its end state", async () => {
    const body = await get("/state-of-charge?start=2026-06-05T09:45:00Z&end=2026-06-05T10:15:00Z");
    expect(body).toEqual({
      stateOfChargePercentageTimeseries: [
        { time: "2026-06-05T09:45:00Z", stateOfChargePercentage: 50 },
        { time: "2026-06-05T10:00:00Z", stateOfChargePercentage: 56.7357 }, // reached at 10:15
        { time: "2026-06-05T10:15:00Z", stateOfChargePercentage: 56.7357 },
      ],
    });
    const fallback = await get("/state-of-charge");
    expect(fallback.stateOfChargePercentageTimeseries[0].time).toBe("2026-05-31T08:00:00Z");
  });

  it("answers the projected state of energy in kWh with its limits, instantaneous at each boundary", async () => {
    const body = await get("/state-of-energy/projected?start=2026-06-05T10:00:00Z&end=2026-06-05T10:30:00Z");
    const boundaries = { lower: 0, upper: 3500 };
    expect(body).toEqual({
      stateOfEnergyTimeseries: [
        { boundaries, soe: 1750, time: "2026-06-05T10:00:00Z" },
        { boundaries, soe: 1985.75, time: "2026-06-05T10:15:00Z" },
        { boundaries, soe: 1985.75, time: "2026-06-05T10:30:00Z" },
      ],
    });
    // the same state as the projected state of charge, in percent of the usable 3500 kWh
    const soc = await get("/state-of-charge/projected?start=2026-06-05T10:15:00Z&end=2026-06-05T10:15:00Z");
    expect(soc.stateOfChargePercentageTimeseries[0].soc).toBe(56.7357);
  });

  it("answers the rated and usable energy capacity at 15-minute steps, greedy on both bounds", async () => {
    expect(await get("/energy-capacity?start=2026-06-17T00:00:00Z&end=2026-06-17T00:30:00Z")).toEqual({
      energyCapacityTimeseries: ["00:00", "00:15", "00:30"].map((t) => ({
        time: `2026-06-17T${t}:00Z`,
        energyCapacity: 4000,
        availableEnergyCapacity: 3500,
      })),
      unitsEnergy: "kWh",
    });
    const outside = await get("/energy-capacity?start=2027-01-01T00:00:00Z&end=2027-01-02T00:00:00Z");
    expect(outside.energyCapacityTimeseries).toEqual([]);
  });

  it("answers the selected operational categories with their metadata", async () => {
    const body = await get(
      "/operational?categories=stateOfCharge,stateOfEnergy,energyCapacityAvailable,maximumDeliverablePower," +
        "minimumDeliverablePower,undeliverableSchedule,chargeEfficiency&start=2026-06-05T10:00:00Z&end=2026-06-05T10:15:00Z",
    );
    expect(Object.keys(body).sort()).toEqual(
      [
        "chargeEfficiency",
        "energyCapacityAvailable",
        "maximumDeliverablePower",
        "minimumDeliverablePower",
        "stateOfCharge",
        "stateOfEnergy",
        "undeliverableSchedule",
      ].sort(),
    );
    expect(body.stateOfEnergy).toEqual({
      metadata: { unit: "kWh", alignment: "end", description: expect.any(String) },
      timeseries: [
        { time: "2026-06-05T10:00:00Z", value: 1985.75 },
        { time: "2026-06-05T10:15:00Z", value: 1985.75 },
      ],
    });
    expect(body.stateOfCharge.timeseries.map((p: { value: number }) => p.value)).toEqual([56.7357, 56.7357]);
    expect(body.chargeEfficiency).toMatchObject({ metadata: { unit: "ratio" }, timeseries: [{ value: 0.943 }, {}] });
    expect(body.undeliverableSchedule.timeseries.map((p: { value: number }) => p.value)).toEqual([0, 0]);
    // the whole rated power fits both ways: 1985.75 kWh leave room for 2 MW over a quarter-hour either way
    expect(body.maximumDeliverablePower.timeseries[1].value).toBe(2000);
    expect(body.minimumDeliverablePower.timeseries[1].value).toBe(-2000);
    expect(body.maximumDeliverablePower.metadata).toMatchObject({ unit: "kW", alignment: "period" });
  });

  it("answers the latest operational values of the current slot, frozen slots at their current power", async () => {
    await at(utc("2026-06-05T10:05:00Z"));
    try {
      const body = await get(
        "/operational/latest?categories=stateOfEnergy,maximumDeliverablePower,minimumDeliverablePower",
      );
      expect(body).toEqual({
        stateOfEnergy: { metadata: expect.any(Object), time: "2026-06-05T10:00:00Z", value: 1985.75 },
        maximumDeliverablePower: { metadata: expect.any(Object), time: "2026-06-05T10:00:00Z", value: -1000 },
        minimumDeliverablePower: { metadata: expect.any(Object), time: "2026-06-05T10:00:00Z", value: -1000 },
      });
    } finally {
      await at(T0);
    }
  });

  it("answers the operational data of a block, series and latest", async () => {
    const body = await get(
      `/blocks/${f.blockId}/operational?categories=powerCapacityChargeRated,powerCapacityDischargeAvailable,boundaryPower,deliveryPeriodSetpoint&start=2026-06-05T09:45:00Z&end=2026-06-05T10:00:00Z`,
    );
    expect(body.powerCapacityChargeRated.timeseries).toEqual([
      { time: "2026-06-05T09:45:00Z", value: 2000 },
      { time: "2026-06-05T10:00:00Z", value: 2000 },
    ]);
    expect(body.deliveryPeriodSetpoint.timeseries.map((p: { value: number }) => p.value)).toEqual([0, -1000]);
    expect(body.boundaryPower.metadata).toMatchObject({ unit: "kW", alignment: "start" });
    const latest = await get(`/blocks/${f.blockId}/operational/latest?categories=powerCapacityDischargeAvailable`);
    expect(latest).toEqual({
      powerCapacityDischargeAvailable: {
        metadata: { unit: "kW", alignment: "period", description: expect.any(String) },
        time: "2026-06-01T08:00:00Z",
        value: 2000,
      },
    });
  });
});
