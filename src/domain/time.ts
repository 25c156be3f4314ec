/**
 * Time inside Flexmarket: instants are epoch milliseconds in UTC (`EpochMs`); periods are half-open
 * `[start, end)`. Market days, products and gates are computed in the market's own zone with Temporal
 * (Europe/London for the marketplace, Europe/Berlin for the TSO markets), DST days included.
 * The clock is injected: domain code receives `now` as an argument and never reads the system time.
 */
import { Temporal } from "temporal-polyfill";
import { fail, ok, type Result } from "./errors.js";

export type EpochMs = number;

export const BERLIN = "Europe/Berlin";
export const LONDON = "Europe/London";

export interface Clock {
  /** The current instant, epoch milliseconds UTC. */
  now(): EpochMs;
  /** Clock milliseconds per real millisecond (a simulated clock's speed); 1 when absent. */
  readonly speed?: number;
}

/**
 * A real-time duration expressed on `clock`: what must elapse on it for `realMs` of real time to pass. For waits
 * that must last real time (retry back-off, leases) but are stored as instants of that clock.
 */
export function clockMsOf(clock: Clock, realMs: number): number {
  return Math.round(realMs * (clock.speed ?? 1));
}

export const MINUTE_MS = 60_000;
export const QUARTER_HOUR_MS = 15 * MINUTE_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const RFC3339_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

const FAST_RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The fast path of `parseRfc3339`: plain upper-case timestamps whose every field is in range, computed with
 * integer arithmetic (no Temporal, ~3 % of a GET). Anything else (lower case, years before 1000, day 30 of
 * February, 24:00, second 60, offsets past ±23:59) returns `undefined` and takes the Temporal path, which
 * decides. Fractions beyond milliseconds are truncated, as Temporal's `epochMilliseconds` floors them.
 */
function fastRfc3339(text: string): EpochMs | undefined {
  const m = FAST_RFC3339_RE.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!)) return undefined;
  let offsetMinutes = 0;
  if (m[8] !== undefined) {
    const offsetHours = Number(m[9]);
    const offsetMins = Number(m[10]);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (m[8] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, "0"));
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** Parses an RFC 3339 timestamp with an explicit offset (`Z` or `±hh:mm`). */
export function parseRfc3339(text: unknown, field: string): Result<EpochMs> {
  if (typeof text !== "string" || !RFC3339_RE.test(text)) {
    return fail("validation_failed", `${field} must be an RFC 3339 timestamp such as 2025-06-17T12:00:00Z`, field);
  }
  const fast = fastRfc3339(text);
  if (fast !== undefined) return ok(fast);
  return parseRfc3339Temporal(text, field);
}

/** The reference (and fallback) parse of `parseRfc3339`, through Temporal; `text` has passed `RFC3339_RE`. */
export function parseRfc3339Temporal(text: string, field: string): Result<EpochMs> {
  try {
    return ok(Temporal.Instant.from(text.toUpperCase()).epochMilliseconds);
  } catch {
    return fail("validation_failed", `${field} "${text}" is not a valid timestamp`, field);
  }
}

/** Formats an instant as RFC 3339 UTC, e.g. `2023-11-11T14:30:00Z` (milliseconds only when non-zero). */
export function toIso(ms: EpochMs): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a calendar date `YYYY-MM-DD` (rejecting impossible dates such as 2026-02-30). */
export function parsePlainDate(text: unknown, field: string): Result<Temporal.PlainDate> {
  if (typeof text !== "string" || !DATE_RE.test(text)) {
    return fail("validation_failed", `${field} must be a date in the form YYYY-MM-DD`, field);
  }
  try {
    return ok(Temporal.PlainDate.from(text, { overflow: "reject" }));
  } catch {
    return fail("validation_failed", `${field} "${text}" is not a valid date`, field);
  }
}

/** The instant at which a local wall-clock time occurs in a zone (earlier instant on ambiguous times). */
export function zonedToEpoch(date: Temporal.PlainDate, time: Temporal.PlainTime, zone: string): EpochMs {
  return date.toZonedDateTime({ timeZone: zone, plainTime: time }).epochMilliseconds;
}

/** Start of a local day in a zone, as an instant. */
export function startOfDay(date: Temporal.PlainDate, zone: string): EpochMs {
  return date.toZonedDateTime({ timeZone: zone }).epochMilliseconds;
}

/** The local calendar date of an instant in a zone. */
export function localDate(ms: EpochMs, zone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toPlainDate();
}

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(ms: EpochMs): Clock & { set(ms: EpochMs): void; advance(ms: number): void } {
  let current = ms;
  return {
    now: () => current,
    set: (next) => {
      current = next;
    },
    advance: (delta) => {
      current += delta;
    },
  };
}

/**
 * A simulated clock: starts at `start` and runs `speed` times faster than real time, measured from the
 * moment it is created (`realNow` is injected for tests).
 */
export function simulatedClock(start: EpochMs, speed: number, realNow: () => number = Date.now): Clock {
  const origin = realNow();
  return { now: () => start + Math.floor((realNow() - origin) * speed), speed };
}
