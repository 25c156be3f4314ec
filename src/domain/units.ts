/**
 * Exact units. Money and capacity never pass through binary floating point inside Flexmarket:
 * - marketplace capacity: decimal MW strings on the wire → integer milli-MW (`MilliMw`) inside;
 * - marketplace money: decimal £ strings on the wire → integer pence (`Pence`) inside;
 * - virtual-battery power: JSON numbers in kW on the wire → integer kW (`Kw`) inside;
 * - virtual-battery money: JSON numbers in EUR on the wire → integer euro-cents (`EuroCents`) inside.
 * Conversion happens once, at the edge, with decimal.js; a value that does not fit exactly is rejected, never rounded.
 */
import { Decimal } from "decimal.js";
import { fail, ok, type Result } from "./errors.js";

export type MilliMw = number;
export type Pence = number;
export type Kw = number;
export type EuroCents = number;
/** Energy in watt-hours (integer), used for state-of-energy bookkeeping. */
export type Wh = number;

const DECIMAL_RE = /^-?(\d+)(\.(\d+))?$/;

/**
 * Parses a decimal string exactly into an integer count of `10^-places` units.
 * Rejects empty, NaN, exponent forms, negatives (unless allowed) and more than `places` decimal places.
 */
export function parseScaledDecimal(
  text: unknown,
  places: number,
  field: string,
  what: string,
  opts: { allowNegative?: boolean } = {},
): Result<number> {
  if (typeof text !== "string") return fail("decimal_invalid", `${what} must be a decimal string, e.g. "1.250"`, field);
  const m = DECIMAL_RE.exec(text.trim() === text ? text : "");
  if (!m) return fail("decimal_invalid", `${what} "${text}" is not a decimal number`, field);
  const fraction = m[3] ?? "";
  if (fraction.length > places) {
    return fail("decimal_invalid", `${what} "${text}" has more than ${places} decimal places`, field);
  }
  const value = new Decimal(text);
  if (value.isNegative() && !value.isZero() && !opts.allowNegative) {
    return fail("decimal_invalid", `${what} "${text}" must not be negative`, field);
  }
  const scaled = value.times(new Decimal(10).pow(places));
  if (!scaled.isInteger() || scaled.abs().greaterThan(Number.MAX_SAFE_INTEGER)) {
    return fail("decimal_invalid", `${what} "${text}" is out of range`, field);
  }
  return ok(scaled.toNumber() + 0);
}

/** Formats an integer count of `10^-places` units as a decimal string with exactly `places` places. */
export function formatScaled(units: number, places: number): string {
  // Integers (every stored amount) by placing the point in their digits: exact, and several times cheaper than
  // decimal.js on the responses that format every capacity and price. Anything else (and -0) goes through Decimal.
  if (Number.isSafeInteger(units) && !Object.is(units, -0) && Number.isInteger(places) && places >= 0 && places <= 15) {
    const digits = String(Math.abs(units)).padStart(places + 1, "0");
    const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    return units < 0 ? `-${text}` : text;
  }
  return new Decimal(units).dividedBy(new Decimal(10).pow(places)).toFixed(places);
}

export const parseMw = (text: unknown, field: string, what = "capacity"): Result<MilliMw> =>
  parseScaledDecimal(text, 3, field, what);
export const formatMw = (milliMw: MilliMw): string => formatScaled(milliMw, 3);

export const parseGbp = (text: unknown, field: string, what = "value"): Result<Pence> =>
  parseScaledDecimal(text, 2, field, what);
export const formatGbp = (pence: Pence): string => formatScaled(pence, 2);

/**
 * A JSON number (EUR) → integer euro-cents. The number's shortest round-trip decimal form is used, so `100.1`
 * is exactly 10010 cents; more than 2 decimal places is rejected, not rounded.
 */
export function eurToCents(value: unknown, field: string, what = "price"): Result<EuroCents> {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return fail("price_field_invalid", `${what} must be a number in EUR`, field);
  }
  const fast = centsFast(value);
  if (fast !== undefined) return ok(fast);
  return eurToCentsDecimal(value, field, what);
}

const EUR_FAST_RE = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * The fast path of `eurToCents` (decimal.js was ~1.5 % of a bid POST): when the number's shortest decimal form is
 * plain, with at most 13 integer digits and 2 decimals, its cents are an exact integer below 2^53 computed from the
 * digits. Anything else (exponents, 3+ decimals, huge) returns `undefined` and takes the decimal.js path.
 */
function centsFast(value: number): EuroCents | undefined {
  const m = EUR_FAST_RE.exec(String(value));
  if (m === null) return undefined;
  const cents = Number(m[2]) * 100 + (m[3] === undefined ? 0 : Number(m[3].padEnd(2, "0")));
  return m[1] === "-" ? 0 - cents : cents;
}

/** The reference (and fallback) conversion of `eurToCents`, through decimal.js; `value` is a finite number. */
export function eurToCentsDecimal(value: number, field: string, what = "price"): Result<EuroCents> {
  const cents = new Decimal(String(value)).times(100);
  if (!cents.isInteger()) return fail("price_field_invalid", `${what} ${value} has more than 2 decimal places`, field);
  if (cents.abs().greaterThan(Number.MAX_SAFE_INTEGER))
    return fail("price_out_of_range", `${what} is out of range`, field);
  return ok(cents.toNumber() + 0);
}

/** Integer euro-cents → the JSON number the wire carries (e.g. 10050 → 100.5). */
export const centsToEur = (cents: EuroCents): number => new Decimal(cents).dividedBy(100).toNumber();

/** A JSON number of kW → whole kW, a fraction of a kW floored (docs/domain.md §2: 1000.5 → 1000). */
export function kwFromWire(value: unknown, field: string, what = "offeredCapacity"): Result<Kw> {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    return fail("capacity_invalid", `${what} must be a non-negative number of kW`, field);
  }
  if (value > Number.MAX_SAFE_INTEGER) return fail("capacity_invalid", `${what} is out of range`, field);
  return ok(Math.floor(value));
}
