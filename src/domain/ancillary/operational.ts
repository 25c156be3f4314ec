/**
 * Operational data of virtual assets and blocks (docs/wire-compatibility.md, "Virtual batteries"): named
 * categories, each a 15-minute series read from the same projection as every other state view (soc.ts
 * `energyTimeline`) and from the blocks' power capacities and schedules. A series point carries the START of its
 * 15-minute slot, like block schedules; what the value means at that time is the category's `alignment`:
 *
 * | alignment | the value at time t is …                                      | categories                          |
 * |-----------|---------------------------------------------------------------|-------------------------------------|
 * | `period`  | valid over the slot [t, t + 15 min)                            | capacities, efficiencies, powers    |
 * | `end`     | the instantaneous state at t + 15 min, the end of the slot     | stateOfCharge, stateOfEnergy        |
 * | `start`   | the instantaneous value at t, the start of the slot            | boundaryPower                       |
 *
 * Virtual-asset categories (units: kWh, kW, %, ratio):
 * | category                          | value                                                                        |
 * |-----------------------------------|------------------------------------------------------------------------------|
 * | chargeEfficiency / discharge…     | the asset's one-way efficiencies                                             |
 * | energyCapacityRated / …Available  | `energyCapacity` / `availableEnergyCapacity` (kWh)                           |
 * | powerCapacityChargeRated / …      | the asset's rated powers (kW)                                                |
 * | powerCapacityChargeAvailable / …  | the sum of its blocks' available power capacity in the slot, ≤ rated (kW)    |
 * | maximumDeliverablePower / minimum…| the signed WHOLESALE power (kW, + = discharge) a block update may set for the |
 * |                                   | slot with every other slot unchanged: within the WHOLESALE blocks' available  |
 * |                                   | capacity and keeping the projected state of energy within its limits from   |
 * |                                   | the slot to the end of the lifetime; a frozen slot (its dispatch gate passed)|
 * |                                   | answers its current power for both                                          |
 * | stateOfCharge / stateOfEnergy     | projected state at the end of the slot, % of / kWh of usable energy          |
 * | undeliverableSchedule             | the part of the scheduled power beyond the blocks' available capacity (kW)   |
 *
 * Block categories: its rated and available power capacities in the slot, `boundaryPower` (the power at the
 * start of the slot) and `deliveryPeriodSetpoint` (the power held over the slot). Flexmarket does not model ramps
 * (soc.ts): power steps at the slot boundary to the scheduled value, so both are the block's scheduled power.
 */
import { Decimal } from "decimal.js";
import { fail, ok, type Result } from "../errors.js";
import { type EpochMs, QUARTER_HOUR_MS } from "../time.js";
import { parseCommaList } from "./products.js";
import { type Block, type BlockSchedule, isSlotFrozen } from "./schedule.js";
import {
  boundariesWithin,
  type EnergyTimeline,
  energyDelta,
  energyTimeline,
  maxChargeKwWithin,
  maxDischargeKwWithin,
  milliWhToKwh,
  percentOfAvailable,
} from "./soc.js";
import { PPM, type VirtualAssetSpec } from "./virtual-asset.js";

export type Alignment = "period" | "end" | "start";
export type OperationalUnit = "kWh" | "kW" | "%" | "ratio";

export interface CategoryInfo {
  readonly unit: OperationalUnit;
  readonly alignment: Alignment;
  readonly description: string;
}

export const VIRTUAL_ASSET_CATEGORIES = {
  chargeEfficiency: { unit: "ratio", alignment: "period", description: "One-way charging efficiency" },
  dischargeEfficiency: { unit: "ratio", alignment: "period", description: "One-way discharging efficiency" },
  energyCapacityRated: { unit: "kWh", alignment: "period", description: "Rated energy capacity" },
  energyCapacityAvailable: {
    unit: "kWh",
    alignment: "period",
    description: "Usable energy capacity (state-of-charge percentages are relative to it)",
  },
  powerCapacityChargeRated: { unit: "kW", alignment: "period", description: "Rated charge power" },
  powerCapacityChargeAvailable: { unit: "kW", alignment: "period", description: "Available charge power" },
  powerCapacityDischargeRated: { unit: "kW", alignment: "period", description: "Rated discharge power" },
  powerCapacityDischargeAvailable: { unit: "kW", alignment: "period", description: "Available discharge power" },
  maximumDeliverablePower: {
    unit: "kW",
    alignment: "period",
    description: "Highest signed wholesale power (+ = discharge) a schedule update may set for the slot",
  },
  minimumDeliverablePower: {
    unit: "kW",
    alignment: "period",
    description: "Lowest signed wholesale power (+ = discharge) a schedule update may set for the slot",
  },
  stateOfCharge: {
    unit: "%",
    alignment: "end",
    description: "Projected state of charge at the end of the slot, percent of the usable energy capacity",
  },
  stateOfEnergy: { unit: "kWh", alignment: "end", description: "Projected usable energy at the end of the slot" },
  undeliverableSchedule: {
    unit: "kW",
    alignment: "period",
    description: "Scheduled power beyond the available power capacity (+ = discharge)",
  },
} as const satisfies Record<string, CategoryInfo>;

export const BLOCK_CATEGORIES = {
  powerCapacityChargeRated: { unit: "kW", alignment: "period", description: "The block's rated charge power" },
  powerCapacityChargeAvailable: { unit: "kW", alignment: "period", description: "The block's available charge power" },
  powerCapacityDischargeRated: { unit: "kW", alignment: "period", description: "The block's rated discharge power" },
  powerCapacityDischargeAvailable: {
    unit: "kW",
    alignment: "period",
    description: "The block's available discharge power",
  },
  boundaryPower: {
    unit: "kW",
    alignment: "start",
    description: "Wholesale power at the start of the slot (no ramp model: the scheduled power)",
  },
  deliveryPeriodSetpoint: {
    unit: "kW",
    alignment: "period",
    description: "Wholesale power held over the slot (no ramp model: the scheduled power)",
  },
} as const satisfies Record<string, CategoryInfo>;

export type VirtualAssetCategory = keyof typeof VIRTUAL_ASSET_CATEGORIES;
export type BlockCategory = keyof typeof BLOCK_CATEGORIES;

/** The `categories` query parameter: a comma separated list, case sensitive, at least one; an unknown one → 400. */
export function parseCategories<C extends string>(
  text: string,
  catalogue: Record<C, CategoryInfo>,
): Result<readonly C[]> {
  const parsed = parseCommaList(text, Object.keys(catalogue) as C[], "categories");
  if (!parsed.ok) return parsed;
  return ok([...new Set(parsed.value ?? [])]);
}

/** One category's values, one per selected slot, in slot order. */
export interface OperationalSeries<C extends string> {
  /** Start of each selected 15-minute slot. */
  readonly times: readonly EpochMs[];
  readonly values: Readonly<Record<C, readonly number[]>>;
}

const kwhOfWh = (wh: number): number => new Decimal(wh).dividedBy(1000).toNumber();
const ratioOfPpm = (ppm: number): number => new Decimal(ppm).dividedBy(PPM).toNumber();
const NO_CAPACITY = {
  chargePowerCapacityKw: 0,
  dischargePowerCapacityKw: 0,
  ratedChargePowerCapacityKw: 0,
  ratedDischargePowerCapacityKw: 0,
};

/** Slot indices i of the asset (start `asset.start + i·15 min`) with start ≤ time ≤ end, within the lifetime. */
export function slotsWithin(
  asset: VirtualAssetSpec,
  start: EpochMs,
  end: EpochMs,
): Result<{ first: number; last: number }> {
  if (start > end) return fail("interval_invalid", "start must not be after end", "start");
  const slots = (asset.end - asset.start) / QUARTER_HOUR_MS;
  return ok(boundariesWithin(asset, start, end, slots - 1));
}

/** The asset's slot holding `now`, within its lifetime (before the start: the first; after the end: the last). */
export const currentSlot = (asset: VirtualAssetSpec, now: EpochMs): number =>
  Math.min(
    (asset.end - asset.start) / QUARTER_HOUR_MS - 1,
    Math.max(0, Math.floor((now - asset.start) / QUARTER_HOUR_MS)),
  );

interface SlotView {
  /** Per asset slot: summed available / rated capacities and schedule of the blocks, by market group. */
  readonly wholesaleKw: Int32Array;
  readonly wholesaleChargeCapKw: Int32Array;
  readonly wholesaleDischargeCapKw: Int32Array;
  readonly chargeCapKw: Int32Array;
  readonly dischargeCapKw: Int32Array;
  readonly undeliverableKw: Int32Array;
}

function slotView(asset: VirtualAssetSpec, blocks: readonly BlockSchedule[]): SlotView {
  const n = (asset.end - asset.start) / QUARTER_HOUR_MS;
  const v = {
    wholesaleKw: new Int32Array(n),
    wholesaleChargeCapKw: new Int32Array(n),
    wholesaleDischargeCapKw: new Int32Array(n),
    chargeCapKw: new Int32Array(n),
    dischargeCapKw: new Int32Array(n),
    undeliverableKw: new Int32Array(n),
  };
  for (const { block, schedule } of blocks) {
    const offset = (block.start - asset.start) / QUARTER_HOUR_MS;
    const wholesale = block.market === "WHOLESALE";
    for (let j = 0; j < schedule.length; j++) {
      const i = offset + j;
      if (i < 0 || i >= n) continue;
      const cap = block.powerCapacity[j] ?? NO_CAPACITY;
      const p = schedule[j]!;
      v.chargeCapKw[i]! += cap.chargePowerCapacityKw;
      v.dischargeCapKw[i]! += cap.dischargePowerCapacityKw;
      if (p > cap.dischargePowerCapacityKw) v.undeliverableKw[i]! += p - cap.dischargePowerCapacityKw;
      else if (p < -cap.chargePowerCapacityKw) v.undeliverableKw[i]! += p + cap.chargePowerCapacityKw;
      if (wholesale) {
        v.wholesaleKw[i]! += p;
        v.wholesaleChargeCapKw[i]! += cap.chargePowerCapacityKw;
        v.wholesaleDischargeCapKw[i]! += cap.dischargePowerCapacityKw;
      }
    }
  }
  return v;
}

/**
 * Highest and lowest net power of slot i keeping every later state within the bounds, the other slots unchanged:
 * changing slot i shifts every state after it by the same amount, so the room is the smallest slack after it.
 */
function deliverableNetRange(timeline: EnergyTimeline, i: number, downSlack: number, upSlack: number) {
  const { asset, netPowerKw } = timeline;
  const oldDelta = energyDelta(asset, netPowerKw[i]!);
  const low = oldDelta - downSlack; // the new delta must be ≥ low …
  const high = oldDelta + upSlack; // … and ≤ high
  const max =
    low <= 0
      ? maxDischargeKwWithin(-low, asset.dischargeEfficiency)
      : -(maxChargeKwWithin(low - 1, asset.chargeEfficiency) + 1);
  const min =
    high >= 0
      ? -maxChargeKwWithin(high, asset.chargeEfficiency)
      : maxDischargeKwWithin(-high - 1, asset.dischargeEfficiency) + 1;
  return { max, min };
}

/**
 * The selected categories of a virtual asset at its slots `[first, last]` (see the table above). `now` decides
 * which slots are frozen for the deliverable-power categories.
 */
export function virtualAssetOperational<C extends VirtualAssetCategory>(
  asset: VirtualAssetSpec,
  blocks: readonly BlockSchedule[],
  categories: readonly C[],
  slots: { first: number; last: number },
  now: EpochMs,
): OperationalSeries<C> {
  const timeline = energyTimeline(asset, blocks);
  let cachedView: SlotView | undefined;
  const view = () => {
    cachedView ??= slotView(asset, blocks);
    return cachedView;
  };
  const { first, last } = slots;
  const count = Math.max(0, last - first + 1);
  const times = Array.from({ length: count }, (_, k) => asset.start + (first + k) * QUARTER_HOUR_MS);
  const wants = new Set<string>(categories);
  let deliverable: { max: number[]; min: number[] } | undefined;
  if (wants.has("maximumDeliverablePower") || wants.has("minimumDeliverablePower")) {
    deliverable = deliverableRange(timeline, view(), first, last, now);
  }
  const values = {} as Record<C, number[]>;
  const constant = (v: number) => new Array<number>(count).fill(v);
  const perSlot = (f: (i: number) => number) => Array.from({ length: count }, (_, k) => f(first + k));
  for (const c of categories) {
    const cat = c as VirtualAssetCategory;
    switch (cat) {
      case "chargeEfficiency":
        values[c] = constant(ratioOfPpm(asset.chargeEfficiency));
        break;
      case "dischargeEfficiency":
        values[c] = constant(ratioOfPpm(asset.dischargeEfficiency));
        break;
      case "energyCapacityRated":
        values[c] = constant(kwhOfWh(asset.energyCapacityWh));
        break;
      case "energyCapacityAvailable":
        values[c] = constant(kwhOfWh(asset.availableEnergyCapacityWh));
        break;
      case "powerCapacityChargeRated":
        values[c] = constant(asset.ratedChargePowerKw);
        break;
      case "powerCapacityDischargeRated":
        values[c] = constant(asset.ratedDischargePowerKw);
        break;
      case "powerCapacityChargeAvailable":
        values[c] = perSlot((i) => Math.min(asset.ratedChargePowerKw, view().chargeCapKw[i]!));
        break;
      case "powerCapacityDischargeAvailable":
        values[c] = perSlot((i) => Math.min(asset.ratedDischargePowerKw, view().dischargeCapKw[i]!));
        break;
      case "maximumDeliverablePower":
        values[c] = deliverable!.max;
        break;
      case "minimumDeliverablePower":
        values[c] = deliverable!.min;
        break;
      case "stateOfCharge":
        values[c] = perSlot((i) => percentOfAvailable(asset, timeline.energiesAt[i + 1]!));
        break;
      case "stateOfEnergy":
        values[c] = perSlot((i) => milliWhToKwh(timeline.energiesAt[i + 1]!));
        break;
      case "undeliverableSchedule":
        values[c] = perSlot((i) => view().undeliverableKw[i]! + 0);
        break;
    }
  }
  return { times, values };
}

function deliverableRange(
  timeline: EnergyTimeline,
  view: SlotView,
  first: number,
  last: number,
  now: EpochMs,
): { max: number[]; min: number[] } {
  const { asset, energiesAt, bounds, netPowerKw } = timeline;
  const n = netPowerKw.length;
  // Suffix minima of the slack to each bound over the states after slot i (boundaries i+1 … n).
  const down = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  const up = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
  for (let k = n; k >= 1; k--) {
    const e = energiesAt[k]!;
    down[k - 1] = Math.min(k < n ? down[k]! : Number.POSITIVE_INFINITY, e - bounds.lowerMilliWh);
    up[k - 1] = Math.min(k < n ? up[k]! : Number.POSITIVE_INFINITY, bounds.upperMilliWh - e);
  }
  const max: number[] = [];
  const min: number[] = [];
  for (let i = first; i <= last; i++) {
    const current = view.wholesaleKw[i]!;
    if (isSlotFrozen(asset.start + i * QUARTER_HOUR_MS, now, asset.dispatchGateClosureSeconds * 1000)) {
      max.push(current + 0);
      min.push(current + 0);
      continue;
    }
    const net = deliverableNetRange(timeline, i, down[i]!, up[i]!);
    const other = netPowerKw[i]! - current;
    const hi = Math.min(view.wholesaleDischargeCapKw[i]!, net.max - other);
    const lo = Math.max(-view.wholesaleChargeCapKw[i]!, net.min - other);
    // No power fits (the limits are already broken around this slot): only the current power stays acceptable.
    max.push((hi >= lo ? hi : current) + 0);
    min.push((hi >= lo ? lo : current) + 0);
  }
  return { max, min };
}

/** The selected categories of a block at its slots j with start ≤ time ≤ end (block-relative indices). */
export function blockOperational<C extends BlockCategory>(
  { block, schedule }: BlockSchedule,
  categories: readonly C[],
  start: EpochMs,
  end: EpochMs,
): Result<OperationalSeries<C>> {
  if (start > end) return fail("interval_invalid", "start must not be after end", "start");
  const first = Math.max(0, Math.ceil((start - block.start) / QUARTER_HOUR_MS));
  const last = Math.min(schedule.length - 1, Math.floor((end - block.start) / QUARTER_HOUR_MS));
  return ok(blockSeries(block, schedule, categories, first, last));
}

/** The block's slot holding `now`, within its lifetime. */
export const currentBlockSlot = (block: Block, now: EpochMs): number =>
  Math.min(
    (block.end - block.start) / QUARTER_HOUR_MS - 1,
    Math.max(0, Math.floor((now - block.start) / QUARTER_HOUR_MS)),
  );

export function blockSeries<C extends BlockCategory>(
  block: Block,
  schedule: readonly number[],
  categories: readonly C[],
  first: number,
  last: number,
): OperationalSeries<C> {
  const count = Math.max(0, last - first + 1);
  const times = Array.from({ length: count }, (_, k) => block.start + (first + k) * QUARTER_HOUR_MS);
  const perSlot = (f: (j: number) => number) => Array.from({ length: count }, (_, k) => f(first + k) + 0);
  const cap = (j: number) => block.powerCapacity[j] ?? NO_CAPACITY;
  const values = {} as Record<C, number[]>;
  for (const c of categories) {
    const cat = c as BlockCategory;
    switch (cat) {
      case "powerCapacityChargeRated":
        values[c] = perSlot((j) => cap(j).ratedChargePowerCapacityKw);
        break;
      case "powerCapacityChargeAvailable":
        values[c] = perSlot((j) => cap(j).chargePowerCapacityKw);
        break;
      case "powerCapacityDischargeRated":
        values[c] = perSlot((j) => cap(j).ratedDischargePowerCapacityKw);
        break;
      case "powerCapacityDischargeAvailable":
        values[c] = perSlot((j) => cap(j).dischargePowerCapacityKw);
        break;
      case "boundaryPower":
      case "deliveryPeriodSetpoint":
        values[c] = perSlot((j) => schedule[j] ?? 0);
        break;
    }
  }
  return { times, values };
}
