/**
 * Competitions as a system operator authors them, their phase at an instant, and the occurrences of their
 * service windows (docs/domain.md §1).
 *
 * The authoring body and its rules: competition-body.ts.
 * Publishing (`checkPublishable`) needs, beyond the body's rules: still a draft, ≥ 1 service period, a non-empty
 * boundary, and `now` before qualification closes (so providers can qualify).
 */
import { Temporal } from "temporal-polyfill";
import { fail, ok, type Result } from "../errors.js";
import { type EpochMs, LONDON, toIso } from "../time.js";
import {
  type Competition,
  type CompetitionPhase,
  SERVICE_DAYS,
  type ServicePeriod,
  type ServiceWindow,
} from "./types.js";

// --- phase ---

/**
 * What a competition is at `now`: `draft` until published; then by time, half-open intervals:
 * `upcoming` < qualification_open ≤ `qualification` < qualification_closed ≤ `pending_open` < open ≤ `open`
 * < closed ≤ `closed`; `results_published` once the system operator has published results.
 */
export function competitionPhase(
  c: Pick<Competition, "status" | "resultsPublished" | "qualificationOpen" | "qualificationClosed" | "open" | "closed">,
  now: EpochMs,
): CompetitionPhase {
  if (c.status === "draft") return "draft";
  if (c.resultsPublished) return "results_published";
  if (now >= c.closed) return "closed";
  if (now >= c.open) return "open";
  if (now >= c.qualificationClosed) return "pending_open";
  if (now >= c.qualificationOpen) return "qualification";
  return "upcoming";
}

/** A draft may be edited and published; anything else → `competition_not_draft`. */
export function checkDraftEditable(c: Pick<Competition, "id" | "status">): Result<true> {
  if (c.status !== "draft") {
    return fail("competition_not_draft", `competition ${c.id} is ${c.status}; only a draft can be edited or published`);
  }
  return ok(true);
}

/** Rules of publishing a draft (beyond those of its body, which were checked when it was saved). */
export function checkPublishable(c: Competition, now: EpochMs): Result<true> {
  const editable = checkDraftEditable(c);
  if (!editable.ok) return editable;
  if (c.servicePeriods.length === 0) {
    return fail(
      "competition_invalid",
      "a competition needs at least one service period to be published",
      "service_periods",
    );
  }
  if (c.boundary.areaReferences.length === 0 && c.boundary.postcodes.length === 0) {
    return fail(
      "competition_invalid",
      "a competition needs a boundary (area_references or postcodes) to be published: no asset could qualify",
      "boundary",
    );
  }
  if (now >= c.qualificationClosed) {
    return fail(
      "competition_invalid",
      `qualification_closed ${toIso(c.qualificationClosed)} has passed; providers could not qualify`,
      "qualification_closed",
    );
  }
  return ok(true);
}

/** Bid decisions and results need a closed competition whose results are not yet published. */
export function checkDecidable(c: Competition, now: EpochMs): Result<true> {
  const phase = competitionPhase(c, now);
  if (phase === "results_published") {
    return fail("results_already_published", `the results of competition ${c.id} are already published`);
  }
  if (phase !== "closed") {
    return fail("competition_not_closed", `competition ${c.id} is ${phase}; bids are decided after it closes`);
  }
  return ok(true);
}

// --- windows and their occurrences ---

/** Every service window of a competition, with its period. */
export function serviceWindowsOf(
  c: Pick<Competition, "servicePeriods">,
): { period: ServicePeriod; window: ServiceWindow }[] {
  return c.servicePeriods.flatMap((period) => period.serviceWindows.map((window) => ({ period, window })));
}

export function findServiceWindow(
  c: Pick<Competition, "servicePeriods">,
  serviceWindowId: string,
): { period: ServicePeriod; window: ServiceWindow } | undefined {
  return serviceWindowsOf(c).find((pw) => pw.window.id === serviceWindowId);
}

const TIME_OF_DAY_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` (00:00–23:59) → a Temporal.PlainTime; null when malformed. */
export function parseTimeOfDay(text: unknown): Temporal.PlainTime | null {
  if (typeof text !== "string") return null;
  const m = TIME_OF_DAY_RE.exec(text);
  return m ? new Temporal.PlainTime(Number(m[1]), Number(m[2])) : null;
}

/** A half-open interval of UTC instants. */
export interface Interval {
  readonly start: EpochMs;
  readonly end: EpochMs;
}

/**
 * The first instant at which the London wall clock on `date` shows `time` or later: the wall time itself, its
 * first (BST) pass when it happens twice in the autumn, the end of the gap when it is skipped in the spring.
 */
function firstInstantAtOrAfter(date: Temporal.PlainDate, time: Temporal.PlainTime): EpochMs {
  const dateTime = date.toPlainDateTime(time);
  const compatible = dateTime.toZonedDateTime(LONDON, { disambiguation: "compatible" });
  if (Temporal.PlainTime.compare(compatible.toPlainTime(), time) === 0) return compatible.epochMilliseconds;
  // In the spring-forward gap: the wall clock jumps over `time`; the first instant after it is the transition.
  const beforeGap = dateTime.toZonedDateTime(LONDON, { disambiguation: "earlier" });
  const transition = beforeGap.getTimeZoneTransition("next");
  if (transition === null) throw new Error(`no time-zone transition after ${beforeGap.toString()}`);
  return transition.epochMilliseconds;
}

/**
 * The UTC intervals `[start, end)` in which a service window applies within its period: one per date from
 * `period.start` to `period.end` (both inclusive) whose weekday is among `window.serviceDays`, computed in
 * Europe/London. An overnight window (end < start) ends on the following date. On DST days an occurrence lasts
 * what the wall clock says (17:00–19:30 is always 2 h 30 min of wall time; 00:00–03:00 is 2 h on 29 March 2026
 * and 4 h on 25 October 2026); wall times skipped in spring start/end at the transition, so an occurrence lying
 * wholly inside the skipped hour is empty and left out. Sorted by start. Throws on malformed stored data (a bug:
 * the authoring body was validated).
 */
export function windowOccurrences(
  period: Pick<ServicePeriod, "start" | "end">,
  window: Pick<ServiceWindow, "start" | "end" | "serviceDays">,
): Interval[] {
  const first = Temporal.PlainDate.from(period.start, { overflow: "reject" });
  const last = Temporal.PlainDate.from(period.end, { overflow: "reject" });
  const start = parseTimeOfDay(window.start);
  const end = parseTimeOfDay(window.end);
  if (start === null || end === null) throw new Error(`malformed service window times ${window.start}–${window.end}`);
  const overnight = Temporal.PlainTime.compare(end, start) <= 0;
  const days = new Set(window.serviceDays);
  const out: Interval[] = [];
  for (let d = first; Temporal.PlainDate.compare(d, last) <= 0; d = d.add({ days: 1 })) {
    if (!days.has(SERVICE_DAYS[d.dayOfWeek - 1]!)) continue;
    const s = firstInstantAtOrAfter(d, start);
    const e = firstInstantAtOrAfter(overnight ? d.add({ days: 1 }) : d, end);
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}
