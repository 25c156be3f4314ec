/**
 * Greedy wholesale-only heuristic: the optimizer's fallback when the solver fails or times out without a plan,
 * and the revenue baseline the optimizer is measured against. No reserves, no solver, O(T·window) time.
 *
 * 1. Recovery: while the SoC now is outside the limits, charge / discharge at full power towards them.
 * 2. Target: buy the energy missing to the end target in the cheapest steps (or sell the surplus in the dearest),
 *    as far as power and the energy limits of all later instants allow.
 * 3. Arbitrage: over all pairs (charge step i, discharge step j, |i − j| ≤ 24 h) whose spread beats the losses and
 *    the degradation cost, best spread first, move as much energy as the power left in both steps, the energy limits
 *    between them and the daily cycle limit allow. Pairs keep the end energy unchanged.
 * A step only ever charges or discharges, never both.
 */
import { ok, type Result } from "../errors.js";
import { STEP_HOURS } from "./horizon.js";
import { planFromDecisions, type RawDecisions } from "./interpret.js";
import { MWH_PER_MILLI_WH, type OptimizerData, prepareData, programLimits } from "./model.js";
import type { OptimizerInput, OptimizerPlan } from "./types.js";

const EPS_MWH = 1e-9;
/** Longest time a pair may hold energy, in steps (24 h). */
const PAIR_WINDOW_STEPS = 96;

/** The greedy decisions (MW / mWh) for prepared data. */
export function greedyDecisions(data: OptimizerData): RawDecisions {
  const T = data.steps;
  const dt = STEP_HOURS;
  const { etaCharge: ec, etaDischarge: ed, chargeMw, dischargeMw } = data;
  const lo = new Float64Array(T + 1);
  const hi = new Float64Array(T + 1);
  for (let k = 0; k <= T; k++) {
    const limits = programLimits(data, k);
    lo[k] = limits.lower * MWH_PER_MILLI_WH;
    hi[k] = limits.upper * MWH_PER_MILLI_WH;
  }
  const c = new Float64Array(T);
  const d = new Float64Array(T);
  const energy = new Float64Array(T + 1).fill(data.startMilliWh * MWH_PER_MILLI_WH);
  const locked = new Uint8Array(T);
  const dayOfStep = new Int32Array(T);
  data.horizon.days.forEach((day, i) => {
    dayOfStep.fill(i, day.firstStep, day.endStep);
  });
  const dischargedToday = new Float64Array(data.horizon.days.length);
  const cycleLimit = data.cycleLimitMilliWh === null ? Infinity : data.cycleLimitMilliWh * MWH_PER_MILLI_WH;

  const charge = (t: number, stored: number) => {
    c[t]! += stored / (dt * ec);
    for (let k = t + 1; k <= T; k++) energy[k]! += stored;
  };
  const discharge = (t: number, stored: number) => {
    d[t]! += (stored * ed) / dt;
    dischargedToday[dayOfStep[t]!]! += stored;
    for (let k = t + 1; k <= T; k++) energy[k]! -= stored;
  };
  const chargeRoom = (t: number) => (d[t]! > 0 || locked[t] ? 0 : (chargeMw - c[t]!) * dt * ec);
  const dischargeRoom = (t: number) =>
    c[t]! > 0 || locked[t]
      ? 0
      : Math.min(((dischargeMw - d[t]!) * dt) / ed, cycleLimit - dischargedToday[dayOfStep[t]!]!);
  /** Room above the energy over instants (from, to]. */
  const roomAbove = (from: number, to: number) => {
    let room = Infinity;
    for (let k = from + 1; k <= to; k++) room = Math.min(room, hi[k]! - energy[k]!);
    return room;
  };
  const roomBelow = (from: number, to: number) => {
    let room = Infinity;
    for (let k = from + 1; k <= to; k++) room = Math.min(room, energy[k]! - lo[k]!);
    return room;
  };

  // 1. recovery
  for (let t = 0; t < T; t++) {
    const e = energy[t]!;
    if (e < lo[t + 1]! - EPS_MWH && chargeMw > 0) {
      locked[t] = 1;
      charge(t, Math.min(chargeMw * dt * ec, Math.min(lo[t + 1]!, hi[t + 1]!) - e));
    } else if (e > hi[t + 1]! + EPS_MWH && dischargeMw > 0) {
      locked[t] = 1;
      const stored = Math.min((dischargeMw * dt) / ed, e - Math.max(hi[t + 1]!, lo[t + 1]!));
      d[t] = (stored * ed) / dt;
      dischargedToday[dayOfStep[t]!]! += stored;
      for (let k = t + 1; k <= T; k++) energy[k]! -= stored;
    } else break;
  }

  // 2. end target
  const price = data.price;
  const target = data.targetMilliWh * MWH_PER_MILLI_WH;
  const band = Math.max(0, data.toleranceMilliWh - data.marginMilliWh) * MWH_PER_MILLI_WH;
  let need = target - energy[T]!;
  if (Math.abs(need) > band) {
    const order = Array.from({ length: T }, (_, t) => t);
    if (need > 0) {
      order.sort((a, b) => price[a]! - price[b]! || a - b);
      for (const t of order) {
        if (need <= EPS_MWH) break;
        const x = Math.min(chargeRoom(t), roomAbove(t, T), need);
        if (x > EPS_MWH) {
          charge(t, x);
          need -= x;
        }
      }
    } else {
      order.sort((a, b) => price[b]! - price[a]! || a - b);
      for (const t of order) {
        if (need >= -EPS_MWH) break;
        const x = Math.min(dischargeRoom(t), roomBelow(t, T), -need);
        if (x > EPS_MWH) {
          discharge(t, x);
          need += x;
        }
      }
    }
  }

  // 3. arbitrage pairs, best spread per stored MWh first
  if (chargeMw > 0 && dischargeMw > 0) {
    const wear = data.degradation * (1 / ec + ed);
    const from: number[] = [];
    const to: number[] = [];
    const gain: number[] = [];
    for (let i = 0; i < T; i++) {
      const buy = price[i]! / ec;
      for (let j = Math.max(0, i - PAIR_WINDOW_STEPS); j <= Math.min(T - 1, i + PAIR_WINDOW_STEPS); j++) {
        const g = ed * price[j]! - buy - wear;
        if (j !== i && g > 1e-9) {
          from.push(i);
          to.push(j);
          gain.push(g);
        }
      }
    }
    const order = Int32Array.from(gain, (_, n) => n).sort((a, b) => gain[b]! - gain[a]! || a - b);
    for (const n of order) {
      const i = from[n]!;
      const j = to[n]!;
      const power = Math.min(chargeRoom(i), dischargeRoom(j));
      if (power <= EPS_MWH) continue;
      const x = Math.min(power, i < j ? roomAbove(i, j) : roomBelow(j, i));
      if (x > EPS_MWH) {
        charge(i, x);
        discharge(j, x);
      }
    }
  }

  const zeros = new Float64Array(data.horizon.blocks.length);
  return {
    chargeMw: c,
    dischargeMw: d,
    energyMilliWh: Float64Array.from(energy, (e) => e / MWH_PER_MILLI_WH),
    fcrMw: zeros,
    afrrPosMw: zeros,
    afrrNegMw: zeros,
  };
}

/** The greedy plan for prepared data. */
export function greedyPlan(data: OptimizerData, fallbackReason: string | null, solveMs = 0, solves = 0): OptimizerPlan {
  return planFromDecisions(data, greedyDecisions(data), {
    solver: "greedy",
    status: "heuristic",
    fallbackReason,
    mipGap: null,
    solveMs,
    solves,
  });
}

/** The greedy wholesale-only plan of an input: the revenue baseline. */
export function greedyWholesalePlan(input: OptimizerInput): Result<OptimizerPlan> {
  const data = prepareData(input);
  return data.ok ? ok(greedyPlan(data.value, null)) : data;
}
