import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyScheduleUpdate, type Block, type BlockSchedule, scheduleToWire, zeroSchedule } from "./schedule.js";
import { at, iso, makeAsset, makeBlock, referenceEnergies, withSchedule } from "./soc.fixtures.js";
import { netPowerPerSlot } from "./soc.js";

const asset = makeAsset();
const block = makeBlock();
const EARLY = at(-4); // an hour before the asset starts: nothing frozen

const codeOf = (r: ReturnType<typeof applyScheduleUpdate>) => (r.ok ? "ok" : r.error.code);

describe("applyScheduleUpdate: happy path", () => {
  it("starts from zeros and sets only the given slots, without mutating anything", () => {
    const blocks = [withSchedule(block)];
    const r = applyScheduleUpdate(
      asset,
      block,
      blocks,
      [
        { time: iso(3), power: 380 },
        { time: "2023-11-11T01:15:00+01:00", power: -200 }, // = 00:15Z, slot 1
      ],
      EARLY,
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.slice(0, 5)).toEqual([0, -200, 0, 380, 0]);
    expect(r.value.filter((p) => p !== 0)).toHaveLength(2);
    expect(blocks[0]!.schedule.every((p) => p === 0)).toBe(true);
  });

  it("treats a block missing from the list as all zeros, and an empty update as no change", () => {
    expect(applyScheduleUpdate(asset, block, [], [], EARLY)).toEqual({ ok: true, value: zeroSchedule(block) });
  });

  it("renders the wire form", () => {
    expect(scheduleToWire(block, [380, 0]).slice(0, 2)).toEqual([
      { time: "2023-11-11T00:00:00Z", power: 380 },
      { time: "2023-11-11T00:15:00Z", power: 0 },
    ]);
  });
});

describe("applyScheduleUpdate: rejections", () => {
  const put = (update: { time: unknown; power: unknown }[], b: Block = block, blocks: BlockSchedule[] = []) =>
    applyScheduleUpdate(asset, b, blocks, update, EARLY);

  it("writes only WHOLESALE blocks", () => {
    const fcr = makeBlock({ id: "fcr-1", market: "FCR" });
    expect(put([{ time: iso(0), power: 0 }], fcr)).toMatchObject({
      ok: false,
      error: { code: "block_not_writable", message: expect.stringContaining("only WHOLESALE") },
    });
  });

  it.each([["2023-11-11 00:30:00Z"], ["2023-11-11T00:30:00"], ["yesterday"], [1699662600000], [null]])(
    "rejects the time %j as slot_invalid",
    (time) => {
      expect(
        put([
          { time: iso(0), power: 0 },
          { time, power: 0 },
        ]),
      ).toMatchObject({
        ok: false,
        error: { code: "slot_invalid", field: "schedule[1].time" },
      });
    },
  );

  it.each(["2023-11-11T00:31:00Z", "2023-11-11T00:30:00.001Z", "2023-11-11T00:30:01Z"])(
    "rejects %s: not the start of a quarter-hour",
    (time) => {
      expect(put([{ time, power: 0 }])).toMatchObject({
        ok: false,
        error: { code: "slot_invalid", field: "schedule[0].time", message: expect.stringContaining("left-aligned") },
      });
    },
  );

  it("rejects slots outside the block's lifetime (end excluded)", () => {
    const short = makeBlock({ from: 8, to: 16 });
    expect(codeOf(put([{ time: iso(8), power: 1 }], short))).toBe("ok");
    expect(codeOf(put([{ time: iso(15), power: 1 }], short))).toBe("ok");
    expect(codeOf(put([{ time: iso(7), power: 1 }], short))).toBe("slot_outside_block");
    expect(put([{ time: iso(16), power: 1 }], short)).toMatchObject({
      ok: false,
      error: { code: "slot_outside_block", field: "schedule[0].time" },
    });
  });

  it("rejects the same slot twice in one update, however it is written", () => {
    expect(
      put([
        { time: iso(4), power: 1 },
        { time: "2023-11-11T02:00:00+01:00", power: 1 },
      ]),
    ).toMatchObject({
      ok: false,
      error: { code: "slot_duplicate", field: "schedule[1].time", message: expect.stringContaining("schedule[0]") },
    });
  });

  it.each([[100.5], [-0.1], ["100"], [null], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    "rejects the power %j: whole kW only, never floored",
    (power) => {
      expect(put([{ time: iso(0), power }])).toMatchObject({
        ok: false,
        error: { code: "power_invalid", field: "schedule[0].power" },
      });
    },
  );

  it("keeps power within [-chargePowerCapacity, dischargePowerCapacity] of that very slot", () => {
    const base = makeBlock({ chargeKw: 300, dischargeKw: 500 });
    const narrow: Block = {
      ...base,
      powerCapacity: base.powerCapacity.map((c, j) => (j === 2 ? { ...c, dischargePowerCapacityKw: 100 } : c)),
    };
    expect(codeOf(put([{ time: iso(0), power: 500 }], narrow))).toBe("ok");
    expect(codeOf(put([{ time: iso(0), power: -300 }], narrow))).toBe("ok");
    expect(codeOf(put([{ time: iso(0), power: 501 }], narrow))).toBe("power_out_of_range");
    expect(put([{ time: iso(0), power: -301 }], narrow)).toMatchObject({
      ok: false,
      error: {
        code: "power_out_of_range",
        field: "schedule[0].power",
        message: expect.stringContaining("[-300, 500]"),
      },
    });
    expect(codeOf(put([{ time: iso(2), power: 100 }], narrow))).toBe("ok");
    expect(codeOf(put([{ time: iso(2), power: 101 }], narrow))).toBe("power_out_of_range");
  });

  it("treats a slot without capacity data as zero capacity", () => {
    const none: Block = { ...block, powerCapacity: [] };
    expect(codeOf(put([{ time: iso(0), power: 0 }], none))).toBe("ok");
    expect(codeOf(put([{ time: iso(0), power: 1 }], none))).toBe("power_out_of_range");
  });

  it("reports the first broken rule in the order of the update", () => {
    expect(
      codeOf(
        put([
          { time: iso(0), power: 5000 },
          { time: "nope", power: 0 },
        ]),
      ),
    ).toBe("power_out_of_range");
  });
});

describe("applyScheduleUpdate: gate closure", () => {
  // slot 8 starts 02:00; 480 s gate closure → its gate closes 01:52:00.
  const blocks = [withSchedule(block, { 8: 100 })];
  const put = (power: number, now: number) => applyScheduleUpdate(asset, block, blocks, [{ time: iso(8), power }], now);

  it("accepts a change up to the gate closure instant itself", () => {
    expect(codeOf(put(200, at(8) - 480_000))).toBe("ok");
  });

  it("refuses a change one millisecond later, and in the past", () => {
    expect(put(200, at(8) - 480_000 + 1)).toMatchObject({
      ok: false,
      error: {
        code: "slot_frozen",
        field: "schedule[0].power",
        message: "the slot 2023-11-11T02:00:00Z is frozen: its gate closed at 2023-11-11T01:52:00Z; it stays at 100 kW",
      },
    });
    expect(codeOf(put(0, at(20)))).toBe("slot_frozen");
  });

  it("accepts re-sending the value a frozen slot already has", () => {
    expect(codeOf(put(100, at(20)))).toBe("ok");
  });
});

describe("applyScheduleUpdate: state of energy of the whole asset", () => {
  it("accepts a schedule that fills the asset exactly to its available capacity, refuses 1 kW more", () => {
    // from 2114 kWh, 4 slots at −2000 kW store 4 × 471.5 kWh = 1886 kWh → exactly 4000 kWh.
    const fillable = makeAsset({ initialEnergyWh: 2_114_000 });
    const update = [0, 1, 2, 3].map((i) => ({ time: iso(i), power: -2000 }));
    expect(codeOf(applyScheduleUpdate(fillable, block, [], update, EARLY))).toBe("ok");
    const bigger = makeBlock({ chargeKw: 2001 });
    const over = applyScheduleUpdate(
      fillable,
      bigger,
      [],
      [...update.slice(0, 3), { time: iso(3), power: -2001 }],
      EARLY,
    );
    expect(over).toEqual({
      ok: false,
      error: {
        code: "state_of_energy_out_of_bounds",
        field: "schedule[3].power",
        message:
          "the update would take the state of energy 0.236 kWh above the upper limit of 4000 kWh at the end of the " +
          "slot 2023-11-11T00:45:00Z; the whole update was rejected",
      },
    });
  });

  it("accepts emptying the asset exactly, refuses 1 kW more", () => {
    // 943 kW at 94.3 % removes exactly 250 kWh per slot: 8 slots empty 2000 kWh.
    const update = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ time: iso(i), power: 943 }));
    expect(codeOf(applyScheduleUpdate(asset, block, [], update, EARLY))).toBe("ok");
    update[7] = { time: iso(7), power: 944 };
    expect(applyScheduleUpdate(asset, block, [], update, EARLY)).toMatchObject({
      ok: false,
      error: {
        code: "state_of_energy_out_of_bounds",
        field: "schedule[7].power",
        message: expect.stringContaining(
          "0.266 kWh below the lower limit of 0 kWh at the end of the slot 2023-11-11T01:45:00Z",
        ),
      },
    });
  });

  it("sums all the asset's blocks and names the slot where the limit is crossed, even outside the update", () => {
    const fcr = withSchedule(makeBlock({ id: "fcr", market: "FCR" }), { 10: 943 });
    const update = [0, 1, 2, 3, 4, 5, 6].map((i) => ({ time: iso(i), power: 943 })); // down to 250 kWh
    expect(codeOf(applyScheduleUpdate(asset, block, [fcr], update, EARLY))).toBe("ok");
    const more = [...update, { time: iso(7), power: 1 }];
    expect(applyScheduleUpdate(asset, block, [withSchedule(block), fcr], more, EARLY)).toMatchObject({
      ok: false,
      error: {
        code: "state_of_energy_out_of_bounds",
        field: "schedule",
        message: expect.stringContaining("02:30:00Z"),
      },
    });
  });

  it("counts the block's existing schedule, not only the update", () => {
    const current = withSchedule(block, { 0: 943, 1: 943, 2: 943, 3: 943, 4: 943, 5: 943, 6: 943, 7: 943 });
    expect(codeOf(applyScheduleUpdate(asset, block, [current], [{ time: iso(30), power: 1 }], EARLY))).toBe(
      "state_of_energy_out_of_bounds",
    );
    expect(codeOf(applyScheduleUpdate(asset, block, [current], [{ time: iso(30), power: -1 }], EARLY))).toBe("ok");
  });

  it("when the stored schedules already leave the limits, refuses only updates that make a slot worse", () => {
    const shrunk = makeAsset({ availableEnergyCapacityWh: 1_900_000 }); // 2000 kWh stored > 1900 kWh usable
    const blocks = [withSchedule(block)];
    expect(codeOf(applyScheduleUpdate(shrunk, block, blocks, [{ time: iso(0), power: 0 }], EARLY))).toBe("ok");
    expect(codeOf(applyScheduleUpdate(shrunk, block, blocks, [{ time: iso(0), power: 500 }], EARLY))).toBe("ok");
    expect(applyScheduleUpdate(shrunk, block, blocks, [{ time: iso(5), power: -1 }], EARLY)).toMatchObject({
      ok: false,
      error: {
        code: "state_of_energy_out_of_bounds",
        message: expect.stringContaining(
          "100.236 kWh above the upper limit of 1900 kWh at the end of the slot 2023-11-11T01:15:00Z",
        ),
      },
    });
  });
});

describe("property: an accepted schedule never leaves the bounds", () => {
  it("holds for random sequences of updates on a small asset with a wholesale and an ancillary block", () => {
    const small = makeAsset({ end: at(16), initialEnergyWh: 500_000, availableEnergyCapacityWh: 1_000_000 });
    const wh = makeBlock({ to: 16, chargeKw: 2000, dischargeKw: 2000 });
    const fcr = makeBlock({ id: "fcr", market: "FCR", from: 4, to: 12 });
    const entry = fc.record({ slot: fc.integer({ min: 0, max: 15 }), power: fc.integer({ min: -2000, max: 2000 }) });
    const updates = fc.array(fc.uniqueArray(entry, { selector: (e) => e.slot, maxLength: 6 }), { maxLength: 12 });
    const fcrPowers = fc.array(fc.integer({ min: -300, max: 300 }), { minLength: 8, maxLength: 8 });

    fc.assert(
      fc.property(updates, fcrPowers, (seq, fcrPlan) => {
        const ancillary: BlockSchedule = { block: fcr, schedule: fcrPlan };
        const inBounds = (s: BlockSchedule[]) =>
          referenceEnergies(small, netPowerPerSlot(small, s)).every((e) => e >= 0n && e <= 1_000_000_000n);
        let current: BlockSchedule = withSchedule(wh);
        // only the ancillary block may start the asset outside its limits; then the no-worse rule applies instead
        if (!inBounds([current, ancillary])) return;
        for (const u of seq) {
          const update = u.map((e) => ({ time: iso(e.slot), power: e.power }));
          const r = applyScheduleUpdate(small, wh, [current, ancillary], update, EARLY);
          const proposed = current.schedule.slice();
          for (const e of u) proposed[e.slot] = e.power;
          const wouldFit = inBounds([{ block: wh, schedule: proposed }, ancillary]);
          expect(r.ok).toBe(wouldFit); // accepted exactly when the independent re-simulation stays within bounds
          if (r.ok) current = { block: wh, schedule: r.value };
          expect(inBounds([current, ancillary])).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
