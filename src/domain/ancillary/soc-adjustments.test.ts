import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { at, makeAsset, makeBlock, referenceEnergies, withSchedule } from "./soc.fixtures.js";
import { netPowerPerSlot } from "./soc.js";
import { adjustToStateOfEnergyBounds } from "./soc-adjustments.js";

const shrunk = makeAsset({ availableEnergyCapacityWh: 3_000_000 }); // 2000 kWh stored of 3000 kWh usable
const charging = { 0: -2000, 1: -2000, 2: -2000, 3: -2000 }; // +471.5 kWh per slot

describe("adjustToStateOfEnergyBounds", () => {
  it("changes nothing while the schedules stay within the limits", () => {
    const blocks = [withSchedule(makeBlock(), charging)];
    const r = adjustToStateOfEnergyBounds(makeAsset(), blocks, at(0));
    expect(r.adjustments).toEqual([]);
    expect(r.blocks[0]).toBe(blocks[0]);
  });

  it("clips charging to the least whole kW that keeps the upper limit, and lists the changed slots", () => {
    // 2000 → 2471.5 → 2943 kWh; slot 2 has 57 kWh of room: 241 kW stores 56.81575 kWh; slot 3 then has none.
    const wh = makeBlock();
    const r = adjustToStateOfEnergyBounds(shrunk, [withSchedule(wh, charging)], at(0));
    expect(r.adjustments).toEqual([
      {
        timestamp: at(0),
        blockID: "wh-1",
        acceptedSchedule: [
          { time: at(2), power: -2000 },
          { time: at(3), power: -2000 },
        ],
        adjustedSchedule: [
          { time: at(2), power: -241 },
          { time: at(3), power: 0 },
        ],
        reason: "STATE_OF_ENERGY_BOUNDARIES",
      },
    ]);
    expect(r.blocks[0]!.schedule.slice(0, 5)).toEqual([-2000, -2000, -241, 0, 0]);
    const energies = referenceEnergies(shrunk, netPowerPerSlot(shrunk, r.blocks));
    expect(energies[3]).toBe(2_999_815_750n);
  });

  it("never changes slots that started before now", () => {
    const r = adjustToStateOfEnergyBounds(shrunk, [withSchedule(makeBlock(), charging)], at(3));
    expect(r.adjustments[0]!.acceptedSchedule).toEqual([{ time: at(3), power: -2000 }]);
    expect(r.adjustments[0]!.adjustedSchedule).toEqual([{ time: at(3), power: 0 }]);
    expect(r.adjustments[0]!.timestamp).toBe(at(3));
  });

  it("clips wholesale blocks in the order given, down to 0 at most, and leaves ancillary blocks alone", () => {
    const w1 = withSchedule(makeBlock({ id: "w1" }), { 0: -1000, 1: -1000, 2: -1000, 3: -1000 });
    const w2 = withSchedule(makeBlock({ id: "w2" }), { 0: -1000, 1: -1000, 2: -1000, 3: -1000, 4: 300 });
    const fcr = withSchedule(makeBlock({ id: "fcr", market: "FCR" }), { 3: -500 });
    const r = adjustToStateOfEnergyBounds(shrunk, [w1, w2, fcr], at(0));
    expect(r.blocks[0]!.schedule.slice(0, 5)).toEqual([-1000, -1000, 0, 0, 0]);
    expect(r.blocks[1]!.schedule.slice(0, 5)).toEqual([-1000, -1000, -241, 0, 300]);
    expect(r.blocks[2]).toBe(fcr);
    expect(r.adjustments.map((a) => a.blockID)).toEqual(["w1", "w2"]);
  });

  it("clips discharging when the discharge efficiency has dropped", () => {
    // accepted at 94.3 %: 8 × 943 kW = exactly 2000 kWh; at 50 % each slot now removes 471.5 kWh.
    const worse = makeAsset({ dischargeEfficiency: 500_000 });
    const wh = makeBlock();
    const r = adjustToStateOfEnergyBounds(
      worse,
      [withSchedule(wh, { 0: 943, 1: 943, 2: 943, 3: 943, 4: 943, 5: 943, 6: 943, 7: 943 })],
      at(0),
    );
    expect(r.adjustments[0]!.adjustedSchedule.map((p) => p.power)).toEqual([228, 0, 0, 0]);
    expect(r.adjustments[0]!.acceptedSchedule.map((p) => p.time)).toEqual([at(4), at(5), at(6), at(7)]);
    expect(referenceEnergies(worse, netPowerPerSlot(worse, r.blocks))[7]).toBe(0n);
  });

  it("property: the adjusted wholesale schedules stay within the limits, only shrinking towards 0", () => {
    const plan = fc.array(fc.integer({ min: -2000, max: 2000 }), { minLength: 16, maxLength: 16 });
    const params = fc.record({
      available: fc.integer({ min: 1, max: 4_000_000 }),
      ce: fc.integer({ min: 500_000, max: 1_000_000 }),
      de: fc.integer({ min: 500_000, max: 1_000_000 }),
      initialShare: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(plan, plan, params, (p1, p2, { available, ce, de, initialShare }) => {
        const asset = makeAsset({
          end: at(16),
          availableEnergyCapacityWh: available,
          initialEnergyWh: Math.floor((available * initialShare) / 100),
          chargeEfficiency: ce,
          dischargeEfficiency: de,
        });
        const blocks = [
          { block: makeBlock({ id: "a", to: 16 }), schedule: p1 },
          { block: makeBlock({ id: "b", to: 16 }), schedule: p2 },
        ];
        const r = adjustToStateOfEnergyBounds(asset, blocks, at(0));
        const energies = referenceEnergies(asset, netPowerPerSlot(asset, r.blocks));
        expect(energies.every((e) => e >= 0n && e <= BigInt(available) * 1000n)).toBe(true);
        r.blocks.forEach((b, i) => {
          b.schedule.forEach((p, j) => {
            const before = blocks[i]!.schedule[j]!;
            expect(Math.abs(p)).toBeLessThanOrEqual(Math.abs(before));
            expect(p === 0 || Math.sign(p) === Math.sign(before)).toBe(true);
          });
        });
        expect(adjustToStateOfEnergyBounds(asset, r.blocks, at(0)).adjustments).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
