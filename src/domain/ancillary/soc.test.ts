import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { at, makeAsset, makeBlock, referenceEnergies, withSchedule } from "./soc.fixtures.js";
import {
  energyDelta,
  imbalanceReport,
  maxChargeKwWithin,
  maxDischargeKwWithin,
  milliWhToKwh,
  netPowerPerSlot,
  percentOfAvailable,
  projectedStateOfCharge,
  removedByDischarging,
  simulateEnergy,
  storedByCharging,
} from "./soc.js";

const asset = makeAsset();

describe("energy per slot (integer mWh)", () => {
  it("discharging 1000 kW for 4 slots from 50 % of 4 MWh at 94.3 % (hand-worked)", () => {
    // 250 kWh / 0.943 = 265 111.346 765 6… Wh → 265 111 347 mWh removed per slot (rounded up).
    expect(removedByDischarging(1000, 943_000)).toBe(265_111_347);
    const sim = simulateEnergy(asset, [1000, 1000, 1000, 1000], 2_000_000_000);
    expect(Array.from(sim.energiesMilliWh)).toEqual([1_734_888_653, 1_469_777_306, 1_204_665_959, 939_554_612]);
    // exact: 2000 − 1000/0.943 kWh = 939.554 612 937… kWh; the model is below it by less than 1 mWh per slot.
    expect(sim.firstViolation).toBeNull();
  });

  it("charging 1000 kW for one slot stores 250 kWh × 0.943 = 235.75 kWh exactly", () => {
    expect(storedByCharging(1000, 943_000)).toBe(235_750_000);
    expect(energyDelta(asset, -1000)).toBe(235_750_000);
    expect(energyDelta(asset, 0)).toBe(0);
  });

  it("rounds towards less stored energy", () => {
    expect(storedByCharging(1, 943_001)).toBe(235_750); // 235 750.25 → down
    expect(removedByDischarging(1, 943_000)).toBe(265_112); // 265 111.35 → up
    expect(removedByDischarging(943, 943_000)).toBe(250_000_000); // exact stays exact
  });

  it("agrees with a BigInt reference for any whole kW up to 1 GW and any efficiency from 1 % to 100 %", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 10_000, max: 1_000_000 }), (kw, eff) => {
        expect(removedByDischarging(kw, eff)).toBe(
          Number((BigInt(kw) * 250_000n * 1_000_000n + BigInt(eff) - 1n) / BigInt(eff)),
        );
        expect(storedByCharging(kw, eff)).toBe(Number((BigInt(kw) * BigInt(eff)) / 4n));
      }),
    );
  });

  it("finds the largest power that fits a room or budget", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 500_000, max: 1_000_000 }),
        (room, eff) => {
          const c = maxChargeKwWithin(room, eff);
          expect(storedByCharging(c, eff)).toBeLessThanOrEqual(room);
          expect(storedByCharging(c + 1, eff)).toBeGreaterThan(room);
          const d = maxDischargeKwWithin(room, eff);
          expect(removedByDischarging(d, eff)).toBeLessThanOrEqual(room);
          expect(removedByDischarging(d + 1, eff)).toBeGreaterThan(room);
        },
      ),
    );
    expect(maxChargeKwWithin(-1, 943_000)).toBe(0);
    expect(maxDischargeKwWithin(-1, 943_000)).toBe(0);
  });
});

describe("simulateEnergy", () => {
  it("reports the first slot that leaves the bounds and by how much", () => {
    const low = simulateEnergy(asset, new Int32Array([0, 2000, 2000, 2000, 2000, 2000]), 2_000_000_000);
    // 500 kWh / 0.943 = 530 222 693.5… → 530 222 694 mWh per slot; 4 slots take 2 120 890 776 > 2 000 000 000.
    expect(low.firstViolation).toEqual({
      slot: 4,
      limit: "lower",
      energyMilliWh: -120_890_776,
      excessMilliWh: 120_890_776,
    });
    const high = simulateEnergy(asset, [-2000, -2000, -2000, -2000, -2000], 2_000_000_000);
    // 471.5 kWh per slot: 2000 + 5 × 471.5 = 4357.5 kWh; first above 4000 at slot 4 (3886 after 4 slots).
    expect(high.firstViolation).toEqual({
      slot: 4,
      limit: "upper",
      energyMilliWh: 4_357_500_000,
      excessMilliWh: 357_500_000,
    });
  });

  it("accepts the limits themselves and honours custom bounds", () => {
    expect(simulateEnergy(asset, [943, 943, 943, 943, 943, 943, 943, 943], 2_000_000_000).firstViolation).toBeNull();
    const reserved = simulateEnergy(asset, [943], 2_000_000_000, { lowerMilliWh: 1_800_000_000, upperMilliWh: 4e9 });
    expect(reserved.firstViolation?.limit).toBe("lower");
    expect(reserved.firstViolation?.excessMilliWh).toBe(50_000_000);
  });

  it("matches the BigInt reference on random plans", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -2000, max: 2000 }), { maxLength: 200 }), (plan) => {
        const sim = simulateEnergy(asset, plan, 2_000_000_000);
        expect(Array.from(sim.energiesMilliWh).map(BigInt)).toEqual(referenceEnergies(asset, plan));
      }),
    );
  });
});

describe("netPowerPerSlot", () => {
  it("sums all blocks of the asset at their own offsets", () => {
    const wh = makeBlock();
    const fcr = makeBlock({ id: "fcr", market: "FCR", from: 2, to: 4 });
    const net = netPowerPerSlot(asset, [withSchedule(wh, { 0: 100, 2: -300 }), withSchedule(fcr, { 0: 50, 1: 70 })]);
    expect(Array.from(net.subarray(0, 5))).toEqual([100, 0, -250, 70, 0]);
    expect(net.length).toBe(96);
  });

  it("applies efficiency to the net: a block charging while another discharges costs nothing", () => {
    const a = makeBlock({ id: "a" });
    const b = makeBlock({ id: "b", market: "FCR" });
    const r = imbalanceReport(asset, [withSchedule(a, { 0: -1000 }), withSchedule(b, { 0: 1000 })]);
    expect(r.endStateOfChargePercentage).toBe(50);
  });

  it("throws on a block that is not on the asset's quarter-hours (a bug, not input)", () => {
    const bad = { ...makeBlock(), start: at(0) + 60_000 };
    expect(() => netPowerPerSlot(asset, [{ block: bad, schedule: [] }])).toThrow();
  });
});

describe("projectedStateOfCharge", () => {
  const blocks = [withSchedule(makeBlock(), { 0: 943, 1: -1000 })];

  it("gives the instantaneous state at every quarter-hour boundary, both ends included", () => {
    const r = projectedStateOfCharge(asset, blocks, at(0), at(3));
    expect(r).toEqual({
      ok: true,
      value: [
        { time: at(0), soc: 50, boundaries: { lower: 0, upper: 100 } },
        { time: at(1), soc: 43.75, boundaries: { lower: 0, upper: 100 } }, // 1750 kWh
        { time: at(2), soc: 49.6438, boundaries: { lower: 0, upper: 100 } }, // 1985.75 kWh
        { time: at(3), soc: 49.6438, boundaries: { lower: 0, upper: 100 } },
      ],
    });
  });

  it("starts at the next boundary and stays inside the lifetime, end state included", () => {
    const r = projectedStateOfCharge(asset, blocks, at(1) - 1, at(200));
    if (!r.ok) throw new Error("expected ok");
    expect(r.value[0]!.time).toBe(at(1));
    expect(r.value.at(-1)!.time).toBe(at(96));
    expect(r.value).toHaveLength(96);
    expect(projectedStateOfCharge(asset, blocks, at(-10), at(-5))).toEqual({ ok: true, value: [] });
  });

  it("rejects an interval that ends before it starts", () => {
    expect(projectedStateOfCharge(asset, blocks, at(2), at(1))).toMatchObject({
      ok: false,
      error: { code: "interval_invalid", field: "start" },
    });
  });
});

describe("imbalanceReport", () => {
  const lossless = makeAsset({ chargeEfficiency: 1_000_000 });

  it("reports an over-charged asset", () => {
    const r = imbalanceReport(lossless, [withSchedule(makeBlock(), { 10: -1000 })]);
    expect(r).toEqual({
      endStateOfChargePercentage: 56.25,
      imbalanceCharge: 0,
      imbalanceDischarge: 250,
      finalSoCTolerance: 0.01,
      feedback:
        "This block is projected to be over-charged by 250 kilowatt hours. " +
        "Consider adding more discharging to the schedule to end its lifetime at 50 % state of charge.",
    });
  });

  it("reports an under-charged asset", () => {
    const r = imbalanceReport(asset, [withSchedule(makeBlock(), { 10: 943, 11: 1 })]);
    // 250 kWh + 0.265 112 kWh removed
    expect(r.endStateOfChargePercentage).toBe(43.7434);
    expect(r.imbalanceCharge).toBe(250.265);
    expect(r.imbalanceDischarge).toBe(0);
    expect(r.feedback).toBe(
      "This block is projected to be under-charged by 250.265 kilowatt hours. " +
        "Consider adding more charging to the schedule to end its lifetime at 50 % state of charge.",
    );
  });

  it("says balanced within the tolerance, the tolerance itself included", () => {
    const atTolerance = imbalanceReport(lossless, [withSchedule(makeBlock(), { 0: -160 })]); // +40 kWh = 1 %
    expect(atTolerance.imbalanceDischarge).toBe(40);
    expect(atTolerance.feedback).toBe(
      "This block is projected to end its lifetime balanced, within 1 % of 50 % state of charge.",
    );
    const beyond = imbalanceReport(lossless, [withSchedule(makeBlock(), { 0: -161 })]); // +40.25 kWh
    expect(beyond.feedback).toContain("over-charged by 40.25 kilowatt hours");
    expect(imbalanceReport(asset, []).feedback).toContain("balanced");
    expect(imbalanceReport(asset, []).imbalanceCharge).toBe(0);
  });
});

describe("wire conversions agree with decimal.js", () => {
  const viaDecimal = {
    kwh: (mWh: number) => new Decimal(mWh).dividedBy(1_000_000).toDecimalPlaces(3).toNumber() + 0,
    percent: (mWh: number, wh: number) =>
      new Decimal(mWh)
        .dividedBy(wh * 10)
        .toDecimalPlaces(4)
        .toNumber() + 0,
  };

  it("milliWhToKwh and percentOfAvailable round half away from zero exactly, ties and negatives included", () => {
    for (const mWh of [0, 499, 500, 1500, -500, -1500, 1_734_888_653, 2_000_000_000, -265_111_347]) {
      expect(milliWhToKwh(mWh), String(mWh)).toBe(viaDecimal.kwh(mWh));
    }
    expect(percentOfAvailable(makeAsset({ availableEnergyCapacityWh: 3_500_000 }), 1_985_750_000)).toBe(56.7357);
    for (const [mWh, wh] of [
      [1, 2000], // 0.00005 % exactly: a tie
      [-1, 2000],
      [3, 2000],
      [1_000_000_000, 3_000_000],
    ] as const) {
      expect(percentOfAvailable(makeAsset({ availableEnergyCapacityWh: wh }), mWh)).toBe(viaDecimal.percent(mWh, wh));
    }
    expect(percentOfAvailable(makeAsset({ availableEnergyCapacityWh: 2000 }), 1)).toBe(0.0001);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 42), max: 2 ** 42 }), fc.integer({ min: 1, max: 2 ** 32 }), (mWh, wh) => {
        expect(milliWhToKwh(mWh)).toBe(viaDecimal.kwh(mWh));
        expect(percentOfAvailable(makeAsset({ availableEnergyCapacityWh: wh }), mWh)).toBe(viaDecimal.percent(mWh, wh));
      }),
      { numRuns: 5000 },
    );
  });
});
