/**
 * Test fixtures for the virtual-battery model (used by schedule*.test.ts and soc*.test.ts only).
 * The reference asset: 2 MW / 4 MWh, starting at 50 %, 94.3 % efficient both ways, one day from
 * 2023-11-11T00:00Z (96 slots), gate closure 480 s, final tolerance 1 %.
 */
import { QUARTER_HOUR_MS, toIso } from "../time.js";
import type { Block, BlockSchedule, Schedule } from "./schedule.js";
import type { VirtualAssetSpec } from "./virtual-asset.js";

export const T0 = Date.parse("2023-11-11T00:00:00Z");
/** Start of slot `i` counted from T0. */
export const at = (i: number): number => T0 + i * QUARTER_HOUR_MS;
export const iso = (i: number): string => toIso(at(i));

export function makeAsset(overrides: Partial<VirtualAssetSpec> = {}): VirtualAssetSpec {
  return {
    id: "va-1",
    start: T0,
    end: at(96),
    energyCapacityWh: 4_000_000,
    availableEnergyCapacityWh: 4_000_000,
    ratedChargePowerKw: 2000,
    ratedDischargePowerKw: 2000,
    chargeEfficiency: 943_000,
    dischargeEfficiency: 943_000,
    rampRateKwPerMin: 0,
    dailyCycleLimitPpm: 2_000_000,
    annualCycleLimit: 730,
    totalAllowedCycles: 730,
    dispatchGateClosureSeconds: 480,
    protectedDurationSeconds: 0,
    initialEnergyWh: 2_000_000,
    finalSoCTolerance: 10_000,
    ...overrides,
  };
}

/** A block over slots [from, to) of T0 with the same capacity in every slot. */
export function makeBlock(
  opts: { id?: string; market?: string; from?: number; to?: number; chargeKw?: number; dischargeKw?: number } = {},
): Block {
  const { id = "wh-1", market = "WHOLESALE", from = 0, to = 96, chargeKw = 2000, dischargeKw = 2000 } = opts;
  const slot = {
    chargePowerCapacityKw: chargeKw,
    dischargePowerCapacityKw: dischargeKw,
    ratedChargePowerCapacityKw: chargeKw,
    ratedDischargePowerCapacityKw: dischargeKw,
  };
  return {
    id,
    start: at(from),
    end: at(to),
    market,
    ratedChargePowerKw: chargeKw,
    ratedDischargePowerKw: dischargeKw,
    powerCapacity: Array.from({ length: to - from }, () => slot),
  };
}

/** A block's schedule with the given powers at the given slot indexes (of the block), zero elsewhere. */
export function scheduleOf(block: Block, powers: Record<number, number> = {}): Schedule {
  const s = new Array<number>((block.end - block.start) / QUARTER_HOUR_MS).fill(0);
  for (const [j, p] of Object.entries(powers)) s[Number(j)] = p;
  return s;
}

export const withSchedule = (block: Block, powers: Record<number, number> = {}): BlockSchedule => ({
  block,
  schedule: scheduleOf(block, powers),
});

/** Independent BigInt reference of the energy model: energy (mWh) at the end of each slot. */
export function referenceEnergies(asset: VirtualAssetSpec, net: ArrayLike<number>, start?: bigint): bigint[] {
  let e = start ?? BigInt(asset.initialEnergyWh) * 1000n;
  const ce = BigInt(asset.chargeEfficiency);
  const de = BigInt(asset.dischargeEfficiency);
  const out: bigint[] = [];
  for (let i = 0; i < net.length; i++) {
    const p = BigInt(net[i]!);
    if (p < 0n) e += (-p * ce) / 4n;
    else if (p > 0n) e -= (p * 250_000n * 1_000_000n + de - 1n) / de;
    out.push(e);
  }
  return out;
}
