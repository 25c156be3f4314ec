/**
 * A system operator's competition authoring body, validated into a `CompetitionInput` (docs/domain.md §1).
 *
 * Authoring body rules (`validateCompetitionBody`, code `competition_invalid`, `field` = path):
 * | field                                   | rule                                                                   |
 * |-----------------------------------------|------------------------------------------------------------------------|
 * | (body)                                  | an object; no unknown property (periods / windows may carry their `id`) |
 * | reference                               | `^[A-Za-z0-9_]{1,40}$`                                                 |
 * | name, need_type, power_type, product_type | non-blank strings (name ≤ 200, the others ≤ 100 characters)          |
 * | type                                    | Availability, Utilisation, Availability & Utilisation, Service Fee     |
 * | need_direction                          | Deficit or Surplus                                                     |
 * | pricing_type                            | optional, "auction" (the default)                                      |
 * | availability_guide_price, utilisation_guide_price, service_fee | optional/null £ strings, ≤ 2 places, ≥ 0        |
 * | qualification_open … closed             | RFC 3339; qualification_open < qualification_closed ≤ open < closed     |
 * | closed vs service periods               | bidding closes no later than 00:00 (London) of the first service day   |
 * | boundary                                | {area_references: [non-blank], postcodes: [area/district/sector/unit]}, no duplicates |
 * | service_periods[]                       | may be empty in a draft; name; start ≤ end dates (YYYY-MM-DD), ≤ 10 years |
 * | service_windows[]                       | at least one per period; name; start/end `HH:MM` 00:00–23:59, start ≠ end; end < start = overnight |
 * | (all windows)                           | at most MAX_WINDOWS_PER_COMPETITION over all periods (limits.ts)       |
 * | service_days                            | non-empty, unique, Monday … Sunday                                     |
 * | capacity_required                       | MW string > 0, ≤ 3 places                                              |
 * | minimum_aggregate_asset_size            | optional/null MW string ≥ 0, ≤ 3 places                                |
 * | ids of periods and windows, if given    | unique strings                                                         |
 */
import { Temporal } from "temporal-polyfill";
import { ok, type Result } from "../errors.js";
import { MAX_LABEL_LENGTH, MAX_NAME_LENGTH, MAX_WINDOWS_PER_COMPETITION } from "../limits.js";
import { type EpochMs, LONDON, parsePlainDate, parseRfc3339, startOfDay, toIso } from "../time.js";
import { type MilliMw, parseMw } from "../units.js";
import { parseTimeOfDay } from "./competition.js";
import {
  asInvalid,
  at,
  checkKeys,
  invalid,
  isObj,
  misshapen,
  oneOf,
  optionalId,
  optionalPounds,
  stringField,
  stringList,
  text,
} from "./competition-fields.js";
import { formatPostcodeEntry, parsePostcodeEntry } from "./postcode.js";
import {
  type Boundary,
  COMPETITION_TYPES,
  type Competition,
  type CompetitionType,
  NEED_DIRECTIONS,
  type NeedDirection,
  PRICING_TYPES,
  type PricingType,
  SERVICE_DAYS,
  type ServiceDay,
  type ServicePeriod,
  type ServiceWindow,
} from "./types.js";

// --- the authoring body ---

export interface ServiceWindowInput extends Omit<ServiceWindow, "id"> {
  /** Present when an edit keeps an existing window. */
  readonly id?: string;
}

export interface ServicePeriodInput extends Omit<ServicePeriod, "id" | "serviceWindows"> {
  readonly id?: string;
  readonly serviceWindows: readonly ServiceWindowInput[];
}

/** A validated authoring body: a competition without its id, owner and status. */
export interface CompetitionInput
  extends Omit<Competition, "id" | "systemOperatorId" | "status" | "resultsPublished" | "servicePeriods"> {
  readonly servicePeriods: readonly ServicePeriodInput[];
}

const REFERENCE_RE = /^[A-Za-z0-9_]{1,40}$/;
const MAX_PERIOD_DAYS = 3660;

const TOP_KEYS = [
  "reference",
  "name",
  "type",
  "need_type",
  "need_direction",
  "power_type",
  "product_type",
  "pricing_type",
  "availability_guide_price",
  "utilisation_guide_price",
  "service_fee",
  "qualification_open",
  "qualification_closed",
  "open",
  "closed",
  "boundary",
  "service_periods",
] as const;

/** Validates a system operator's competition body (create or edit of a draft). See the table above. */
export function validateCompetitionBody(body: unknown): Result<CompetitionInput> {
  if (!isObj(body)) return misshapen("the competition body must be a JSON object", "body");
  const keys = checkKeys(body, TOP_KEYS, "");
  if (!keys.ok) return keys;

  const given = stringField(body, "reference", "");
  if (!given.ok) return given;
  const reference = given.value;
  if (!REFERENCE_RE.test(reference)) {
    return invalid("reference must be 1–40 letters, digits or underscores", "reference");
  }
  const name = text(body, "name", "", MAX_NAME_LENGTH);
  if (!name.ok) return name;
  const type = oneOf<CompetitionType>(body, "type", "", COMPETITION_TYPES);
  if (!type.ok) return type;
  const needType = text(body, "need_type", "", MAX_LABEL_LENGTH);
  if (!needType.ok) return needType;
  const needDirection = oneOf<NeedDirection>(body, "need_direction", "", NEED_DIRECTIONS);
  if (!needDirection.ok) return needDirection;
  const powerType = text(body, "power_type", "", MAX_LABEL_LENGTH);
  if (!powerType.ok) return powerType;
  const productType = text(body, "product_type", "", MAX_LABEL_LENGTH);
  if (!productType.ok) return productType;
  let pricingType: PricingType = "auction";
  if (body.pricing_type !== undefined) {
    const p = oneOf<PricingType>(body, "pricing_type", "", PRICING_TYPES);
    if (!p.ok) return p;
    pricingType = p.value;
  }
  const availabilityGuide = optionalPounds(body, "availability_guide_price");
  if (!availabilityGuide.ok) return availabilityGuide;
  const utilisationGuide = optionalPounds(body, "utilisation_guide_price");
  if (!utilisationGuide.ok) return utilisationGuide;
  const serviceFee = optionalPounds(body, "service_fee");
  if (!serviceFee.ok) return serviceFee;

  const instants: Record<"qualification_open" | "qualification_closed" | "open" | "closed", EpochMs> = {
    qualification_open: 0,
    qualification_closed: 0,
    open: 0,
    closed: 0,
  };
  for (const key of ["qualification_open", "qualification_closed", "open", "closed"] as const) {
    const given = stringField(body, key, "");
    if (!given.ok) return given;
    const r = asInvalid(parseRfc3339(given.value, key));
    if (!r.ok) return r;
    instants[key] = r.value;
  }
  if (!(instants.qualification_open < instants.qualification_closed)) {
    return invalid("qualification_open must be before qualification_closed", "qualification_closed");
  }
  if (!(instants.qualification_closed <= instants.open)) {
    return invalid("qualification_closed must be no later than open: providers qualify before bidding", "open");
  }
  if (!(instants.open < instants.closed)) return invalid("open must be before closed", "closed");

  const boundary = validateBoundary(body.boundary);
  if (!boundary.ok) return boundary;

  const periods = validatePeriods(body.service_periods);
  if (!periods.ok) return periods;
  for (const [i, period] of periods.value.entries()) {
    const firstDay = startOfDay(Temporal.PlainDate.from(period.start), LONDON);
    if (instants.closed > firstDay) {
      return invalid(
        `service_periods[${i}] starts ${period.start}, before bidding closes (${toIso(instants.closed)}): ` +
          "delivery must start after the competition closes",
        `service_periods[${i}].start`,
      );
    }
  }

  return ok({
    reference,
    name: name.value,
    type: type.value,
    needType: needType.value,
    needDirection: needDirection.value,
    powerType: powerType.value,
    productType: productType.value,
    pricingType,
    availabilityGuidePricePence: availabilityGuide.value,
    utilisationGuidePricePence: utilisationGuide.value,
    serviceFeePence: serviceFee.value,
    qualificationOpen: instants.qualification_open,
    qualificationClosed: instants.qualification_closed,
    open: instants.open,
    closed: instants.closed,
    boundary: boundary.value,
    servicePeriods: periods.value,
  });
}

function validateBoundary(raw: unknown): Result<Boundary> {
  if (!isObj(raw)) return misshapen("boundary must be an object {area_references, postcodes}", "boundary");
  const keys = checkKeys(raw, ["area_references", "postcodes"], "boundary");
  if (!keys.ok) return keys;
  const areaReferences = stringList(raw, "area_references", "boundary");
  if (!areaReferences.ok) return areaReferences;
  const postcodes = stringList(raw, "postcodes", "boundary");
  if (!postcodes.ok) return postcodes;
  const seenAreas = new Set<string>();
  for (const [i, ref] of areaReferences.value.entries()) {
    if (seenAreas.has(ref)) return invalid(`area reference "${ref}" is listed twice`, `boundary.area_references[${i}]`);
    seenAreas.add(ref);
  }
  const seenPostcodes = new Set<string>();
  for (const [i, pc] of postcodes.value.entries()) {
    const field = `boundary.postcodes[${i}]`;
    const entry = parsePostcodeEntry(pc);
    if (entry === null) {
      return invalid(
        `"${pc}" is not a UK postcode area, district, sector or unit (e.g. "SW", "SW1A", "SW1A 1", "SW1A 1AA")`,
        field,
      );
    }
    const canonical = formatPostcodeEntry(entry);
    if (seenPostcodes.has(canonical)) return invalid(`postcode "${pc}" is listed twice`, field);
    seenPostcodes.add(canonical);
  }
  return ok({ areaReferences: areaReferences.value, postcodes: postcodes.value });
}

function validatePeriods(raw: unknown): Result<ServicePeriodInput[]> {
  if (!Array.isArray(raw)) return misshapen("service_periods must be an array", "service_periods");
  const periods: ServicePeriodInput[] = [];
  let windowCount = 0;
  const ids = new Set<string>();
  const claimId = (id: string | undefined, field: string): Result<true> => {
    if (id === undefined) return ok(true);
    if (ids.has(id)) return invalid(`id "${id}" is used twice in this competition`, field);
    ids.add(id);
    return ok(true);
  };
  for (const [i, p] of raw.entries()) {
    const base = `service_periods[${i}]`;
    if (!isObj(p)) return misshapen(`${base} must be an object`, base);
    const keys = checkKeys(p, ["id", "name", "start", "end", "service_windows"], base);
    if (!keys.ok) return keys;
    const id = optionalId(p, base);
    if (!id.ok) return id;
    const claimed = claimId(id.value, at(base, "id"));
    if (!claimed.ok) return claimed;
    const name = text(p, "name", base, MAX_NAME_LENGTH);
    if (!name.ok) return name;
    const startGiven = stringField(p, "start", base);
    if (!startGiven.ok) return startGiven;
    const endGiven = stringField(p, "end", base);
    if (!endGiven.ok) return endGiven;
    const start = asInvalid(parsePlainDate(startGiven.value, at(base, "start")));
    if (!start.ok) return start;
    const end = asInvalid(parsePlainDate(endGiven.value, at(base, "end")));
    if (!end.ok) return end;
    if (Temporal.PlainDate.compare(start.value, end.value) > 0) {
      return invalid(`${base}: start ${start.value} is after end ${end.value}`, at(base, "end"));
    }
    if (start.value.until(end.value).days >= MAX_PERIOD_DAYS) {
      return invalid(`${base} must span at most ${MAX_PERIOD_DAYS} days`, at(base, "end"));
    }
    const rawWindows = p.service_windows;
    if (!Array.isArray(rawWindows))
      return misshapen(`${at(base, "service_windows")} must be an array`, at(base, "service_windows"));
    if (rawWindows.length === 0) {
      return invalid(`${base} needs at least one service window`, at(base, "service_windows"));
    }
    windowCount += rawWindows.length;
    if (windowCount > MAX_WINDOWS_PER_COMPETITION) {
      return invalid(
        `a competition holds at most ${MAX_WINDOWS_PER_COMPETITION} service windows over all its periods`,
        at(base, "service_windows"),
      );
    }
    const windows: ServiceWindowInput[] = [];
    for (const [j, w] of rawWindows.entries()) {
      const window = validateWindow(w, `${base}.service_windows[${j}]`);
      if (!window.ok) return window;
      const wClaimed = claimId(window.value.id, `${base}.service_windows[${j}].id`);
      if (!wClaimed.ok) return wClaimed;
      windows.push(window.value);
    }
    const period: ServicePeriodInput = {
      name: name.value,
      start: start.value.toString(),
      end: end.value.toString(),
      serviceWindows: windows,
    };
    periods.push(id.value === undefined ? period : { id: id.value, ...period });
  }
  return ok(periods);
}

const WINDOW_KEYS = [
  "id",
  "name",
  "start",
  "end",
  "service_days",
  "capacity_required",
  "minimum_aggregate_asset_size",
] as const;

function validateWindow(w: unknown, base: string): Result<ServiceWindowInput> {
  if (!isObj(w)) return misshapen(`${base} must be an object`, base);
  const keys = checkKeys(w, WINDOW_KEYS, base);
  if (!keys.ok) return keys;
  const id = optionalId(w, base);
  if (!id.ok) return id;
  const name = text(w, "name", base, MAX_NAME_LENGTH);
  if (!name.ok) return name;
  for (const key of ["start", "end", "capacity_required"]) {
    const given = stringField(w, key, base);
    if (!given.ok) return given;
  }
  const start = parseTimeOfDay(w.start);
  if (start === null)
    return invalid(`${at(base, "start")} must be a time of day HH:MM (00:00–23:59)`, at(base, "start"));
  const end = parseTimeOfDay(w.end);
  if (end === null) return invalid(`${at(base, "end")} must be a time of day HH:MM (00:00–23:59)`, at(base, "end"));
  if (Temporal.PlainTime.compare(start, end) === 0) {
    return invalid(`${base}: start and end are both ${w.start as string}; a window cannot be empty`, at(base, "end"));
  }
  const days = w.service_days;
  const daysField = at(base, "service_days");
  if (!Array.isArray(days)) return misshapen(`${daysField} must be an array of weekdays`, daysField);
  if (days.length === 0) {
    return invalid(`${daysField} must be a non-empty array of weekdays (Monday … Sunday)`, daysField);
  }
  const serviceDays: ServiceDay[] = [];
  for (const [k, day] of days.entries()) {
    if (typeof day !== "string") return misshapen(`${daysField}[${k}] must be a string`, `${daysField}[${k}]`);
    if (!(SERVICE_DAYS as readonly string[]).includes(day)) {
      return invalid(`${daysField}[${k}] must be one of ${SERVICE_DAYS.join(", ")}`, `${daysField}[${k}]`);
    }
    if (serviceDays.includes(day as ServiceDay)) return invalid(`${day} is listed twice`, `${daysField}[${k}]`);
    serviceDays.push(day as ServiceDay);
  }
  const capacityField = at(base, "capacity_required");
  const capacity = asInvalid(parseMw(w.capacity_required, capacityField, "capacity_required"));
  if (!capacity.ok) return capacity;
  if (capacity.value === 0) return invalid("capacity_required must be greater than zero", capacityField);
  let minimum: MilliMw | null = null;
  if (w.minimum_aggregate_asset_size !== undefined && w.minimum_aggregate_asset_size !== null) {
    const field = at(base, "minimum_aggregate_asset_size");
    if (typeof w.minimum_aggregate_asset_size !== "string")
      return misshapen(`${field} must be a string or null`, field);
    const m = asInvalid(parseMw(w.minimum_aggregate_asset_size, field, "minimum_aggregate_asset_size"));
    if (!m.ok) return m;
    minimum = m.value;
  }
  const window: ServiceWindowInput = {
    name: name.value,
    start: w.start as string,
    end: w.end as string,
    serviceDays,
    capacityRequiredMilliMw: capacity.value,
    minimumAggregateAssetSizeMilliMw: minimum,
  };
  return ok(id.value === undefined ? window : { id: id.value, ...window });
}
