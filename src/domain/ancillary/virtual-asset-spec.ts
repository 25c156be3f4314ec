/**
 * The spec of a virtual asset from wire units (kWh, kW, ratios, percent), converted exactly (decimal.js): a value that
 * does not fit is refused with an Error, never rounded. Used by the administration commands, the demo and the internal
 * auctions (which create the virtual asset they auction).
 */
import { Decimal } from "decimal.js";
import { Temporal } from "temporal-polyfill";
import { BERLIN, type EpochMs, parseRfc3339, QUARTER_HOUR_MS, startOfDay, toIso } from "../time.js";
import { parseDeliveryZone } from "./control-areas.js";
import { PPM, type VirtualAssetSpec } from "./virtual-asset.js";

export interface CreateVirtualAssetInput {
  organisationId: string;
  /** Rated energy capacity, kWh (at most 3 decimal places). */
  energyKwh: number | string;
  /** Rated charge and discharge power, whole kW (unless given separately). */
  powerKw: number | string;
  chargePowerKw?: number | string;
  dischargePowerKw?: number | string;
  /** Lifetime [start, end): RFC 3339 instants, or dates (00:00 Europe/Berlin), on quarter-hours. */
  start: string | EpochMs;
  end: string | EpochMs;
  availableEnergyKwh?: number | string;
  chargeEfficiency?: number | string;
  dischargeEfficiency?: number | string;
  initialSocPercent?: number | string;
  deliveryZone?: string;
  eicCode?: string;
  portfolioId?: string;
  rampRateKwPerMin?: number | string;
  dailyCycleLimit?: number | string;
  annualCycleLimit?: number | string;
  totalAllowedCycles?: number | string;
  dispatchGateClosureSeconds?: number | string;
  protectedDurationSeconds?: number | string;
  finalSoCTolerance?: number | string;
  id?: string;
}

export interface UpdateVirtualAssetInput {
  availableEnergyKwh?: number | string;
  chargeEfficiency?: number | string;
  dischargeEfficiency?: number | string;
  dispatchGateClosureSeconds?: number | string;
  protectedDurationSeconds?: number | string;
  deliveryZone?: string;
  eicCode?: string;
  portfolioId?: string;
}

export const VIRTUAL_ASSET_DEFAULTS = {
  efficiency: "0.943",
  initialSocPercent: "50",
  deliveryZone: "50Hertz",
  dispatchGateClosureSeconds: 480,
  protectedDurationSeconds: 0,
  dailyCycleLimit: "2",
  annualCycleLimit: 730,
  totalAllowedCycles: 7300,
  finalSoCTolerance: "0.01",
} as const;

/** A control area's name (or its EIC area code, read as the name), or an Error listing the control areas. */
export function deliveryZoneOf(text: string): string {
  const zone = parseDeliveryZone(text.trim(), "delivery zone");
  if (!zone.ok) throw new Error(zone.error.message);
  return zone.value;
}

export function decimalOf(value: number | string, what: string): Decimal {
  try {
    const d = new Decimal(typeof value === "number" ? String(value) : value.trim());
    if (!d.isFinite()) throw new Error();
    return d;
  } catch {
    throw new Error(`${what} must be a number, got ${JSON.stringify(value)}`);
  }
}

/** `value × scale` as a non-negative safe integer, or an Error naming `what`. */
export function scaled(
  value: number | string,
  scale: number,
  what: string,
  opts: { min?: number; max?: number } = {},
): number {
  const d = decimalOf(value, what).times(scale);
  if (!d.isInteger()) throw new Error(`${what} ${value} has too many decimal places`);
  const n = d.toNumber();
  if (!Number.isSafeInteger(n) || n < (opts.min ?? 0) || (opts.max !== undefined && n > opts.max)) {
    throw new Error(`${what} ${value} is out of range`);
  }
  return n;
}

export function instantOf(value: string | EpochMs, what: string): EpochMs {
  let ms: EpochMs;
  if (typeof value === "number") ms = value;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    try {
      ms = startOfDay(Temporal.PlainDate.from(value, { overflow: "reject" }), BERLIN);
    } catch {
      throw new Error(`${what} ${value} is not a valid date`);
    }
  } else {
    const parsed = parseRfc3339(value, what);
    if (!parsed.ok) throw new Error(parsed.error.message);
    ms = parsed.value;
  }
  if (ms % QUARTER_HOUR_MS !== 0) throw new Error(`${what} ${toIso(ms)} is not on a quarter-hour`);
  return ms;
}

/** The spec of a new virtual asset from wire units (exported for tests and the demo). */
export function specOf(input: CreateVirtualAssetInput, id: string): VirtualAssetSpec {
  const d = VIRTUAL_ASSET_DEFAULTS;
  const start = instantOf(input.start, "start");
  const end = instantOf(input.end, "end");
  if (start >= end) throw new Error("start must be before end");
  const energyCapacityWh = scaled(input.energyKwh, 1000, "energy capacity (kWh)");
  const availableEnergyCapacityWh = scaled(
    input.availableEnergyKwh ?? input.energyKwh,
    1000,
    "available energy capacity (kWh)",
    { max: energyCapacityWh },
  );
  const soc = decimalOf(input.initialSocPercent ?? d.initialSocPercent, "initial state of charge (%)");
  if (soc.lessThan(0) || soc.greaterThan(100)) throw new Error("initial state of charge must be within 0 … 100 %");
  const initial = soc.times(availableEnergyCapacityWh).dividedBy(100);
  if (!initial.isInteger()) throw new Error("initial state of charge must be a whole number of Wh");
  return {
    id,
    start,
    end,
    energyCapacityWh,
    availableEnergyCapacityWh,
    ratedChargePowerKw: scaled(input.chargePowerKw ?? input.powerKw, 1, "charge power (kW)"),
    ratedDischargePowerKw: scaled(input.dischargePowerKw ?? input.powerKw, 1, "discharge power (kW)"),
    chargeEfficiency: scaled(input.chargeEfficiency ?? d.efficiency, PPM, "charge efficiency", { min: 1, max: PPM }),
    dischargeEfficiency: scaled(input.dischargeEfficiency ?? d.efficiency, PPM, "discharge efficiency", {
      min: 1,
      max: PPM,
    }),
    rampRateKwPerMin: scaled(input.rampRateKwPerMin ?? 0, 1, "ramp rate (kW/min)"),
    dailyCycleLimitPpm: scaled(input.dailyCycleLimit ?? d.dailyCycleLimit, PPM, "daily cycle limit"),
    annualCycleLimit: scaled(input.annualCycleLimit ?? d.annualCycleLimit, 1, "annual cycle limit"),
    totalAllowedCycles: scaled(input.totalAllowedCycles ?? d.totalAllowedCycles, 1, "total allowed cycles"),
    dispatchGateClosureSeconds: scaled(
      input.dispatchGateClosureSeconds ?? d.dispatchGateClosureSeconds,
      1,
      "dispatch gate closure (s)",
    ),
    protectedDurationSeconds: scaled(
      input.protectedDurationSeconds ?? d.protectedDurationSeconds,
      1,
      "protected duration (s)",
    ),
    initialEnergyWh: initial.toNumber(),
    finalSoCTolerance: scaled(input.finalSoCTolerance ?? d.finalSoCTolerance, PPM, "final SoC tolerance", {
      max: PPM,
    }),
  };
}
