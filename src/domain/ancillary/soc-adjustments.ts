/**
 * Platform corrections of accepted schedules (docs/domain.md §2, `GET …/adjustments`): when an asset changes (available
 * capacity, efficiencies) the accepted schedules may now take the state of energy out of its limits. This module
 * clips them back, slot by slot, and says what it changed.
 *
 * Rules of the clip:
 * - slots that start before `now` are delivered (or being delivered) and never change;
 * - only WHOLESALE blocks are clipped (ancillary blocks are obligations to the TSO); non-wholesale power stays;
 * - a slot is clipped only in the direction that breaks the limit (charging above the upper limit, discharging
 *   below the lower one), by the least whole kW that brings the end-of-slot energy back within the limit;
 *   power is moved towards 0, never past it (a clip never turns charging into discharging);
 * - within a slot, wholesale blocks are clipped in the order given, each at most down to 0;
 * - if clipping every wholesale block to 0 is not enough (the state was already outside its limits), the slot
 *   stays at 0 and the next slots are clipped in turn.
 * One adjustment per changed block, listing only the changed slots, before and after.
 */
import type { EpochMs } from "../time.js";
import { QUARTER_HOUR_MS } from "../time.js";
import type { BlockSchedule } from "./schedule.js";
import {
  energyBoundsOf,
  energyDelta,
  initialEnergyOf,
  maxChargeKwWithin,
  maxDischargeKwWithin,
  netPowerPerSlot,
} from "./soc.js";
import type { VirtualAssetSpec } from "./virtual-asset.js";

export const STATE_OF_ENERGY_BOUNDARIES = "STATE_OF_ENERGY_BOUNDARIES";

export interface SchedulePoint {
  readonly time: EpochMs;
  readonly power: number;
}

export interface Adjustment {
  /** When the adjustment was made. */
  readonly timestamp: EpochMs;
  readonly blockID: string;
  /** The changed slots as they were accepted … */
  readonly acceptedSchedule: readonly SchedulePoint[];
  /** … and as they are now (same times, same order). */
  readonly adjustedSchedule: readonly SchedulePoint[];
  readonly reason: typeof STATE_OF_ENERGY_BOUNDARIES;
}

export interface AdjustmentResult {
  /** The blocks in the given order; unchanged ones are the same objects. */
  readonly blocks: readonly BlockSchedule[];
  readonly adjustments: readonly Adjustment[];
}

/** Clips the asset's wholesale schedules so that its state of energy stays within its limits from `now` on. */
export function adjustToStateOfEnergyBounds(
  asset: VirtualAssetSpec,
  blocks: readonly BlockSchedule[],
  now: EpochMs,
): AdjustmentResult {
  const net = netPowerPerSlot(asset, blocks);
  const { lowerMilliWh: lower, upperMilliWh: upper } = energyBoundsOf(asset);
  const schedules = blocks.map((b) => b.schedule.slice());
  const changed = blocks.map(() => new Map<number, number>()); // slot of block → accepted power
  let energy = initialEnergyOf(asset);

  for (let i = 0; i < net.length; i++) {
    const time = asset.start + i * QUARTER_HOUR_MS;
    let p = net[i]!;
    if (time >= now && p !== 0) {
      const allowed =
        p < 0
          ? -Math.min(-p, maxChargeKwWithin(upper - energy, asset.chargeEfficiency))
          : Math.min(p, maxDischargeKwWithin(energy - lower, asset.dischargeEfficiency));
      let excess = p - allowed; // same sign as p, or 0
      for (let b = 0; b < blocks.length && excess !== 0; b++) {
        const { block } = blocks[b]!;
        if (block.market !== "WHOLESALE" || time < block.start || time >= block.end) continue;
        const j = (time - block.start) / QUARTER_HOUR_MS;
        const power = schedules[b]![j]!;
        if (Math.sign(power) !== Math.sign(excess)) continue;
        const cut = Math.sign(excess) * Math.min(Math.abs(power), Math.abs(excess));
        changed[b]!.set(j, power);
        schedules[b]![j] = power - cut;
        excess -= cut;
        p -= cut;
      }
    }
    energy += energyDelta(asset, p);
  }

  const adjustments: Adjustment[] = [];
  const result = blocks.map((b, index) => {
    const slots = [...changed[index]!.entries()]; // inserted in slot order
    if (slots.length === 0) return b;
    const schedule = schedules[index]!;
    const at = (j: number) => b.block.start + j * QUARTER_HOUR_MS;
    adjustments.push({
      timestamp: now,
      blockID: b.block.id,
      acceptedSchedule: slots.map(([j, power]) => ({ time: at(j), power })),
      adjustedSchedule: slots.map(([j]) => ({ time: at(j), power: schedule[j]! })),
      reason: STATE_OF_ENERGY_BOUNDARIES,
    });
    return { block: b.block, schedule };
  });
  return { blocks: result, adjustments };
}
