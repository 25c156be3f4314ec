/**
 * A virtual asset (virtual battery) in exact internal units. The wire (docs/domain.md §2) carries kW / kWh / ratios
 * as JSON numbers; they are converted once at the edge into these integers.
 */
import type { EpochMs } from "../time.js";

/** A dimensionless ratio in parts per million (0.943 → 943_000). */
export type Ppm = number;
export const PPM = 1_000_000;

export interface VirtualAssetSpec {
  readonly id: string;
  /** Lifetime of the virtual asset, half-open [start, end). */
  readonly start: EpochMs;
  readonly end: EpochMs;
  /** Rated energy capacity in Wh (kWh × 1000). */
  readonly energyCapacityWh: number;
  /** Usable energy capacity now, in Wh; state of charge percentages are relative to this. */
  readonly availableEnergyCapacityWh: number;
  /** Rated powers in whole kW. */
  readonly ratedChargePowerKw: number;
  readonly ratedDischargePowerKw: number;
  readonly chargeEfficiency: Ppm;
  readonly dischargeEfficiency: Ppm;
  /** kW per minute; 0 = unlimited. */
  readonly rampRateKwPerMin: number;
  readonly dailyCycleLimitPpm: Ppm;
  readonly annualCycleLimit: number;
  readonly totalAllowedCycles: number;
  readonly dispatchGateClosureSeconds: number;
  readonly protectedDurationSeconds: number;
  /** State of energy at `start`, in Wh (the platform starts virtual assets at 50 %). */
  readonly initialEnergyWh: number;
  /** Tolerance on the final state of charge, e.g. 0.01 → 10_000 ppm. */
  readonly finalSoCTolerance: Ppm;
}
