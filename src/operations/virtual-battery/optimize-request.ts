/**
 * The optimize request: its schema and its conversion at the edge, exactly (EUR numbers → euro-cents, more than 2
 * decimals → 400; percents / ratios → ppm; kW stays whole kW), and the optimizer's field names back in the
 * request's terms for its errors.
 */
import { Decimal } from "decimal.js";
import { type Static, Type } from "typebox";
import { PPM } from "../../domain/ancillary/virtual-asset.js";
import { fail, ok, type Result } from "../../domain/errors.js";
import { MAX_DATE_LENGTH } from "../../domain/limits.js";
import { buildHorizon } from "../../domain/optimizer/horizon.js";
import { MAX_HORIZON_DAYS } from "../../domain/optimizer/model.js";
import type { BiddingRule, OptimizerConfig, PriceForecast, PriceRule } from "../../domain/optimizer/types.js";
import { eurToCents } from "../../domain/units.js";

const MAX_STEPS = MAX_HORIZON_DAYS * 100;
const MAX_BLOCKS = MAX_HORIZON_DAYS * 6;

const Eur = (description: string) => Type.Number({ description });
const PerStep = (description: string) => Type.Array(Eur(description), { maxItems: MAX_STEPS });
const PerBlock = (description: string) => Type.Array(Eur(description), { maxItems: MAX_BLOCKS });

const Rule = Type.Object(
  {
    markup: Type.Number({ minimum: 0, maximum: 100, description: "Factor on the forecast, e.g. 0.95" }),
    offset: Type.Number({ minimum: -15000, maximum: 15000, description: "EUR added after the markup" }),
  },
  { additionalProperties: false },
);

export const Body = Type.Object(
  {
    horizon: Type.Object(
      {
        firstDeliveryDay: Type.String({
          maxLength: MAX_DATE_LENGTH,
          description: "YYYY-MM-DD, Europe/Berlin",
          examples: ["2026-06-03"],
        }),
        days: Type.Integer({ minimum: 1, maximum: MAX_HORIZON_DAYS }),
      },
      { additionalProperties: false },
    ),
    prices: Type.Object(
      {
        wholesale: PerStep("EUR/MWh per quarter-hour of the horizon (96 a day; 92 / 100 on DST days)"),
        fcr: Type.Optional(PerBlock("FCR capacity, EUR/MW per 4-h block (6 a day); absent = no FCR")),
        afrrCapacityPos: Type.Optional(PerBlock("aFRR POS capacity, EUR/MW/h per block; absent = no aFRR POS")),
        afrrCapacityNeg: Type.Optional(PerBlock("aFRR NEG capacity, EUR/MW/h per block; absent = no aFRR NEG")),
        afrrEnergyPos: Type.Optional(PerBlock("Expected aFRR POS energy price, EUR/MWh per block")),
        afrrEnergyNeg: Type.Optional(
          PerBlock("Expected aFRR NEG energy price, EUR/MWh per block (+ = paid by the TSO)"),
        ),
      },
      { additionalProperties: false },
    ),
    startStateOfCharge: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: "% at the horizon start; default: projected" }),
    ),
    stateOfChargeLimits: Type.Optional(
      Type.Object(
        { lower: Type.Number({ minimum: 0, maximum: 100 }), upper: Type.Number({ minimum: 0, maximum: 100 }) },
        { additionalProperties: false, description: "Operating limits, % (default 0 … 100)" },
      ),
    ),
    targetStateOfCharge: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: "% at the end (50)" })),
    afrrActivationShare: Type.Optional(
      Type.Object(
        { pos: Type.Number({ minimum: 0, maximum: 1 }), neg: Type.Number({ minimum: 0, maximum: 1 }) },
        { additionalProperties: false, description: "Expected activated share of the offered aFRR (default 0)" },
      ),
    ),
    degradationCost: Type.Optional(Type.Number({ minimum: 0, description: "EUR per MWh of throughput" })),
    options: Type.Optional(
      Type.Object(
        {
          timeLimitSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 30 })),
          mipRelGap: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5 })),
          afrrActivationSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 4 * 3600 })),
          targetPenalty: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: "EUR/MWh off the target" })),
          bidding: Type.Optional(
            Type.Object(
              { fcrCapacity: Type.Optional(Rule), afrrCapacity: Type.Optional(Rule), afrrEnergy: Type.Optional(Rule) },
              { additionalProperties: false, description: "Bid price = forecast × markup + offset" },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, title: "OptimizeRequest" },
);
export type BodyT = Static<typeof Body>;
// --- edge conversions (exact) ---

function centsArray(values: readonly number[] | undefined, field: string): Result<number[] | undefined> {
  if (values === undefined) return ok(undefined);
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const cents = eurToCents(values[i], `${field}[${i}]`);
    if (!cents.ok) return cents;
    out.push(cents.value);
  }
  return ok(out);
}

/** A number scaled to whole ppm (`scale` ppm per unit), exactly; finer than 1 ppm → 400. */
function toPpm(value: number, scale: number, field: string): Result<number> {
  const ppm = new Decimal(String(value)).times(scale);
  if (!ppm.isInteger()) return fail("validation_failed", `${field} is finer than 1 ppm`, field);
  return ok(ppm.toNumber() + 0);
}

function rule(input: { markup: number; offset: number } | undefined, field: string): Result<PriceRule | undefined> {
  if (!input) return ok(undefined);
  const markupPpm = toPpm(input.markup, PPM, `${field}.markup`);
  if (!markupPpm.ok) return markupPpm;
  const offsetCents = eurToCents(input.offset, `${field}.offset`);
  if (!offsetCents.ok) return offsetCents;
  return ok({ markupPpm: markupPpm.value, offsetCents: offsetCents.value });
}

export interface Converted {
  prices: PriceForecast;
  startPpm?: number;
  socLimits?: { lowerPpm: number; upperPpm: number };
  targetSocPpm?: number;
  afrrActivationShare?: { posPpm: number; negPpm: number };
  degradationCentsPerMwh?: number;
  config: Partial<OptimizerConfig>;
}

export function convert(body: BodyT): Result<Converted> {
  const p = body.prices;
  const arrays = {
    wholesaleCentsPerMwh: centsArray(p.wholesale, "prices.wholesale"),
    fcrCentsPerMw: centsArray(p.fcr, "prices.fcr"),
    afrrPosCapacityCentsPerMwH: centsArray(p.afrrCapacityPos, "prices.afrrCapacityPos"),
    afrrNegCapacityCentsPerMwH: centsArray(p.afrrCapacityNeg, "prices.afrrCapacityNeg"),
    afrrPosEnergyCentsPerMwh: centsArray(p.afrrEnergyPos, "prices.afrrEnergyPos"),
    afrrNegEnergyCentsPerMwh: centsArray(p.afrrEnergyNeg, "prices.afrrEnergyNeg"),
  };
  const prices: Record<string, number[]> = {};
  for (const [key, result] of Object.entries(arrays)) {
    if (!result.ok) return result;
    if (result.value !== undefined) prices[key] = result.value;
  }
  const out: Converted = { prices: prices as unknown as PriceForecast, config: {} };
  if (body.startStateOfCharge !== undefined) {
    const v = toPpm(body.startStateOfCharge, 10_000, "startStateOfCharge");
    if (!v.ok) return v;
    out.startPpm = v.value;
  }
  if (body.stateOfChargeLimits) {
    const lower = toPpm(body.stateOfChargeLimits.lower, 10_000, "stateOfChargeLimits.lower");
    if (!lower.ok) return lower;
    const upper = toPpm(body.stateOfChargeLimits.upper, 10_000, "stateOfChargeLimits.upper");
    if (!upper.ok) return upper;
    out.socLimits = { lowerPpm: lower.value, upperPpm: upper.value };
  }
  if (body.targetStateOfCharge !== undefined) {
    const v = toPpm(body.targetStateOfCharge, 10_000, "targetStateOfCharge");
    if (!v.ok) return v;
    out.targetSocPpm = v.value;
  }
  if (body.afrrActivationShare) {
    const pos = toPpm(body.afrrActivationShare.pos, PPM, "afrrActivationShare.pos");
    if (!pos.ok) return pos;
    const neg = toPpm(body.afrrActivationShare.neg, PPM, "afrrActivationShare.neg");
    if (!neg.ok) return neg;
    out.afrrActivationShare = { posPpm: pos.value, negPpm: neg.value };
  }
  if (body.degradationCost !== undefined) {
    const v = eurToCents(body.degradationCost, "degradationCost");
    if (!v.ok) return v;
    out.degradationCentsPerMwh = v.value;
  }
  const o = body.options ?? {};
  const config: { -readonly [K in keyof OptimizerConfig]?: OptimizerConfig[K] } = {};
  if (o.timeLimitSeconds !== undefined) config.timeLimitSeconds = o.timeLimitSeconds;
  if (o.mipRelGap !== undefined) config.mipRelGap = o.mipRelGap;
  if (o.afrrActivationSeconds !== undefined) config.afrrActivationSeconds = o.afrrActivationSeconds;
  if (o.targetPenalty !== undefined) {
    const v = eurToCents(o.targetPenalty, "options.targetPenalty");
    if (!v.ok) return v;
    config.targetPenaltyCentsPerMwh = v.value;
  }
  if (o.bidding) {
    const neutral: PriceRule = { markupPpm: PPM, offsetCents: 0 };
    const rules: Record<string, PriceRule> = {};
    for (const key of ["fcrCapacity", "afrrCapacity", "afrrEnergy"] as const) {
      const r = rule(o.bidding[key], `options.bidding.${key}`);
      if (!r.ok) return r;
      rules[key] = r.value ?? neutral;
    }
    config.bidding = rules as unknown as BiddingRule;
  }
  out.config = config;
  return ok(out);
}

/** The optimizer's internal field names → the request's. */
const WIRE_FIELDS: Record<string, string> = {
  "prices.wholesaleCentsPerMwh": "prices.wholesale",
  "prices.fcrCentsPerMw": "prices.fcr",
  "prices.afrrPosCapacityCentsPerMwH": "prices.afrrCapacityPos",
  "prices.afrrNegCapacityCentsPerMwH": "prices.afrrCapacityNeg",
  "prices.afrrPosEnergyCentsPerMwh": "prices.afrrEnergyPos",
  "prices.afrrNegEnergyCentsPerMwh": "prices.afrrEnergyNeg",
  socLimits: "stateOfChargeLimits",
  "socLimits.lowerPpm": "stateOfChargeLimits.lower",
  "socLimits.upperPpm": "stateOfChargeLimits.upper",
  targetSocPpm: "targetStateOfCharge",
  degradationCentsPerMwh: "degradationCost",
  startEnergyMilliWh: "startStateOfCharge",
};

/** A domain error in the request's own terms: its field and the field named in its message as the body names them. */
export function inWireTerms<E extends { message: string; field?: string | undefined }>(error: E): E {
  const { field } = wireField(error.field);
  if (field === undefined || error.field === undefined) return error;
  const internal = error.field.split("[")[0]!;
  const wire = field.split("[")[0]!;
  return { ...error, field, message: error.message.split(internal).join(wire) };
}

function wireField(field: string | undefined): { field?: string } {
  if (field === undefined) return {};
  const [head, index] = field.split("[");
  const mapped = WIRE_FIELDS[head!] ?? (head!.startsWith("config.") ? head!.replace("config.", "options.") : head!);
  return { field: index === undefined ? mapped : `${mapped}[${index}` };
}

export function safeHorizon(day: string, days: number): ReturnType<typeof buildHorizon> | null {
  try {
    return buildHorizon(day, days);
  } catch {
    return null;
  }
}
