/**
 * What the asset holds → what the plan may do (readCommitments: every row of the table in commitments.ts), and what
 * the plan then does to each bid (planActions). Then the optimizer with commitments: ranges, held power, frozen
 * steps and the end energy are kept.
 */
import type { Highs } from "highs";
import { beforeAll, describe, expect, it } from "vitest";
import type { ExistingBid } from "../ancillary/bids.js";
import { findProduct, implicitEnergyProducts } from "../ancillary/products.js";
import type { BlockSchedule } from "../ancillary/schedule.js";
import { removedByDischarging, simulateEnergy } from "../ancillary/soc.js";
import { makeAsset, seededInput } from "./fixtures.js";
import {
  buildHorizon,
  createHighsSolver,
  endEnergyRange,
  frozenSchedule,
  loadHighs,
  type OptimizerPlan,
  optimize,
  planActions,
  readCommitments,
  type Solver,
  scheduleToSend,
} from "./index.js";

const DAY = "2026-06-03";
/** Monday 2026-06-01 10:00 Berlin: every gate of 06-03 open. */
const NOW = Date.UTC(2026, 5, 1, 8, 0);
const horizon = buildHorizon(DAY, 1);
const asset = makeAsset(); // 2 MW / 4 MWh
let ids = 0;

function bid(
  product: string,
  kw: number,
  status: ExistingBid["status"] = "submitted",
  extra: Partial<ExistingBid> = {},
) {
  return { bidId: `b${++ids}`, product, deliveryDay: DAY, status, offeredKw: kw, ...extra } satisfies ExistingBid;
}

/** An aFRR capacity bid and its implicit energy bids (one per quarter-hour of its block). */
function capacityBid(product: string, kw: number, status: ExistingBid["status"] = "submitted", accepted?: boolean) {
  const parent = bid(product, kw, status, accepted === undefined ? {} : { accepted });
  const energy = implicitEnergyProducts(findProduct(product, DAY)!).map((p) =>
    bid(p.code, kw, status, { parentBidId: parent.bidId }),
  );
  return [parent, ...energy];
}

const holdingOf = (c: ReturnType<typeof readCommitments>, product: string) =>
  c.holdings.find((h) => h.product.code === product)!;

describe("readCommitments", () => {
  it("with nothing held every product is free: 0 … max", () => {
    const c = readCommitments(asset, horizon, [], NOW);
    expect(c.commitments.fcr).toHaveLength(6);
    expect(c.commitments.fcr[0]).toEqual({ minMw: 0, maxMw: 2, heldMw: 0 });
    expect(c.commitments.afrrPos[0]!.minMw).toBe(0);
    expect(c.commitments.heldDischargeKw.every((kw) => kw === 0)).toBe(true);
    expect(c.holdings.map((h) => h.product.code).slice(0, 2)).toEqual(["NEGPOS_00_04", "NEGPOS_04_08"]);
    expect(c.holdings.every((h) => h.live === null && h.fixed === null)).toBe(true);
  });

  it("a pending bid is fixed at its capacity; a submitted one may be replaced but not withdrawn (1 MW …)", () => {
    const c = readCommitments(asset, horizon, [bid("NEGPOS_16_20", 1000, "pending"), bid("NEGPOS_20_24", 1000)], NOW);
    expect(c.commitments.fcr[4]).toEqual({ minMw: 1, maxMw: 1, heldMw: 1 });
    expect(holdingOf(c, "NEGPOS_16_20").fixed).toBe("bid_pending");
    expect(c.commitments.fcr[5]).toEqual({ minMw: 1, maxMw: 2, heldMw: 1 });
    expect(holdingOf(c, "NEGPOS_20_24").fixed).toBeNull();
  });

  it("a closed gate fixes the product, at 0 when nothing is held; FCR more than 7 days on is not open yet", () => {
    // 06-02 08:00 Berlin: FCR of 06-03 closed (07:30), aFRR capacity still open (08:30)
    const c = readCommitments(asset, horizon, [bid("NEGPOS_00_04", 1000)], Date.UTC(2026, 5, 2, 6, 0));
    expect(c.commitments.fcr[0]).toEqual({ minMw: 1, maxMw: 1, heldMw: 1 });
    expect(c.commitments.fcr[1]).toEqual({ minMw: 0, maxMw: 0, heldMw: 0 });
    expect(holdingOf(c, "NEGPOS_04_08").fixed).toBe("gate_closed");
    expect(holdingOf(c, "POS_00_04").fixed).toBeNull();
    const far = readCommitments(asset, buildHorizon("2026-06-10", 1), [], NOW);
    expect(far.commitments.fcr[0]).toEqual({ minMw: 0, maxMw: 0, heldMw: 0 });
    expect(far.holdings[0]!.fixed).toBe("delivery_day_too_far");
  });

  it("aFRR: a pending energy bid in the block fixes its capacity product, and power beyond the capacity is held", () => {
    const held = capacityBid("POS_16_20", 1000);
    const step = 16 * 4 + 3; // POS_068 (16:45)
    const repriced = bid("POS_068", 2000, "pending", { parentBidId: held[0]!.bidId });
    const existing = held.map((b) => (b.product === "POS_068" ? { ...b, accepted: false } : b));
    const c = readCommitments(asset, horizon, [...existing.filter((b) => b.product !== "POS_068"), repriced], NOW);
    expect(holdingOf(c, "POS_16_20").fixed).toBe("energy_bid_pending");
    expect(c.commitments.afrrPos[4]).toEqual({ minMw: 1, maxMw: 1, heldMw: 1 });
    expect(c.commitments.heldDischargeKw[step]).toBe(1000);
    expect(c.commitments.heldDischargeKw[step + 1]).toBe(0);
  });

  it("explicit aFRR energy bids are held power, and the FCR request (sent first) must fit beside them", () => {
    const c = readCommitments(asset, horizon, [bid("NEG_050", 2000)], NOW);
    expect(c.commitments.heldChargeKw[49]).toBe(2000);
    expect(c.commitments.fcr[3]).toEqual({ minMw: 0, maxMw: 0, heldMw: 0 }); // 12:15 lies in 12_16: no room left charging
    expect(c.commitments.fcr[2]).toEqual({ minMw: 0, maxMw: 2, heldMw: 0 });
  });

  it("a rejected aFRR capacity bid and its implicit energy bids hold nothing", () => {
    const c = readCommitments(asset, horizon, capacityBid("NEG_00_04", 2000, "submitted", false), NOW);
    expect(holdingOf(c, "NEG_00_04").live).toBeNull();
    expect(c.commitments.afrrNeg[0]!.minMw).toBe(0);
    expect(c.commitments.heldChargeKw.every((kw) => kw === 0)).toBe(true);
  });
});

describe("planActions", () => {
  const planWith = (fcr: [string, number][], afrr: [string, number][] = []) =>
    ({
      bids: {
        fcr: fcr.map(([product, kw]) => ({
          product,
          deliveryDay: DAY,
          bids: [{ offeredCapacity: kw, capacityPrice: 10, energyPrice: null }],
        })),
        afrr: afrr.map(([product, kw]) => ({
          product,
          deliveryDay: DAY,
          bids: [{ offeredCapacity: kw, capacityPrice: 5, energyPrice: 100 }],
        })),
      },
    }) as unknown as OptimizerPlan;

  it("keep (fixed, same capacity, or dropped), replace, new — FCR first; only replace and new are sent", () => {
    const existing = [
      bid("NEGPOS_00_04", 1000, "pending"),
      bid("NEGPOS_04_08", 1000),
      bid("NEGPOS_08_12", 1000),
      bid("NEGPOS_12_16", 1000),
      ...capacityBid("POS_16_20", 1000),
    ];
    const c = readCommitments(asset, horizon, existing, NOW);
    const plan = planWith(
      [
        ["NEGPOS_00_04", 1000],
        ["NEGPOS_04_08", 1000],
        ["NEGPOS_08_12", 2000],
        ["NEGPOS_20_24", 1000],
      ],
      [["POS_16_20", 2000]],
    );
    const { actions, bids } = planActions(plan, c.holdings);
    expect(actions.map((a) => [a.product, a.action, a.fixed])).toEqual([
      ["NEGPOS_00_04", "keep", "bid_pending"],
      ["NEGPOS_04_08", "keep", null],
      ["NEGPOS_08_12", "replace", null],
      ["NEGPOS_12_16", "keep", null], // the plan drops it: a bid is never withdrawn
      ["NEGPOS_20_24", "new", null],
      ["POS_16_20", "replace", null],
    ]);
    expect(actions[2]!.existing).toEqual({ bidId: existing[2]!.bidId, offeredKw: 1000, status: "submitted" });
    expect(bids.fcr.map((p) => p.product)).toEqual(["NEGPOS_08_12", "NEGPOS_20_24"]);
    expect(bids.afrr.map((p) => p.product)).toEqual(["POS_16_20"]);
  });

  it("an aFRR bid whose energy bids were repriced above its capacity is re-sent, not kept, at the same capacity", () => {
    const held = capacityBid("NEG_00_04", 1000);
    const existing = held.map((b) => (b.product === "NEG_001" ? { ...b, offeredKw: 2000 } : b));
    const c = readCommitments(asset, horizon, existing, NOW);
    const { actions } = planActions(planWith([], [["NEG_00_04", 1000]]), c.holdings);
    expect(actions.map((a) => a.action)).toEqual(["replace"]);
  });
});

describe("optimize with commitments", () => {
  let highs: Highs;
  let solver: Solver;
  beforeAll(async () => {
    highs = await loadHighs();
    solver = createHighsSolver(highs);
  });

  const kwOf = (plan: OptimizerPlan, product: string) =>
    [...plan.bids.fcr, ...plan.bids.afrr].find((p) => p.product === product)?.bids[0]?.offeredCapacity ?? 0;

  it("keeps every reserve within its range and beside the held power, and the frozen steps as they are", async () => {
    const c = readCommitments(
      asset,
      horizon,
      [bid("NEGPOS_16_20", 1000, "pending"), bid("NEGPOS_20_24", 1000), bid("POS_020", 2000)],
      NOW,
    );
    const frozen = [0, 0, -500, -500];
    const result = await optimize(
      seededInput(7, DAY, 1, { fcr: true, afrr: true }, { commitments: c.commitments, frozenScheduleKw: frozen }),
      solver,
    );
    if (!result.ok) throw new Error(result.error.message);
    const plan = result.value;
    expect(kwOf(plan, "NEGPOS_16_20")).toBe(1000);
    expect(kwOf(plan, "NEGPOS_20_24")).toBeGreaterThanOrEqual(1000);
    // POS_020 (04:45) holds 2 MW discharging: nothing else discharges or offers POS in 04_08
    expect(kwOf(plan, "POS_04_08") + kwOf(plan, "NEGPOS_04_08")).toBe(0);
    expect(plan.schedule[19]!.power).toBeLessThanOrEqual(0);
    expect(plan.schedule.slice(0, 4).map((s) => s.power)).toEqual(frozen);
  });

  it("ends where the schedules after the horizon need it (the end target gives way)", async () => {
    const input = seededInput(
      3,
      DAY,
      1,
      { fcr: false, afrr: false },
      {
        endEnergyRange: { lowerMilliWh: 3_000_000_000, upperMilliWh: 3_500_000_000 },
      },
    );
    const result = await optimize(input, solver);
    if (!result.ok) throw new Error(result.error.message);
    const end = result.value.soc.at(-1)!.energyMilliWh;
    expect(end).toBeGreaterThanOrEqual(3_000_000_000);
    expect(end).toBeLessThanOrEqual(3_500_000_000);
    const sim = simulateEnergy(
      asset,
      result.value.schedule.map((s) => s.power),
      input.startEnergyMilliWh,
    );
    expect(sim.firstViolation).toBeNull();
  });

  it("a product without a price stays as it is: its live capacity is held power, whatever its range", async () => {
    const c = readCommitments(asset, horizon, [bid("NEGPOS_08_12", 2000)], NOW); // replaceable: 1 … 2 MW
    const result = await optimize(
      seededInput(9, DAY, 1, { fcr: false, afrr: true }, { commitments: c.commitments }),
      solver,
    );
    if (!result.ok) throw new Error(result.error.message);
    const plan = result.value;
    // 2 MW of FCR held both ways in 08_12 on a 2 MW battery: no aFRR there, no dispatch
    expect(kwOf(plan, "POS_08_12") + kwOf(plan, "NEG_08_12")).toBe(0);
    expect(plan.schedule.slice(32, 48).every((s) => s.power === 0)).toBe(true);
    expect(planActions(plan, c.holdings).actions.find((a) => a.product === "NEGPOS_08_12")?.action).toBe("keep");
  });

  it("a held minimum the energy cannot carry is priced, never infeasible", async () => {
    const c = readCommitments(asset, horizon, [bid("NEGPOS_00_04", 1000, "pending")], NOW);
    const result = await optimize(
      seededInput(5, DAY, 1, { fcr: true, afrr: false }, { commitments: c.commitments, startEnergyMilliWh: 0 }),
      solver,
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.solver).toBe("highs");
    expect(kwOf(result.value, "NEGPOS_00_04")).toBe(1000);
  });
});

describe("the schedule around the horizon", () => {
  // one WHOLESALE block over the horizon and the day after, 2 MW both ways in every slot
  const slots = 2 * 96;
  const block = {
    id: "blk",
    start: horizon.start,
    end: horizon.start + slots * 900_000,
    market: "WHOLESALE",
    ratedChargePowerKw: 2000,
    ratedDischargePowerKw: 2000,
    powerCapacity: Array.from({ length: slots }, () => ({
      chargePowerCapacityKw: 2000,
      dischargePowerCapacityKw: 2000,
      ratedChargePowerCapacityKw: 2000,
      ratedDischargePowerCapacityKw: 2000,
    })),
  };
  const spec = makeAsset({ start: horizon.start, end: block.end });
  const schedule = new Array<number>(slots).fill(0);
  schedule[1] = -300;
  for (let j = 96; j < 100; j++) schedule[j] = 1000; // the day after: 1 MW discharged for an hour
  const stored: BlockSchedule = { block, schedule };

  it("freezes the slots starting before now + the dispatch gate closure, as they are", () => {
    // 01:00 + 8 min: 00:00 … 01:00 start before it
    expect(frozenSchedule(spec, stored, horizon, horizon.start + 3_600_000)).toEqual([0, -300, 0, 0, 0]);
    expect(frozenSchedule(spec, stored, horizon, horizon.start - 3_600_000)).toEqual([]);
  });

  it("the end energy leaves the schedules after the horizon within the limits", () => {
    const hour = 4 * removedByDischarging(1000, spec.dischargeEfficiency);
    expect(endEnergyRange(spec, [stored], horizon)).toEqual({
      lowerMilliWh: hour,
      upperMilliWh: spec.availableEnergyCapacityWh * 1000,
    });
  });

  it("sends the plan's schedule when the platform takes it, else the current one and why", () => {
    const plan = {
      schedule: Array.from({ length: 96 }, (_, t) => ({
        time: new Date(horizon.start + t * 900_000).toISOString().replace(".000", ""),
        power: 0,
      })),
    } as unknown as OptimizerPlan;
    expect(scheduleToSend(plan, spec, stored, [stored], horizon, horizon.start - 86_400_000).refused).toBeNull();
    const tooMuch = {
      schedule: plan.schedule.map((s, t) => (t === 10 ? { ...s, power: 2500 } : s)),
    } as unknown as OptimizerPlan;
    const sent = scheduleToSend(tooMuch, spec, stored, [stored], horizon, horizon.start - 86_400_000);
    expect(sent.refused?.error).toBe("power_out_of_range");
    expect(sent.schedule.map((s) => s.power)).toEqual(schedule.slice(0, 96));
  });
});
