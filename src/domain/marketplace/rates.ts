/**
 * Rates of a bid and the rate types each competition type takes (docs/domain.md §1, ballot rule 2):
 * | competition type             | rate types (exactly these, once each) |
 * |------------------------------|---------------------------------------|
 * | Availability                 | availability                          |
 * | Utilisation                  | utilisation                           |
 * | Availability & Utilisation   | availability, utilisation             |
 * | Service Fee                  | service_fee                           |
 * The same order is the price order used to rank bids (availability first, then utilisation).
 */
import { fail, ok, type Result } from "../errors.js";
import { parseGbp } from "../units.js";
import { type CompetitionType, RATE_TYPES, type Rate, type RateType } from "./types.js";

export const REQUIRED_RATE_TYPES: Readonly<Record<CompetitionType, readonly RateType[]>> = {
  Availability: ["availability"],
  Utilisation: ["utilisation"],
  "Availability & Utilisation": ["availability", "utilisation"],
  "Service Fee": ["service_fee"],
};

export function requiredRateTypes(type: CompetitionType): readonly RateType[] {
  return REQUIRED_RATE_TYPES[type];
}

const isRateType = (v: unknown): v is RateType =>
  typeof v === "string" && (RATE_TYPES as readonly string[]).includes(v);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const listTypes = (types: readonly string[]): string => types.join(" and ");

/**
 * Parses a bid's wire `rates` (`[{type, value}]`, value a £ decimal string with ≤ 2 places, ≥ 0) for a competition
 * of `competitionType`. Every required type exactly once, no other type; returns the rates in `RATE_TYPES` order.
 * `field` is the path of the rates array, e.g. `bids[1].rates`.
 */
export function parseRates(competitionType: CompetitionType, raw: unknown, field: string): Result<Rate[]> {
  const required = requiredRateTypes(competitionType);
  const takes = `a "${competitionType}" competition takes exactly one rate of each of: ${listTypes(required)}`;
  if (!Array.isArray(raw)) return fail("validation_failed", `${field} must be an array of {type, value}`, field);
  const byType = new Map<RateType, Rate>();
  for (const [i, item] of raw.entries()) {
    const at = `${field}[${i}]`;
    if (!isPlainObject(item)) return fail("validation_failed", `${at} must be an object {type, value}`, at);
    for (const key of Object.keys(item)) {
      if (key !== "type" && key !== "value") {
        return fail("validation_failed", `${at} has an unknown property "${key}"`, `${at}.${key}`);
      }
    }
    if (!("type" in item)) return fail("validation_failed", `${at}.type is required`, `${at}.type`);
    const type = item.type;
    if (!isRateType(type)) {
      return fail(
        "rate_types_mismatch",
        `${at}.type ${JSON.stringify(type)} is not a rate type; ${takes}`,
        `${at}.type`,
      );
    }
    if (!required.includes(type)) {
      return fail("rate_types_mismatch", `rate type "${type}" is not taken here; ${takes}`, `${at}.type`);
    }
    if (byType.has(type))
      return fail("rate_types_mismatch", `rate type "${type}" is given twice; ${takes}`, `${at}.type`);
    if (!("value" in item)) return fail("decimal_invalid", `${at}.value is required (£, e.g. "123.45")`, `${at}.value`);
    const pence = parseGbp(item.value, `${at}.value`, `${type} rate`);
    if (!pence.ok) return pence;
    byType.set(type, { type, pence: pence.value });
  }
  const missing = required.filter((t) => !byType.has(t));
  if (missing.length > 0) {
    return fail("rate_types_mismatch", `missing rate type ${listTypes(missing)}; ${takes}`, field);
  }
  return ok(RATE_TYPES.filter((t) => byType.has(t)).map((t) => byType.get(t)!));
}

/**
 * The price key a system operator ranks bids by, cheapest first: the competition type's rates in
 * `REQUIRED_RATE_TYPES` order (Availability & Utilisation → [availability, utilisation]).
 * Throws when a stored bid lacks one of them (a bug: stored bids were validated).
 */
export function priceKey(competitionType: CompetitionType, rates: readonly Rate[]): number[] {
  return requiredRateTypes(competitionType).map((type) => {
    const rate = rates.find((r) => r.type === type);
    if (rate === undefined) throw new Error(`priceKey: bid has no ${type} rate for a ${competitionType} competition`);
    return rate.pence;
  });
}
