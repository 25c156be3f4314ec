/**
 * From a solved program (or the greedy heuristic's decisions) to a plan the platform accepts:
 *
 * 1. Reserves are whole MW (integral columns, rounded away from solver noise).
 * 2. The schedule is whole kW: each slot takes the whole-kW power whose stored-energy change (with `soc.ts`'s exact
 *    arithmetic, efficiency on NET power) keeps the simulated energy closest to the planned trajectory — so rounding
 *    errors never accumulate, and a solution that charges and discharges in the same slot is netted consistently.
 *    The power stays within what the reserves leave: [−(P_ch − FCR − aFRR NEG), P_dis − FCR − aFRR POS].
 * 3. A safety net trims a slot's power when it would take the energy past a limit (incl. the reserve headroom)
 *    that it was within; the program's rounding margin makes this a no-op for solver plans.
 * 4. The schedule is re-simulated with `soc.ts`; every limit it misses is reported as a slack with its amount.
 */
import { energyDelta, maxChargeKwWithin, maxDischargeKwWithin, removedByDischarging } from "../ancillary/soc.js";
import { PPM } from "../ancillary/virtual-asset.js";
import { toIso } from "../time.js";
import { centsToEur } from "../units.js";
import { STEP_HOURS, stepTime } from "./horizon.js";
import type { OptimizerData, OptimizerModel } from "./model.js";
import type { ExpectedRevenue, OptimizerPlan, PriceRule, ProductBids, SlackUse, SolverSolution } from "./types.js";

/** Decisions before rounding: MW per step, target energy (mWh) per instant, whole MW per block. */
export interface RawDecisions {
  readonly chargeMw: ArrayLike<number>;
  readonly dischargeMw: ArrayLike<number>;
  /** Planned stored energy at instants 0 … T, mWh. */
  readonly energyMilliWh: ArrayLike<number>;
  readonly fcrMw: ArrayLike<number>;
  readonly afrrPosMw: ArrayLike<number>;
  readonly afrrNegMw: ArrayLike<number>;
}

export interface PlanMeta {
  readonly solver: OptimizerPlan["solver"];
  readonly status: OptimizerPlan["status"];
  readonly fallbackReason: string | null;
  readonly mipGap: number | null;
  readonly solveMs: number;
  readonly solves: number;
}

/** Bid price limits of the platform, euro-cents. */
const PRICE_LIMIT_CENTS = 1_500_000;

/** Reads a solved program's decisions (the solution must carry values). */
export function readDecisions(model: OptimizerModel, solution: SolverSolution): RawDecisions {
  const values = solution.values;
  if (values === null) throw new Error("readDecisions: the solution has no values");
  const pick = (cols: Int32Array, scale = 1) => Float64Array.from(cols, (c) => (c >= 0 ? values[c]! * scale : 0));
  return {
    chargeMw: pick(model.columns.charge),
    dischargeMw: pick(model.columns.discharge),
    energyMilliWh: pick(model.columns.energy, 1e9),
    fcrMw: pick(model.columns.fcr),
    afrrPosMw: pick(model.columns.afrrPos),
    afrrNegMw: pick(model.columns.afrrNeg),
  };
}

/** Steps where the decisions charge and discharge at once (more than 0.1 kW each). */
export function simultaneousSteps(decisions: RawDecisions): number[] {
  const steps: number[] = [];
  for (let t = 0; t < decisions.chargeMw.length; t++) {
    if (decisions.chargeMw[t]! > 1e-4 && decisions.dischargeMw[t]! > 1e-4) steps.push(t);
  }
  return steps;
}

/** The plan of a solved program. */
export function interpret(model: OptimizerModel, solution: SolverSolution, meta: PlanMeta): OptimizerPlan {
  return planFromDecisions(model.data, readDecisions(model, solution), meta);
}

export interface EnergyLimitsAt {
  /** Lowest / highest energy allowed at each instant incl. reserve headroom, mWh. */
  readonly low: Float64Array;
  readonly high: Float64Array;
}

/** Per instant k: the SoC limits narrowed by the energy the reserves of the adjacent blocks hold. */
export function energyLimitsWithReserves(
  data: OptimizerData,
  fcrMw: ArrayLike<number>,
  afrrPosMw: ArrayLike<number>,
  afrrNegMw: ArrayLike<number>,
): EnergyLimitsAt {
  const T = data.steps;
  const low = new Float64Array(T + 1);
  const high = new Float64Array(T + 1);
  const up = (b: number) => fcrMw[b]! * data.fcrUpMilliWhPerMw + afrrPosMw[b]! * data.afrrUpMilliWhPerMw;
  const down = (b: number) => fcrMw[b]! * data.fcrDownMilliWhPerMw + afrrNegMw[b]! * data.afrrDownMilliWhPerMw;
  for (let k = 0; k <= T; k++) {
    let u = 0;
    let d = 0;
    if (k > 0) {
      const b = data.horizon.blockOfStep[k - 1]!;
      u = Math.max(u, up(b));
      d = Math.max(d, down(b));
    }
    if (k < T) {
      const b = data.horizon.blockOfStep[k]!;
      u = Math.max(u, up(b));
      d = Math.max(d, down(b));
    }
    low[k] = data.lowerMilliWh + Math.ceil(u);
    high[k] = data.upperMilliWh - Math.ceil(d);
  }
  return { low, high };
}

const wholeMw = (x: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(x)));

/** Whole kW whose energy change from `energy` lands closest to `target` (both mWh). */
function powerTowards(data: OptimizerData, energy: number, target: number): number {
  const { chargeEfficiency: ce, dischargeEfficiency: de } = data.input.asset;
  const wanted = target - energy;
  const ideal = wanted >= 0 ? -(wanted * 4) / ce : (-wanted * de) / 250_000 / PPM;
  let best = 0;
  let bestError = Math.abs(wanted);
  for (const p of [Math.floor(ideal), Math.ceil(ideal)]) {
    const error = Math.abs(energy + energyDelta(data.input.asset, p) - target);
    if (error < bestError) {
      best = p;
      bestError = error;
    }
  }
  return best;
}

/** Rounds, repairs, re-simulates and prices decisions into a plan. */
export function planFromDecisions(data: OptimizerData, raw: RawDecisions, meta: PlanMeta): OptimizerPlan {
  const { horizon, steps: T } = data;
  const asset = data.input.asset;
  const B = horizon.blocks.length;
  const { reserveLower: lo, reserveUpper: hi } = data;
  const fcr = Int32Array.from({ length: B }, (_, b) => wholeMw(raw.fcrMw[b] ?? 0, lo.fcr[b]!, hi.fcr[b]!));
  const afrrPos = Int32Array.from({ length: B }, (_, b) =>
    wholeMw(raw.afrrPosMw[b] ?? 0, lo.afrrPos[b]!, hi.afrrPos[b]!),
  );
  const afrrNeg = Int32Array.from({ length: B }, (_, b) =>
    wholeMw(raw.afrrNegMw[b] ?? 0, lo.afrrNeg[b]!, hi.afrrNeg[b]!),
  );
  const limits = energyLimitsWithReserves(data, fcr, afrrPos, afrrNeg);

  // whole-kW schedule tracking the planned energy, within the power the reserves leave, then the safety net
  const power = new Int32Array(T);
  const energies = new Float64Array(T + 1);
  let energy = data.startMilliWh;
  energies[0] = energy;
  for (let t = 0; t < T; t++) {
    const b = horizon.blockOfStep[t]!;
    const chargeCap = Math.max(0, data.chargeKw - Math.round(1000 * (fcr[b]! + afrrNeg[b]! + data.heldChargeMw[t]!)));
    const dischargeCap = Math.max(
      0,
      data.dischargeKw - Math.round(1000 * (fcr[b]! + afrrPos[b]! + data.heldDischargeMw[t]!)),
    );
    let p = powerTowards(data, energy, raw.energyMilliWh[t + 1]!);
    p = Math.min(dischargeCap, Math.max(-chargeCap, p));
    const low = limits.low[t + 1]!;
    const high = limits.high[t + 1]!;
    if (t < data.frozenKw.length) {
      p = data.frozenKw[t]!; // cannot change any more
    } else if (p < 0 && energy + energyDelta(asset, p) > high) {
      p = energy <= high ? -maxChargeKwWithin(high - energy, asset.chargeEfficiency) : 0;
    } else if (p > 0 && energy + energyDelta(asset, p) < low) {
      p = energy >= low ? maxDischargeKwWithin(energy - low, asset.dischargeEfficiency) : 0;
    }
    power[t] = p + 0;
    energy += energyDelta(asset, p);
    energies[t + 1] = energy;
  }

  return {
    solver: meta.solver,
    status: meta.status,
    fallbackReason: meta.fallbackReason,
    mipGap: meta.mipGap,
    solveMs: meta.solveMs,
    solves: meta.solves,
    bids: bidsOf(data, fcr, afrrPos, afrrNeg),
    schedule: Array.from(power, (p, t) => ({ time: toIso(stepTime(horizon, t)), power: p })),
    soc: Array.from(energies, (e, k) => ({
      time: toIso(stepTime(horizon, k)),
      energyMilliWh: e,
      socPpm: Math.round((e * 1000) / asset.availableEnergyCapacityWh),
    })),
    expectedRevenue: revenueOf(data, power, fcr, afrrPos, afrrNeg),
    slacks: slacksOf(data, power, energies, limits),
  };
}

function applyRule(rule: PriceRule, forecastEur: number): number {
  const cents = Math.round((Math.round(forecastEur * 100) * rule.markupPpm) / PPM) + rule.offsetCents;
  return centsToEur(Math.max(-PRICE_LIMIT_CENTS, Math.min(PRICE_LIMIT_CENTS, cents)));
}

function bidsOf(data: OptimizerData, fcr: Int32Array, afrrPos: Int32Array, afrrNeg: Int32Array): OptimizerPlan["bids"] {
  const rules = data.config.bidding;
  const fcrBids: ProductBids[] = [];
  const afrrBids: ProductBids[] = [];
  for (const block of data.horizon.blocks) {
    const b = block.index;
    if (fcr[b]! > 0) {
      fcrBids.push({
        product: block.fcrProduct,
        deliveryDay: block.deliveryDay,
        bids: [
          {
            offeredCapacity: fcr[b]! * 1000,
            capacityPrice: applyRule(rules.fcrCapacity, data.fcrPrice![b]!),
            energyPrice: null,
          },
        ],
      });
    }
    if (afrrPos[b]! > 0) {
      afrrBids.push({
        product: block.afrrPosProduct,
        deliveryDay: block.deliveryDay,
        bids: [
          {
            offeredCapacity: afrrPos[b]! * 1000,
            capacityPrice: applyRule(rules.afrrCapacity, data.afrrPosPrice![b]!),
            energyPrice: applyRule(rules.afrrEnergy, data.afrrPosEnergyPrice![b]!),
          },
        ],
      });
    }
    if (afrrNeg[b]! > 0) {
      afrrBids.push({
        product: block.afrrNegProduct,
        deliveryDay: block.deliveryDay,
        bids: [
          {
            offeredCapacity: afrrNeg[b]! * 1000,
            capacityPrice: applyRule(rules.afrrCapacity, data.afrrNegPrice![b]!),
            energyPrice: applyRule(rules.afrrEnergy, data.afrrNegEnergyPrice![b]!),
          },
        ],
      });
    }
  }
  return { fcr: fcrBids, afrr: afrrBids };
}

const toCents = (eur: number) => Math.round(eur * 100) + 0;

/** Expected revenue of a rounded plan, EUR per market (each rounded to the cent; the total is their sum). */
export function revenueOf(
  data: OptimizerData,
  powerKw: ArrayLike<number>,
  fcr: ArrayLike<number>,
  afrrPos: ArrayLike<number>,
  afrrNeg: ArrayLike<number>,
): ExpectedRevenue {
  let wholesale = 0;
  let throughputMwh = 0;
  for (let t = 0; t < data.steps; t++) {
    const mwh = (powerKw[t]! * STEP_HOURS) / 1000;
    wholesale += data.price[t]! * mwh;
    throughputMwh += Math.abs(mwh);
  }
  let fcrRevenue = 0;
  let afrrCapacity = 0;
  let afrrEnergy = 0;
  for (const block of data.horizon.blocks) {
    const b = block.index;
    const h = block.hours;
    if (data.fcrPrice) fcrRevenue += data.fcrPrice[b]! * fcr[b]!;
    if (data.afrrPosPrice) {
      afrrCapacity += h * data.afrrPosPrice[b]! * afrrPos[b]!;
      afrrEnergy += h * data.sharePos * afrrPos[b]! * (data.afrrPosEnergyPrice![b]! - data.meanPrice[b]!);
      throughputMwh += h * data.sharePos * afrrPos[b]!;
    }
    if (data.afrrNegPrice) {
      afrrCapacity += h * data.afrrNegPrice[b]! * afrrNeg[b]!;
      afrrEnergy += h * data.shareNeg * afrrNeg[b]! * (data.afrrNegEnergyPrice![b]! + data.meanPrice[b]!);
      throughputMwh += h * data.shareNeg * afrrNeg[b]!;
    }
  }
  const parts = {
    wholesale: toCents(wholesale),
    fcr: toCents(fcrRevenue),
    afrrCapacity: toCents(afrrCapacity),
    afrrEnergy: toCents(afrrEnergy),
    degradation: toCents(-data.degradation * throughputMwh),
  };
  const total = parts.wholesale + parts.fcr + parts.afrrCapacity + parts.afrrEnergy + parts.degradation;
  return {
    wholesale: centsToEur(parts.wholesale),
    fcr: centsToEur(parts.fcr),
    afrrCapacity: centsToEur(parts.afrrCapacity),
    afrrEnergy: centsToEur(parts.afrrEnergy),
    degradation: centsToEur(parts.degradation),
    total: centsToEur(total),
  };
}

/** Every limit the simulated plan misses. */
function slacksOf(
  data: OptimizerData,
  powerKw: Int32Array,
  energies: Float64Array,
  limits: EnergyLimitsAt,
): SlackUse[] {
  const { horizon } = data;
  const slacks: SlackUse[] = [];
  for (let k = 0; k < energies.length; k++) {
    const e = energies[k]!;
    const time = toIso(stepTime(horizon, k));
    if (e < data.lowerMilliWh)
      slacks.push({ kind: "energy_below_lower_limit", time, amountMilliWh: data.lowerMilliWh - e });
    else if (e > data.upperMilliWh)
      slacks.push({ kind: "energy_above_upper_limit", time, amountMilliWh: e - data.upperMilliWh });
    else if (e < limits.low[k]! || e > limits.high[k]!) {
      const amount = e < limits.low[k]! ? limits.low[k]! - e : e - limits.high[k]!;
      slacks.push({ kind: "reserve_energy_missing", time, amountMilliWh: amount });
    }
  }
  const end = energies[energies.length - 1]!;
  if (Math.abs(end - data.targetMilliWh) > data.toleranceMilliWh) {
    slacks.push({
      kind: "end_energy_off_target",
      time: toIso(horizon.end),
      amountMilliWh: Math.abs(end - data.targetMilliWh),
    });
  }
  if (data.cycleLimitMilliWh !== null) {
    for (const day of horizon.days) {
      let removed = 0;
      for (let t = day.firstStep; t < day.endStep; t++) {
        if (powerKw[t]! > 0) removed += removedByDischarging(powerKw[t]!, data.input.asset.dischargeEfficiency);
      }
      if (removed > data.cycleLimitMilliWh) {
        slacks.push({
          kind: "daily_cycle_limit_exceeded",
          time: toIso(stepTime(horizon, day.firstStep)),
          amountMilliWh: removed - data.cycleLimitMilliWh,
        });
      }
    }
  }
  return slacks;
}
