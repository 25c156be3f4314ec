/**
 * A bid's `max_runtime`: how long the flex asset can keep delivering, as a duration string.
 *
 * Accepted forms (docs/domain.md §1; digits only, no sign, no surrounding spaces, no fraction of a second):
 * | form          | example        | notes                                                        |
 * |---------------|----------------|--------------------------------------------------------------|
 * | `HH:MM:SS`    | `"01:30:00"`   | hours may be 24 or more (`"36:00:00"` = 1 day 12 h)          |
 * | `D HH:MM:SS`  | `"1 01:30:00"` | the web UI's and Django's form; hours 0–23                   |
 * | `DTHH:MM:SS`  | `"1T01:30:00"` | the clients' form; hours 0–23                                |
 * Minutes and seconds are two digits, 00–59. The duration must be greater than zero (a bid that cannot run
 * delivers nothing) and at most Python's `timedelta.max` (999,999,999 days 23:59:59).
 *
 * Answered in one form: Django's `DurationField` string (`django.utils.duration.duration_string`), which the real
 * service (a Django app) returns: `"HH:MM:SS"` when under a day, `"D HH:MM:SS"` otherwise
 * (5400 s → `"01:30:00"`, 91800 s → `"1 01:30:00"`).
 */
import { fail, ok, type Result } from "../errors.js";

const MAX_DAYS = 999_999_999;
export const MAX_RUNTIME_LIMIT_SECONDS = MAX_DAYS * 86_400 + 86_399;

const DURATION_RE = /^(?:(\d{1,9})([ T]))?(\d{1,11}):(\d{2}):(\d{2})$/;
const EXAMPLES = `"01:30:00", "1 01:30:00" or "1T01:30:00"`;

/** Parses a `max_runtime` string into whole seconds. */
export function parseMaxRuntime(text: unknown, field: string): Result<number> {
  if (typeof text !== "string") {
    return fail("max_runtime_invalid", `max_runtime must be a duration string such as ${EXAMPLES}`, field);
  }
  if (text === "") return fail("max_runtime_invalid", `max_runtime must not be empty; use e.g. ${EXAMPLES}`, field);
  if (text.trimStart().startsWith("-")) {
    return fail("max_runtime_invalid", `max_runtime "${text}" must not be negative`, field);
  }
  const m = DURATION_RE.exec(text);
  if (!m) {
    return fail(
      "max_runtime_invalid",
      `max_runtime "${text}" is not a duration; use HH:MM:SS, D HH:MM:SS or DTHH:MM:SS`,
      field,
    );
  }
  const days = m[1] === undefined ? null : Number(m[1]);
  const hours = Number(m[3]);
  const minutes = Number(m[4]);
  const seconds = Number(m[5]);
  if (minutes >= 60)
    return fail("max_runtime_invalid", `max_runtime "${text}" has minutes ${m[4]} (must be 00–59)`, field);
  if (seconds >= 60)
    return fail("max_runtime_invalid", `max_runtime "${text}" has seconds ${m[5]} (must be 00–59)`, field);
  if (days !== null && hours >= 24) {
    return fail(
      "max_runtime_invalid",
      `max_runtime "${text}" has hours ${m[3]}: with a day count, hours must be 0–23`,
      field,
    );
  }
  const total = (days ?? 0) * 86_400 + hours * 3_600 + minutes * 60 + seconds;
  if (total === 0) return fail("max_runtime_invalid", `max_runtime "${text}" must be greater than zero`, field);
  if (total > MAX_RUNTIME_LIMIT_SECONDS) {
    return fail("max_runtime_invalid", `max_runtime "${text}" is longer than 999999999 days 23:59:59`, field);
  }
  return ok(total);
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** Whole seconds → Django's duration string: `"HH:MM:SS"`, or `"D HH:MM:SS"` from one day up. */
export function formatMaxRuntime(totalSeconds: number): string {
  if (!Number.isSafeInteger(totalSeconds) || totalSeconds < 0) {
    throw new RangeError(`formatMaxRuntime: ${totalSeconds} is not a whole, non-negative number of seconds`);
  }
  const days = Math.floor(totalSeconds / 86_400);
  const rest = totalSeconds % 86_400;
  const hms = `${pad2(Math.floor(rest / 3_600))}:${pad2(Math.floor((rest % 3_600) / 60))}:${pad2(rest % 60)}`;
  return days === 0 ? hms : `${days} ${hms}`;
}
