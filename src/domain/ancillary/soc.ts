/**
 * State of energy of a virtual battery (docs/domain.md §2), simulated exactly and fast.
 *
 * Representation: energy is an integer number of milli-watt-hours (`MilliWh`) held in a JS number, exact up to
 * 2^53 mWh ≈ 9 GWh (far above any virtual asset). Power is whole kW per 15-minute slot, positive = discharge.
 * For a slot with net power P (efficiencies in ppm, `eff`):
 *
 * | P        | stored energy changes by                                   | in mWh                         |
 * |----------|------------------------------------------------------------|--------------------------------|
 * | P < 0    | + (−P) kW × 0.25 h × chargeEfficiency                       | + floor(−P · eff / 4)          |
 * | P > 0    | − P kW × 0.25 h ÷ dischargeEfficiency                       | − ceil(P · 250 000 · 10^6 / eff) |
 *
 * The only rounding is to the milli-watt-hour, once per slot, always towards LESS stored energy: the model never
 * credits energy the battery would not hold (the lower limit holds under exact arithmetic; the upper limit may be
 * understated by < 1 mWh per charging slot). Every division is an integer division done in two exact steps, so
 * the results are reproducible bit for bit (a BigInt reference in the tests agrees for powers up to 10^6 kW).
 *
 * Efficiency applies to the asset's NET power in a slot (the sum over all its blocks): one block charging while
 * another discharges is an internal transfer, not a round trip through the cells.
 *
 * Limits: the state of energy must stay within [0, availableEnergyCapacity] (`energyBoundsOf`); callers that hold
 * energy in reserve (e.g. for FCR) pass narrower bounds. Percentages on the wire are relative to the available
 * capacity. Ramp rates and cycle limits are not part of this model.
 *
 * Time: slot i of the asset is [start + i·15 min, start + (i+1)·15 min). `energiesMilliWh[i]` is the
 * instantaneous state at the END of slot i; the state at the asset's start is `initialEnergyWh`.
 */
import { Decimal } from "decimal.js";
import { fail, ok, type Result } from "../errors.js";
import { type EpochMs, QUARTER_HOUR_MS } from "../time.js";
import type { BlockSchedule } from "./schedule.js";
import { PPM, type Ppm, type VirtualAssetSpec } from "./virtual-asset.js";

export type MilliWh = number;

/** 1 kW for a quarter-hour = 250 Wh = 250 000 mWh. */
const MILLI_WH_PER_KW_SLOT = 250_000;

/** Energy stored by charging `chargeKw` (≥ 0, whole kW) for one slot: floor(chargeKw · eff / 4) mWh. */
export function storedByCharging(chargeKw: number, chargeEfficiency: Ppm): MilliWh {
  return Math.floor((chargeKw * chargeEfficiency) / 4);
}

/** Energy removed by discharging `dischargeKw` (≥ 0, whole kW) for one slot: ceil(dischargeKw · 2.5·10^11 / eff) mWh. */
export function removedByDischarging(dischargeKw: number, dischargeEfficiency: Ppm): MilliWh {
  // a · 10^6 / eff = q1 · 10^6 + r1 · 10^6 / eff: no intermediate exceeds 2^53, every division is exact.
  const a = dischargeKw * MILLI_WH_PER_KW_SLOT;
  const r1 = a % dischargeEfficiency;
  const q1 = (a - r1) / dischargeEfficiency;
  const b = r1 * PPM;
  const r2 = b % dischargeEfficiency;
  return q1 * PPM + (b - r2) / dischargeEfficiency + (r2 > 0 ? 1 : 0);
}

/** Change of stored energy over one slot of net power `powerKw` (positive = discharge). */
export function energyDelta(asset: VirtualAssetSpec, powerKw: number): MilliWh {
  if (powerKw < 0) return storedByCharging(-powerKw, asset.chargeEfficiency);
  if (powerKw > 0) return -removedByDischarging(powerKw, asset.dischargeEfficiency);
  return 0;
}

/** Largest whole-kW charge power whose stored energy in one slot is ≤ `roomMilliWh` (0 when there is no room). */
export function maxChargeKwWithin(roomMilliWh: MilliWh, chargeEfficiency: Ppm): number {
  if (roomMilliWh < 0) return 0;
  let kw = Math.floor((roomMilliWh * 4) / chargeEfficiency);
  while (storedByCharging(kw + 1, chargeEfficiency) <= roomMilliWh) kw++;
  while (kw > 0 && storedByCharging(kw, chargeEfficiency) > roomMilliWh) kw--;
  return kw;
}

/** Largest whole-kW discharge power whose removed energy in one slot is ≤ `budgetMilliWh` (0 when none). */
export function maxDischargeKwWithin(budgetMilliWh: MilliWh, dischargeEfficiency: Ppm): number {
  if (budgetMilliWh < 0) return 0;
  let kw = Math.floor((budgetMilliWh * dischargeEfficiency) / (MILLI_WH_PER_KW_SLOT * PPM));
  while (removedByDischarging(kw + 1, dischargeEfficiency) <= budgetMilliWh) kw++;
  while (kw > 0 && removedByDischarging(kw, dischargeEfficiency) > budgetMilliWh) kw--;
  return kw;
}

export interface EnergyBounds {
  readonly lowerMilliWh: MilliWh;
  readonly upperMilliWh: MilliWh;
}

/** The asset's state-of-energy limits: [0, availableEnergyCapacity]. */
export const energyBoundsOf = (asset: VirtualAssetSpec): EnergyBounds => ({
  lowerMilliWh: 0,
  upperMilliWh: asset.availableEnergyCapacityWh * 1000,
});

export const initialEnergyOf = (asset: VirtualAssetSpec): MilliWh => asset.initialEnergyWh * 1000;

/** Number of quarter-hour slots in the asset's lifetime. */
export const assetSlotCount = (asset: VirtualAssetSpec): number => (asset.end - asset.start) / QUARTER_HOUR_MS;

export interface EnergyViolation {
  /** Index of the slot at whose end the state of energy is outside the bounds. */
  readonly slot: number;
  readonly limit: "lower" | "upper";
  readonly energyMilliWh: MilliWh;
  /** How far outside the bound, > 0. */
  readonly excessMilliWh: MilliWh;
}

export interface EnergySimulation {
  /** State of energy at the end of each slot. */
  readonly energiesMilliWh: Float64Array;
  readonly firstViolation: EnergyViolation | null;
}

/**
 * Simulates the state of energy slot by slot from `startEnergyMilliWh`. `netPowerKwPerSlot` holds whole kW
 * (positive = discharge); a fraction is a caller bug. Allocation-light and branch-simple: 672 slots take a few
 * microseconds, so the optimizer can re-check every plan with the same arithmetic as schedule validation.
 */
export function simulateEnergy(
  asset: VirtualAssetSpec,
  netPowerKwPerSlot: ArrayLike<number>,
  startEnergyMilliWh: MilliWh,
  bounds: EnergyBounds = energyBoundsOf(asset),
): EnergySimulation {
  const n = netPowerKwPerSlot.length;
  const energies = new Float64Array(n);
  const ce = asset.chargeEfficiency;
  const de = asset.dischargeEfficiency;
  const { lowerMilliWh: lower, upperMilliWh: upper } = bounds;
  let energy = startEnergyMilliWh;
  let firstViolation: EnergyViolation | null = null;
  for (let i = 0; i < n; i++) {
    const p = netPowerKwPerSlot[i]!;
    if (p < 0) energy += storedByCharging(-p, ce);
    else if (p > 0) energy -= removedByDischarging(p, de);
    energies[i] = energy;
    if (firstViolation === null && (energy < lower || energy > upper)) {
      firstViolation =
        energy < lower
          ? { slot: i, limit: "lower", energyMilliWh: energy, excessMilliWh: lower - energy }
          : { slot: i, limit: "upper", energyMilliWh: energy, excessMilliWh: energy - upper };
    }
  }
  return { energiesMilliWh: energies, firstViolation };
}

/**
 * Net power of the asset per slot of its lifetime: the sum of all its blocks' schedules. Block slots outside the
 * asset's lifetime are ignored; a block not aligned to the asset's quarter-hours is a bug (thrown).
 */
export function netPowerPerSlot(asset: VirtualAssetSpec, blocks: readonly BlockSchedule[]): Int32Array {
  const net = new Int32Array(assetSlotCount(asset));
  for (const { block, schedule } of blocks) {
    const offsetMs = block.start - asset.start;
    if (offsetMs % QUARTER_HOUR_MS !== 0) throw new Error(`block ${block.id} is not aligned to its asset's slots`);
    const offset = offsetMs / QUARTER_HOUR_MS;
    for (let j = 0; j < schedule.length; j++) {
      const i = offset + j;
      if (i >= 0 && i < net.length) net[i]! += schedule[j]!;
    }
  }
  return net;
}

// --- wire views (numbers for JSON, from exact integers) ---

/**
 * `n / d` rounded half away from zero (decimal.js's ROUND_HALF_UP) to an integer, exactly, for safe integers n and
 * d > 0: the floating quotient only guesses, the integer remainder decides.
 */
function divideRoundHalfUp(n: number, d: number): number {
  const a = Math.abs(n);
  let q = Math.floor(a / d);
  if (q * d > a) q--;
  else if ((q + 1) * d <= a) q++;
  if (2 * (a - q * d) >= d) q++;
  return n < 0 ? -q : q;
}

/**
 * mWh → kWh as a JSON number, rounded half-up to the watt-hour: integer rounding, then one IEEE division by 1000,
 * which is correctly rounded, so the number is the one decimal.js gives for the exact 3-decimal value (tested) at a
 * fraction of the cost (a year's series is 35,040 points).
 */
export const milliWhToKwh = (milliWh: MilliWh): number => divideRoundHalfUp(milliWh, 1000) / 1000 + 0;

/** mWh → percent of the available capacity, rounded half-up to 4 decimal places (0 for a zero capacity). */
export function percentOfAvailable(asset: VirtualAssetSpec, milliWh: MilliWh): number {
  if (asset.availableEnergyCapacityWh === 0) return 0;
  // percent = mWh / (10 · Wh); counted in 10⁻⁴ %: mWh · 1000 / Wh.
  return divideRoundHalfUp(milliWh * 1000, asset.availableEnergyCapacityWh) / 10_000 + 0;
}

/**
 * The projected state of energy of an asset at every quarter-hour boundary of its lifetime: `energiesAt[k]` is the
 * instantaneous state at `asset.start + k·15 min`, k = 0 … slots (k = 0 is the initial state, the last one the
 * final state). One simulation of all the asset's schedules; every state-of-charge / state-of-energy view (projected,
 * latest, right-aligned series, operational data) reads this, in kWh or in percent.
 */
export interface EnergyTimeline {
  readonly asset: VirtualAssetSpec;
  readonly bounds: EnergyBounds;
  /** Net power per slot (all blocks summed), whole kW, positive = discharge. */
  readonly netPowerKw: Int32Array;
  readonly energiesAt: Float64Array;
}

export function energyTimeline(asset: VirtualAssetSpec, blocks: readonly BlockSchedule[]): EnergyTimeline {
  const bounds = energyBoundsOf(asset);
  const initial = initialEnergyOf(asset);
  const net = netPowerPerSlot(asset, blocks);
  const { energiesMilliWh } = simulateEnergy(asset, net, initial, bounds);
  const energiesAt = new Float64Array(energiesMilliWh.length + 1);
  energiesAt[0] = initial;
  energiesAt.set(energiesMilliWh, 1);
  return { asset, bounds, netPowerKw: net, energiesAt };
}

/** The boundary indices k (times `asset.start + k·15 min`) with start ≤ time ≤ end, inside [0, last]. */
export function boundariesWithin(
  asset: VirtualAssetSpec,
  start: EpochMs,
  end: EpochMs,
  last: number,
): { first: number; last: number } {
  return {
    first: Math.max(0, Math.ceil((start - asset.start) / QUARTER_HOUR_MS)),
    last: Math.min(last, Math.floor((end - asset.start) / QUARTER_HOUR_MS)),
  };
}

/**
 * The boundary k of the latest state at `now`: the last quarter-hour boundary at or before `now`, within the
 * lifetime (before the start: the initial state; after the end: the final state).
 */
export function latestBoundary(timeline: EnergyTimeline, now: EpochMs): number {
  const k = Math.floor((now - timeline.asset.start) / QUARTER_HOUR_MS);
  return Math.min(timeline.energiesAt.length - 1, Math.max(0, k));
}

export interface ProjectedStatePoint {
  readonly time: EpochMs;
  readonly energyMilliWh: MilliWh;
}

/**
 * The projected state at every quarter-hour boundary t with start ≤ t ≤ end, inside the asset's lifetime
 * [asset.start, asset.end] (both ends included: the value at `asset.end` is the final state).
 */
export function projectedStates(timeline: EnergyTimeline, start: EpochMs, end: EpochMs): Result<ProjectedStatePoint[]> {
  if (start > end) return fail("interval_invalid", "start must not be after end", "start");
  const { asset, energiesAt } = timeline;
  const { first, last } = boundariesWithin(asset, start, end, energiesAt.length - 1);
  const points: ProjectedStatePoint[] = [];
  for (let k = first; k <= last; k++) {
    points.push({ time: asset.start + k * QUARTER_HOUR_MS, energyMilliWh: energiesAt[k]! });
  }
  return ok(points);
}

export interface StateOfChargePoint {
  readonly time: EpochMs;
  /** Percent of the available energy capacity, instantaneous at `time`. */
  readonly soc: number;
  readonly boundaries: { readonly lower: number; readonly upper: number };
}

/** `projectedStates` in percent of the available energy capacity (the wire of `…/state-of-charge/projected`). */
export function projectedStateOfCharge(
  asset: VirtualAssetSpec,
  blocks: readonly BlockSchedule[],
  start: EpochMs,
  end: EpochMs,
): Result<StateOfChargePoint[]> {
  const timeline = energyTimeline(asset, blocks);
  const states = projectedStates(timeline, start, end);
  if (!states.ok) return states;
  const boundaries = {
    lower: percentOfAvailable(asset, timeline.bounds.lowerMilliWh),
    upper: percentOfAvailable(asset, timeline.bounds.upperMilliWh),
  };
  return ok(states.value.map((p) => ({ time: p.time, soc: percentOfAvailable(asset, p.energyMilliWh), boundaries })));
}

export interface ImbalanceReport {
  /** Projected state of charge at the end of the asset's lifetime, percent of available capacity. */
  readonly endStateOfChargePercentage: number;
  /** kWh of stored energy still to charge to end at 50 % (0 when over-charged). */
  readonly imbalanceCharge: number;
  /** kWh of stored energy still to discharge to end at 50 % (0 when under-charged). */
  readonly imbalanceDischarge: number;
  /** Tolerance on the final state of charge as a ratio of available capacity, e.g. 0.01. */
  readonly finalSoCTolerance: number;
  readonly feedback: string;
}

const formatKwh = (milliWh: MilliWh): string =>
  new Decimal(milliWh).dividedBy(1_000_000).toDecimalPlaces(3, Decimal.ROUND_HALF_UP).toString();

/**
 * How far the schedules leave the asset from 50 % at the end of its lifetime. Imbalances are state-of-energy
 * differences (what the cells must gain or lose; efficiency not applied). They are reported even within the
 * tolerance; the feedback then says the asset is balanced.
 */
export function imbalanceReport(asset: VirtualAssetSpec, blocks: readonly BlockSchedule[]): ImbalanceReport {
  const initial = initialEnergyOf(asset);
  const { energiesMilliWh } = simulateEnergy(asset, netPowerPerSlot(asset, blocks), initial);
  const endEnergy = energiesMilliWh.length === 0 ? initial : energiesMilliWh[energiesMilliWh.length - 1]!;
  const target = asset.availableEnergyCapacityWh * 500;
  const diff = endEnergy - target;
  const tolerancePercent = new Decimal(asset.finalSoCTolerance).dividedBy(10_000).toString();
  // |diff| ≤ tolerance × available, in integers: |diff mWh| · 1000 ≤ tolerance ppm · available Wh.
  const balanced = Math.abs(diff) * 1000 <= asset.finalSoCTolerance * asset.availableEnergyCapacityWh;
  const feedback = balanced
    ? `This block is projected to end its lifetime balanced, within ${tolerancePercent} % of 50 % state of charge.`
    : diff > 0
      ? `This block is projected to be over-charged by ${formatKwh(diff)} kilowatt hours. ` +
        "Consider adding more discharging to the schedule to end its lifetime at 50 % state of charge."
      : `This block is projected to be under-charged by ${formatKwh(-diff)} kilowatt hours. ` +
        "Consider adding more charging to the schedule to end its lifetime at 50 % state of charge.";
  return {
    endStateOfChargePercentage: percentOfAvailable(asset, endEnergy),
    imbalanceCharge: diff < 0 ? milliWhToKwh(-diff) : 0,
    imbalanceDischarge: diff > 0 ? milliWhToKwh(diff) : 0,
    finalSoCTolerance: new Decimal(asset.finalSoCTolerance).dividedBy(PPM).toNumber(),
    feedback,
  };
}
