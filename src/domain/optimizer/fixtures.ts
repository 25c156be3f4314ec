/**
 * Seeded scenarios for the optimizer's tests and benchmark: a virtual battery and price forecasts with realistic
 * shapes (morning and evening peaks, a midday solar dip that can go negative, FCR / aFRR block prices).
 * Deterministic: the same seed gives the same prices.
 */
import type { VirtualAssetSpec } from "../ancillary/virtual-asset.js";
import { buildHorizon } from "./horizon.js";
import type { OptimizerInput, PriceForecast } from "./types.js";

/** Mulberry32: a small seeded generator, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const YEAR_START = Date.UTC(2025, 0, 1);
const YEAR_END = Date.UTC(2028, 0, 1);

/** A 2 MW / 4 MWh battery living 2025–2027 (override anything). */
export function makeAsset(overrides: Partial<VirtualAssetSpec> = {}): VirtualAssetSpec {
  return {
    id: "va-test",
    start: YEAR_START,
    end: YEAR_END,
    energyCapacityWh: 4_000_000,
    availableEnergyCapacityWh: 4_000_000,
    ratedChargePowerKw: 2000,
    ratedDischargePowerKw: 2000,
    chargeEfficiency: 943_000,
    dischargeEfficiency: 943_000,
    rampRateKwPerMin: 0,
    dailyCycleLimitPpm: 0,
    annualCycleLimit: 0,
    totalAllowedCycles: 0,
    dispatchGateClosureSeconds: 480,
    protectedDurationSeconds: 0,
    initialEnergyWh: 2_000_000,
    finalSoCTolerance: 10_000,
    ...overrides,
  };
}

export interface SeededPriceOptions {
  readonly fcr?: boolean;
  readonly afrr?: boolean;
  /** Multiplies the reserve prices (1 = typical 2024 levels). */
  readonly reserveScale?: number;
}

/** Seeded forecasts (euro-cents) for a horizon of `days` delivery days from `firstDeliveryDay`. */
export function seededPrices(
  seed: number,
  firstDeliveryDay: string,
  days: number,
  options: SeededPriceOptions = {},
): PriceForecast {
  const random = seededRandom(seed);
  const horizon = buildHorizon(firstDeliveryDay, days);
  const wholesale: number[] = [];
  for (const day of horizon.days) {
    const level = 60 + 60 * random();
    const solar = 40 + 80 * random();
    const steps = day.endStep - day.firstStep;
    for (let s = 0; s < steps; s++) {
      const hour = (s / steps) * 24;
      const peaks = 45 * Math.exp(-((hour - 8) ** 2) / 3) + 70 * Math.exp(-((hour - 19) ** 2) / 4);
      const dip = solar * Math.exp(-((hour - 13) ** 2) / 6);
      const eur = level + peaks - dip + 12 * (random() - 0.5);
      wholesale.push(Math.round(eur * 100));
    }
  }
  const scale = options.reserveScale ?? 1;
  const perBlock = (base: number, spread: number) =>
    horizon.blocks.map(() => Math.round((base + spread * random()) * scale * 100));
  const prices: PriceForecast = { wholesaleCentsPerMwh: wholesale };
  return {
    ...prices,
    ...(options.fcr ? { fcrCentsPerMw: perBlock(30, 50) } : {}),
    ...(options.afrr
      ? {
          afrrPosCapacityCentsPerMwH: perBlock(4, 12),
          afrrNegCapacityCentsPerMwH: perBlock(3, 10),
          afrrPosEnergyCentsPerMwh: perBlock(120, 120),
          afrrNegEnergyCentsPerMwh: perBlock(-10, 40),
        }
      : {}),
  };
}

/** A complete input: the asset at 50 %, seeded prices for all three markets unless told otherwise. */
export function seededInput(
  seed: number,
  firstDeliveryDay = "2026-05-30",
  days = 1,
  options: SeededPriceOptions = { fcr: true, afrr: true },
  overrides: Partial<OptimizerInput> = {},
): OptimizerInput {
  const asset = overrides.asset ?? makeAsset();
  return {
    asset,
    horizon: { firstDeliveryDay, days },
    startEnergyMilliWh: asset.availableEnergyCapacityWh * 500,
    prices: seededPrices(seed, firstDeliveryDay, days, options),
    afrrActivationShare: { posPpm: 50_000, negPpm: 50_000 },
    degradationCentsPerMwh: 500,
    ...overrides,
  };
}
