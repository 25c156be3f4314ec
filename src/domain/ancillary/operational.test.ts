import { describe, expect, it } from "vitest";
import {
  BLOCK_CATEGORIES,
  blockOperational,
  currentBlockSlot,
  currentSlot,
  parseCategories,
  slotsWithin,
  VIRTUAL_ASSET_CATEGORIES,
  virtualAssetOperational,
} from "./operational.js";
import { applyScheduleUpdate } from "./schedule.js";
import { at, iso, makeAsset, makeBlock, withSchedule } from "./soc.fixtures.js";
import { energyTimeline, latestBoundary, projectedStateOfCharge } from "./soc.js";

const asset = makeAsset();
const LONG_AGO = at(-1000);

describe("parseCategories", () => {
  it("accepts a comma separated list of known categories, each once", () => {
    expect(parseCategories("stateOfCharge,stateOfEnergy,stateOfCharge", VIRTUAL_ASSET_CATEGORIES)).toEqual({
      ok: true,
      value: ["stateOfCharge", "stateOfEnergy"],
    });
  });

  it.each([
    ["stateOfCharge,bogus", "bogus"],
    ["boundaryPower", "boundaryPower"],
    ["", '""'],
    ["StateOfCharge", "StateOfCharge"],
  ])("refuses %s, naming the unknown category", (text, named) => {
    const r = parseCategories(text, VIRTUAL_ASSET_CATEGORIES);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: "validation_failed", field: "categories" });
    expect(r.error.message).toContain(named);
  });

  it("keeps the block categories apart from the virtual-asset ones", () => {
    expect(parseCategories("boundaryPower,deliveryPeriodSetpoint", BLOCK_CATEGORIES).ok).toBe(true);
    expect(parseCategories("stateOfCharge", BLOCK_CATEGORIES).ok).toBe(false);
  });
});

describe("virtualAssetOperational", () => {
  const blocks = [withSchedule(makeBlock(), { 0: 943, 1: -1000 })];

  it("reads state of charge and energy right-aligned from the same projection as the projected view", () => {
    const series = virtualAssetOperational(
      asset,
      blocks,
      ["stateOfCharge", "stateOfEnergy"],
      { first: 0, last: 2 },
      LONG_AGO,
    );
    expect(series.times).toEqual([at(0), at(1), at(2)]);
    const projected = projectedStateOfCharge(asset, blocks, at(1), at(3));
    if (!projected.ok) throw new Error("expected ok");
    // the point of slot i is the instantaneous state at the end of slot i
    expect(series.values.stateOfCharge).toEqual(projected.value.map((p) => p.soc));
    expect(series.values.stateOfCharge).toEqual([43.75, 49.6438, 49.6438]);
    expect(series.values.stateOfEnergy).toEqual([1750, 1985.75, 1985.75]);
  });

  it("answers the static and capacity categories in their units", () => {
    const ancillary = withSchedule(
      makeBlock({ id: "fcr", market: "FCR", from: 0, to: 4, chargeKw: 500, dischargeKw: 500 }),
    );
    const wholesale = withSchedule(makeBlock({ chargeKw: 1500, dischargeKw: 1500 }));
    const s = virtualAssetOperational(
      makeAsset({ availableEnergyCapacityWh: 3_500_000 }),
      [wholesale, ancillary],
      [
        "chargeEfficiency",
        "energyCapacityRated",
        "energyCapacityAvailable",
        "powerCapacityChargeRated",
        "powerCapacityChargeAvailable",
        "powerCapacityDischargeAvailable",
      ],
      { first: 3, last: 4 },
      LONG_AGO,
    );
    expect(s.values).toEqual({
      chargeEfficiency: [0.943, 0.943],
      energyCapacityRated: [4000, 4000],
      energyCapacityAvailable: [3500, 3500],
      powerCapacityChargeRated: [2000, 2000],
      powerCapacityChargeAvailable: [2000, 1500], // the FCR block ends after slot 3
      powerCapacityDischargeAvailable: [2000, 1500],
    });
  });

  it("reports the scheduled power beyond the available capacity as undeliverable", () => {
    const reduced = makeBlock();
    const cut = {
      ...reduced,
      powerCapacity: reduced.powerCapacity.map((c, j) => (j === 5 ? { ...c, dischargePowerCapacityKw: 800 } : c)),
    };
    const s = virtualAssetOperational(
      asset,
      [withSchedule(cut, { 5: 1000, 6: -300 })],
      ["undeliverableSchedule"],
      {
        first: 5,
        last: 6,
      },
      LONG_AGO,
    );
    expect(s.values.undeliverableSchedule).toEqual([200, 0]);
  });

  it("gives deliverable power bounds that a schedule update accepts, and one kW more it refuses", () => {
    // 2 MW / 4 MWh from 50 %: after 4 slots of 2 MW charging (1886 kWh stored) 114 kWh of room are left upwards.
    const wholesale = withSchedule(makeBlock(), { 10: -2000, 11: -2000, 12: -2000, 13: -2000 });
    const { values } = virtualAssetOperational(
      asset,
      [wholesale],
      ["maximumDeliverablePower", "minimumDeliverablePower"],
      { first: 8, last: 15 },
      LONG_AGO,
    );
    for (let k = 0; k < values.maximumDeliverablePower.length; k++) {
      const slot = 8 + k;
      const hi = values.maximumDeliverablePower[k]!;
      const lo = values.minimumDeliverablePower[k]!;
      expect(hi).toBeGreaterThanOrEqual(lo);
      const update = (power: number) =>
        applyScheduleUpdate(asset, wholesale.block, [wholesale], [{ time: iso(slot), power }], LONG_AGO);
      expect(update(hi).ok, `slot ${slot} max ${hi}`).toBe(true);
      expect(update(lo).ok, `slot ${slot} min ${lo}`).toBe(true);
      if (hi < 2000) expect(update(hi + 1).ok, `slot ${slot} max+1`).toBe(false);
      if (lo > -2000) expect(update(lo - 1).ok, `slot ${slot} min-1`).toBe(false);
    }
    expect(values.minimumDeliverablePower[0]).toBeGreaterThan(-2000); // charging room is limited before the charge
  });

  it("answers the current power for both bounds of a frozen slot", () => {
    const wholesale = withSchedule(makeBlock(), { 4: 700 });
    const { values } = virtualAssetOperational(
      asset,
      [wholesale],
      ["maximumDeliverablePower", "minimumDeliverablePower"],
      { first: 4, last: 5 },
      at(4),
    );
    expect(values.maximumDeliverablePower[0]).toBe(700);
    expect(values.minimumDeliverablePower[0]).toBe(700);
    expect(values.maximumDeliverablePower[1]).toBe(2000);
  });

  it("selects slots greedily within the lifetime", () => {
    expect(slotsWithin(asset, at(1) - 1, at(2))).toEqual({ ok: true, value: { first: 1, last: 2 } });
    expect(slotsWithin(asset, at(90), at(200))).toEqual({ ok: true, value: { first: 90, last: 95 } });
    expect(slotsWithin(asset, at(2), at(1)).ok).toBe(false);
    expect(energyTimeline(asset, blocks).energiesAt).toHaveLength(97);
  });
});

describe("blockOperational", () => {
  it("reads capacities and the schedule as boundary power and setpoint", () => {
    const b = withSchedule(makeBlock({ chargeKw: 1000, dischargeKw: 1200 }), { 1: 300 });
    const r = blockOperational(
      b,
      ["powerCapacityChargeRated", "powerCapacityDischargeAvailable", "boundaryPower", "deliveryPeriodSetpoint"],
      at(0),
      at(1),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        times: [at(0), at(1)],
        values: {
          powerCapacityChargeRated: [1000, 1000],
          powerCapacityDischargeAvailable: [1200, 1200],
          boundaryPower: [0, 300],
          deliveryPeriodSetpoint: [0, 300],
        },
      },
    });
  });
});

describe("latest views", () => {
  const blocks = [withSchedule(makeBlock(), { 0: 943, 95: -1000 })];

  it("reads the state at the last boundary at or before now, clipped to the lifetime", () => {
    const timeline = energyTimeline(asset, blocks);
    expect(latestBoundary(timeline, at(-5))).toBe(0); // before the start: the initial state
    expect(latestBoundary(timeline, at(1) - 1)).toBe(0);
    expect(latestBoundary(timeline, at(1))).toBe(1);
    expect(latestBoundary(timeline, at(500))).toBe(96); // after the end: the final state
  });

  it("reads the operational data of the slot holding now, clipped to the lifetime", () => {
    expect(currentSlot(asset, at(-5))).toBe(0);
    expect(currentSlot(asset, at(3) + 1)).toBe(3);
    expect(currentSlot(asset, at(96))).toBe(95);
    expect(currentBlockSlot(makeBlock({ from: 10, to: 20 }), at(25))).toBe(9);
  });
});
