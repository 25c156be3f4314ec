/**
 * Blocks of a virtual asset and the rules for updating their schedules (docs/domain.md §2, `PUT …/blocks/{blockID}`).
 *
 * A block is a slice of a virtual asset's power over [start, end). Its schedule is one power per 15-minute,
 * left-aligned slot (14:30 means [14:30, 14:45)), in whole kW, positive = discharge, negative = charge; it starts
 * as zeros. Index j of a schedule is the slot starting at `block.start + j·15 min`.
 *
 * `applyScheduleUpdate` checks, in this order, and answers the first broken rule:
 *
 * | rule                                                                 | code                           |
 * |----------------------------------------------------------------------|--------------------------------|
 * | only WHOLESALE blocks are writable                                   | block_not_writable             |
 * | time is an RFC 3339 instant on a quarter-hour                         | slot_invalid                   |
 * | the slot lies in the block's lifetime                                 | slot_outside_block             |
 * | each slot at most once per update                                     | slot_duplicate                 |
 * | power is a whole number of kW (a fraction is rejected, not floored)   | power_invalid                  |
 * | −chargePowerCapacity ≤ power ≤ dischargePowerCapacity of that slot    | power_out_of_range             |
 * | a slot starting before now + dispatchGateClosureSeconds is frozen:    | slot_frozen                    |
 * |   changing it is refused, re-sending its current value is fine       |                                |
 * | the asset's projected state of energy (all blocks summed) stays in    | state_of_energy_out_of_bounds  |
 * |   its limits over the whole lifetime, else the WHOLE update is refused|                                |
 *
 * State of energy: if the stored schedules already leave the limits (the asset changed since they were accepted and
 * no adjustment has run yet), an update is refused only where it makes a slot worse than it already was; in the
 * normal case (stored schedules within limits) this is exactly "the new projection stays within the limits".
 */

import { Decimal } from "decimal.js";
import { type DomainError, fail, ok, type Result } from "../errors.js";
import { type EpochMs, parseRfc3339, QUARTER_HOUR_MS, toIso } from "../time.js";
import { energyBoundsOf, initialEnergyOf, type MilliWh, netPowerPerSlot, simulateEnergy } from "./soc.js";
import type { VirtualAssetSpec } from "./virtual-asset.js";

/** "WHOLESALE" is the only writable market; ancillary blocks (FCR, aFRR, …) carry other names. */
export type BlockMarket = "WHOLESALE" | (string & {});

export interface SlotPowerCapacity {
  /** What may be scheduled in this slot now, in whole kW (both ≥ 0). */
  readonly chargePowerCapacityKw: number;
  readonly dischargePowerCapacityKw: number;
  /** The block's rated share in this slot, in whole kW (informative). */
  readonly ratedChargePowerCapacityKw: number;
  readonly ratedDischargePowerCapacityKw: number;
}

export interface Block {
  readonly id: string;
  /** Lifetime [start, end), on quarter-hours, inside the asset's lifetime. */
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly market: BlockMarket;
  readonly ratedChargePowerKw: number;
  readonly ratedDischargePowerKw: number;
  /** One entry per slot (index as in the schedule); a missing entry means no capacity (0 / 0). */
  readonly powerCapacity: readonly SlotPowerCapacity[];
}

/** Whole kW per slot of a block, positive = discharge. */
export type Schedule = readonly number[];

export interface BlockSchedule {
  readonly block: Block;
  readonly schedule: Schedule;
}

/** One pair of a `PUT …/blocks/{id}` body as received (`{"power": 380, "time": "2023-11-11T14:30:00Z"}`). */
export interface ScheduleUpdateEntry {
  readonly time: unknown;
  readonly power: unknown;
}

/**
 * A slot starting at `t` is frozen once its dispatch gate has passed: now > t − dispatchGateClosureSeconds
 * (e.g. 12:15 with 5 min closes after 12:10:00.000). Its power can no longer change.
 */
export const isSlotFrozen = (t: EpochMs, now: EpochMs, gateClosureMs: number): boolean => t < now + gateClosureMs;

export const blockSlotCount = (block: Block): number => (block.end - block.start) / QUARTER_HOUR_MS;

/** The schedule every block starts with: zero in every slot. */
export const zeroSchedule = (block: Block): Schedule => new Array<number>(blockSlotCount(block)).fill(0);

/** The wire form `[{time, power}]` of a block's schedule. */
export const scheduleToWire = (block: Block, schedule: Schedule): { time: string; power: number }[] =>
  schedule.map((power, j) => ({ time: toIso(block.start + j * QUARTER_HOUR_MS), power }));

const NO_CAPACITY: SlotPowerCapacity = {
  chargePowerCapacityKw: 0,
  dischargePowerCapacityKw: 0,
  ratedChargePowerCapacityKw: 0,
  ratedDischargePowerCapacityKw: 0,
};

/**
 * Validates `update` against `block` (one of `asset`'s blocks) and returns the block's new schedule, or the first
 * broken rule. `blocks` are all the asset's blocks with their current schedules (the target block among them; if
 * it is missing, its schedule is still the initial zeros). Nothing is mutated.
 */
export function applyScheduleUpdate(
  asset: VirtualAssetSpec,
  block: Block,
  blocks: readonly BlockSchedule[],
  update: readonly ScheduleUpdateEntry[],
  now: EpochMs,
): Result<Schedule> {
  if (block.market !== "WHOLESALE") {
    return fail(
      "block_not_writable",
      `block ${block.id} belongs to the ${block.market} market; only WHOLESALE blocks can be scheduled`,
    );
  }
  const current = blocks.find((b) => b.block.id === block.id)?.schedule ?? zeroSchedule(block);
  if (current.length !== blockSlotCount(block)) throw new Error(`schedule of block ${block.id} has the wrong length`);

  const next = current.slice();
  const entryOfSlot = new Map<number, number>();
  const gateClosureMs = asset.dispatchGateClosureSeconds * 1000;
  for (let k = 0; k < update.length; k++) {
    const checked = checkEntry(block, current, update[k]!, k, now, gateClosureMs, entryOfSlot);
    if (!checked.ok) return checked;
    entryOfSlot.set(checked.value.slot, k);
    next[checked.value.slot] = checked.value.power;
  }

  const error = stateOfEnergyError(asset, block, blocks, current, next, entryOfSlot);
  return error ? { ok: false, error } : ok(next);
}

function checkEntry(
  block: Block,
  current: Schedule,
  entry: ScheduleUpdateEntry,
  k: number,
  now: EpochMs,
  gateClosureMs: number,
  entryOfSlot: ReadonlyMap<number, number>,
): Result<{ slot: number; power: number }> {
  const timeField = `schedule[${k}].time`;
  const powerField = `schedule[${k}].power`;
  const time = parseRfc3339(entry.time, timeField);
  if (!time.ok) {
    return fail("slot_invalid", `${timeField} must be an RFC 3339 instant such as 2023-11-11T14:30:00Z`, timeField);
  }
  const t = time.value;
  if (t % QUARTER_HOUR_MS !== 0) {
    return fail(
      "slot_invalid",
      `${timeField} ${toIso(t)} is not the start of a 15-minute slot (slots are left-aligned: 14:30 means 14:30–14:45)`,
      timeField,
    );
  }
  if (t < block.start || t >= block.end) {
    return fail(
      "slot_outside_block",
      `${timeField} ${toIso(t)} is outside block ${block.id}, which runs from ${toIso(block.start)} to ${toIso(block.end)}`,
      timeField,
    );
  }
  const slot = (t - block.start) / QUARTER_HOUR_MS;
  const earlier = entryOfSlot.get(slot);
  if (earlier !== undefined) {
    return fail("slot_duplicate", `${timeField} ${toIso(t)} is already given at schedule[${earlier}]`, timeField);
  }
  const p = entry.power;
  if (typeof p !== "number" || !Number.isSafeInteger(p)) {
    return fail("power_invalid", `${powerField} must be a whole number of kW (positive = discharge)`, powerField);
  }
  const power = p + 0; // -0 → 0
  const cap = block.powerCapacity[slot] ?? NO_CAPACITY;
  if (power < -cap.chargePowerCapacityKw || power > cap.dischargePowerCapacityKw) {
    return fail(
      "power_out_of_range",
      `${powerField} ${power} kW is outside [-${cap.chargePowerCapacityKw}, ${cap.dischargePowerCapacityKw}] kW for the slot ${toIso(t)}`,
      powerField,
    );
  }
  if (isSlotFrozen(t, now, gateClosureMs) && power !== current[slot]) {
    return fail(
      "slot_frozen",
      `the slot ${toIso(t)} is frozen: its gate closed at ${toIso(t - gateClosureMs)}; it stays at ${current[slot]} kW`,
      powerField,
    );
  }
  return ok({ slot, power });
}

function stateOfEnergyError(
  asset: VirtualAssetSpec,
  block: Block,
  blocks: readonly BlockSchedule[],
  current: Schedule,
  next: Schedule,
  entryOfSlot: ReadonlyMap<number, number>,
): DomainError | null {
  const others = blocks.filter((b) => b.block.id !== block.id);
  const before = simulate(asset, [...others, { block, schedule: current }]);
  const after = simulate(asset, [...others, { block, schedule: next }]);
  const { lowerMilliWh: lower, upperMilliWh: upper } = energyBoundsOf(asset);
  for (let i = 0; i < after.length; i++) {
    const e = after[i]!;
    const was = before[i]!;
    const over = e > upper && e > Math.max(upper, was);
    const under = e < lower && e < Math.min(lower, was);
    if (!over && !under) continue;
    const slotStart = asset.start + i * QUARTER_HOUR_MS;
    const k = entryOfSlot.get((slotStart - block.start) / QUARTER_HOUR_MS);
    const excess: MilliWh = over ? e - upper : lower - e;
    const message =
      `the update would take the state of energy ${kwh(excess)} kWh ${over ? "above the upper" : "below the lower"} ` +
      `limit of ${kwh(over ? upper : lower)} kWh at the end of the slot ${toIso(slotStart)}; the whole update was rejected`;
    return {
      code: "state_of_energy_out_of_bounds",
      message,
      field: k === undefined ? "schedule" : `schedule[${k}].power`,
    };
  }
  return null;
}

const simulate = (asset: VirtualAssetSpec, blocks: readonly BlockSchedule[]): Float64Array =>
  simulateEnergy(asset, netPowerPerSlot(asset, blocks), initialEnergyOf(asset)).energiesMilliWh;

/** mWh → kWh text, rounded up to the watt-hour so that a tiny excess never reads as 0. */
const kwh = (milliWh: MilliWh): string =>
  new Decimal(milliWh).dividedBy(1_000_000).toDecimalPlaces(3, Decimal.ROUND_UP).toString();
