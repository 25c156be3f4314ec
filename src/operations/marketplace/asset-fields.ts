/**
 * Flex and planned asset bodies into exact records (decimal strings → milli-MW / centi-kV, durations → seconds,
 * postcodes canonical); the body schemas and the response shape are in asset-schemas.ts.
 *
 * | field                                    | rule                                                             | code             |
 * |------------------------------------------|------------------------------------------------------------------|------------------|
 * | provider                                 | optional; when given, the caller's organisation id               | validation_failed|
 * | ref / reference                          | 1–100 characters, unique per provider                            | ref_taken (409)  |
 * | *_capacity, capacity_value               | MW decimal string, ≥ 0, ≤ 3 places                               | decimal_invalid  |
 * | voltage_level                            | kV decimal string, ≥ 0, ≤ 2 places                               | decimal_invalid  |
 * | response_time, max_runtime, …            | a duration like max_runtime ("00:30:00", "1 01:30:00", "1T01:30:00") | validation_failed |
 * | postcode                                 | a full UK postcode when country_code is GB (stored as "OX4 2AB") | validation_failed|
 * | latitude, longitude                      | JSON numbers (numeric strings accepted), both or neither,        | validation_failed|
 * |                                          | −90…90 / −180…180, ≤ 12 places; stored as exact text, answered as numbers |     |
 * | location (flex assets only)              | a postcode or latitude + longitude                               | validation_failed|
 * | max_import_capacity, max_export_capacity | MW decimal string like the other capacities, or null             | decimal_invalid  |
 * | operational_date                         | YYYY-MM-DD, or null                                              | validation_failed|
 * | other descriptive strings (asset_scale, address, meter ids, connection_*, metering_point, meter_interval, supplier, operator_name) | stored and answered as given, or null | validation_failed (too long) |
 * | competition_reference (planned)          | a competition's `reference`; the asset qualifies there           | validation_failed|
 * Durations are answered in one form: "HH:MM:SS", or "D HH:MM:SS" from one day up. The wire facts and their public
 * sources: docs/wire-compatibility.md.
 */
import {
  FLEX_TEXT_FIELDS,
  type FlexAssetRecord,
  type FlexTextField,
  type PlannedAssetRecord,
} from "../../db/repositories/marketplace/assets.js";
import { fail, ok, type Result } from "../../domain/errors.js";
import { MAX_AREA_REFERENCE_LENGTH, MAX_POSTCODE_LENGTH } from "../../domain/limits.js";
import { parseMaxRuntime } from "../../domain/marketplace/max-runtime.js";
import { parsePostcode } from "../../domain/marketplace/postcode.js";
import type { AssetStatus } from "../../domain/marketplace/types.js";
import { type EpochMs, parsePlainDate } from "../../domain/time.js";
import { parseMw, parseScaledDecimal } from "../../domain/units.js";
import type { FlexAssetBody, PlannedAssetBody } from "./asset-schemas.js";

// --- body → record ---

type Common = Pick<
  FlexAssetRecord,
  | "name"
  | "status"
  | "category"
  | "type"
  | "voltageLevelCentiKv"
  | "countryCode"
  | "postcode"
  | "latitude"
  | "longitude"
  | "areaReference"
>;

export interface AssetContext {
  readonly providerId: string;
  readonly id: string;
  readonly now: EpochMs;
}

function nullableMw(value: string | null | undefined, current: number | null, field: string): Result<number | null> {
  if (value === undefined) return ok(current);
  if (value === null) return ok(null);
  return parseMw(value, field, field);
}

function duration(value: string | null | undefined, current: number | null, field: string): Result<number | null> {
  if (value === undefined) return ok(current);
  if (value === null) return ok(null);
  const parsed = parseMaxRuntime(value, field);
  if (!parsed.ok) {
    return fail(
      "validation_failed",
      `${field} "${value}" must be a positive duration: "HH:MM:SS", "D HH:MM:SS" or "DTHH:MM:SS"`,
      field,
    );
  }
  return parsed;
}

const DEGREE_PLACES = 12;

/** A JSON number's shortest decimal text without an exponent (1e-7 → "0.0000001"). */
function plainDecimal(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  return n.toFixed(DEGREE_PLACES + 1).replace(/\.?0+$/, "");
}

/** Decimal degrees as exact text: a JSON number's shortest decimal form, or the numeric string as given. */
function degrees(value: number | string, field: string, limit: number): Result<string> {
  const text = typeof value === "number" ? (Number.isFinite(value) ? plainDecimal(value) : "") : value.trim();
  const parsed = parseScaledDecimal(text, DEGREE_PLACES, field, field, { allowNegative: true });
  if (!parsed.ok || Math.abs(parsed.value) > limit * 10 ** DEGREE_PLACES) {
    return fail(
      "validation_failed",
      `${field} must be decimal degrees between -${limit} and ${limit} (at most ${DEGREE_PLACES} places), e.g. 51.752`,
      field,
    );
  }
  return ok(text);
}

function text(value: string | null | undefined, current: string | null, field: string): Result<string | null> {
  if (value === undefined) return ok(current);
  if (value === null) return ok(null);
  if (field === "operational_date") {
    const date = parsePlainDate(value, field);
    if (!date.ok) return date;
  }
  return ok(value);
}

/**
 * Shared fields of both kinds: the body's value when given, else the current one. Flex assets need a location (the
 * real service's rule); planned assets may have none.
 */
function parseCommon(
  body: FlexAssetBody | PlannedAssetBody,
  current: Common,
  providerId: string,
  requireLocation: boolean,
): Result<Common> {
  if (body.provider !== undefined && body.provider !== providerId) {
    return fail("validation_failed", "provider must be your own organisation id", "provider");
  }
  let voltage = current.voltageLevelCentiKv;
  if (body.voltage_level !== undefined) {
    if (body.voltage_level === null) voltage = null;
    else {
      const v = parseScaledDecimal(body.voltage_level, 2, "voltage_level", "voltage_level");
      if (!v.ok) return v;
      voltage = v.value;
    }
  }
  const countryCode = body.country_code ?? current.countryCode;
  let postcode = body.postcode === undefined ? current.postcode : body.postcode;
  if (postcode !== null && body.postcode !== undefined) {
    if (countryCode === "GB") {
      const parsed = parsePostcode(postcode);
      if (parsed === null) return fail("validation_failed", `postcode "${postcode}" is not a UK postcode`, "postcode");
      postcode = `${parsed.outward} ${parsed.inward}`;
    } else if (postcode.trim() === "" || postcode.length > MAX_POSTCODE_LENGTH) {
      return fail("validation_failed", `postcode must be 1–${MAX_POSTCODE_LENGTH} characters`, "postcode");
    }
  }
  let latitude = current.latitude;
  let longitude = current.longitude;
  if (body.latitude !== undefined) {
    const lat = body.latitude === null ? ok(null) : degrees(body.latitude, "latitude", 90);
    if (!lat.ok) return lat;
    latitude = lat.value;
  }
  if (body.longitude !== undefined) {
    const lon = body.longitude === null ? ok(null) : degrees(body.longitude, "longitude", 180);
    if (!lon.ok) return lon;
    longitude = lon.value;
  }
  if ((latitude === null) !== (longitude === null)) {
    return fail(
      "validation_failed",
      "give latitude and longitude together",
      latitude === null ? "latitude" : "longitude",
    );
  }
  if (requireLocation && postcode === null && latitude === null) {
    return fail("validation_failed", "an asset needs a location: a postcode, or latitude and longitude", "postcode");
  }
  let areaReference = body.area_reference === undefined ? current.areaReference : body.area_reference;
  if (areaReference !== null) {
    if (areaReference.trim() === "" || areaReference.length > MAX_AREA_REFERENCE_LENGTH) {
      return fail(
        "validation_failed",
        `area_reference must be 1–${MAX_AREA_REFERENCE_LENGTH} characters`,
        "area_reference",
      );
    }
    areaReference = areaReference.trim();
  }
  return ok({
    name: body.name ?? current.name,
    status: (body.status as AssetStatus | undefined) ?? current.status,
    category: body.asset_category ?? current.category,
    type: body.asset_type ?? current.type,
    voltageLevelCentiKv: voltage,
    countryCode,
    postcode,
    latitude,
    longitude,
    areaReference,
  });
}

const EMPTY_COMMON: Common = {
  name: "",
  status: "operational",
  category: "",
  type: "",
  voltageLevelCentiKv: null,
  countryCode: "GB",
  postcode: null,
  latitude: null,
  longitude: null,
  areaReference: null,
};

/** A flex asset from a create (`current` undefined) or PATCH body. */
export function parseFlexAsset(
  body: FlexAssetBody,
  current: FlexAssetRecord | undefined,
  ctx: AssetContext,
): Result<FlexAssetRecord> {
  const common = parseCommon(body, current ?? EMPTY_COMMON, ctx.providerId, true);
  if (!common.ok) return common;
  const maxImp = nullableMw(body.max_import_capacity, current?.maxImportCapacityMilliMw ?? null, "max_import_capacity");
  if (!maxImp.ok) return maxImp;
  const maxExp = nullableMw(body.max_export_capacity, current?.maxExportCapacityMilliMw ?? null, "max_export_capacity");
  if (!maxExp.ok) return maxExp;
  const texts = {} as Record<FlexTextField, string | null>;
  for (const field of FLEX_TEXT_FIELDS) {
    const t = text(body[field], current?.text[field] ?? null, field);
    if (!t.ok) return t;
    texts[field] = t.value;
  }
  const exp = nullableMw(body.active_export_capacity, current?.exportCapacityMilliMw ?? 0, "active_export_capacity");
  if (!exp.ok) return exp;
  const imp = nullableMw(body.active_import_capacity, current?.importCapacityMilliMw ?? 0, "active_import_capacity");
  if (!imp.ok) return imp;
  const rExp = nullableMw(
    body.reactive_export_capacity,
    current?.reactiveExportCapacityMilliMw ?? null,
    "reactive_export_capacity",
  );
  if (!rExp.ok) return rExp;
  const rImp = nullableMw(
    body.reactive_import_capacity,
    current?.reactiveImportCapacityMilliMw ?? null,
    "reactive_import_capacity",
  );
  if (!rImp.ok) return rImp;
  const durations: Record<string, number | null> = {};
  for (const [key, value, now] of [
    ["response_time", body.response_time, current?.responseTimeSeconds ?? null],
    ["max_runtime", body.max_runtime, current?.maxRuntimeSeconds ?? null],
    ["min_runtime", body.min_runtime, current?.minRuntimeSeconds ?? null],
    ["recovery_time", body.recovery_time, current?.recoveryTimeSeconds ?? null],
  ] as const) {
    const d = duration(value, now, key);
    if (!d.ok) return d;
    durations[key] = d.value;
  }
  return ok({
    kind: "flex",
    id: ctx.id,
    providerId: ctx.providerId,
    ref: body.ref ?? current?.ref ?? "",
    ...common.value,
    exportCapacityMilliMw: exp.value ?? 0,
    importCapacityMilliMw: imp.value ?? 0,
    reactiveExportCapacityMilliMw: rExp.value,
    reactiveImportCapacityMilliMw: rImp.value,
    responseTimeSeconds: durations.response_time ?? null,
    maxRuntimeSeconds: durations.max_runtime ?? null,
    minRuntimeSeconds: durations.min_runtime ?? null,
    recoveryTimeSeconds: durations.recovery_time ?? null,
    maxImportCapacityMilliMw: maxImp.value,
    maxExportCapacityMilliMw: maxExp.value,
    text: texts,
    created: current?.created ?? ctx.now,
    modified: ctx.now,
  });
}

/**
 * A planned asset from a create or PATCH body. Status defaults to `in_development`; `asset_category`, when not
 * given, follows `capacity_type` (`import` → `demand`, `export` → `generation`).
 */
export function parsePlannedAsset(
  body: PlannedAssetBody,
  current: PlannedAssetRecord | undefined,
  ctx: AssetContext,
): Result<PlannedAssetRecord> {
  const capacityType = body.capacity_type ?? current?.capacityType ?? "export";
  const defaults: Common = {
    ...EMPTY_COMMON,
    status: "in_development",
    category: capacityType === "import" ? "demand" : "generation",
  };
  const common = parseCommon(body, current ?? defaults, ctx.providerId, false);
  if (!common.ok) return common;
  const competitionReference = text(
    body.competition_reference,
    current?.competitionReference ?? null,
    "competition_reference",
  );
  if (!competitionReference.ok) return competitionReference;
  const operatorName = text(body.operator_name, current?.operatorName ?? null, "operator_name");
  if (!operatorName.ok) return operatorName;
  const value = nullableMw(body.capacity_value, current?.capacityValueMilliMw ?? 0, "capacity_value");
  if (!value.ok) return value;
  const durations: Record<string, number | null> = {};
  for (const [key, v, now] of [
    ["maximum_response_time", body.maximum_response_time, current?.maximumResponseTimeSeconds ?? null],
    ["maximum_runtime", body.maximum_runtime, current?.maximumRuntimeSeconds ?? null],
    ["minimum_runtime", body.minimum_runtime, current?.minimumRuntimeSeconds ?? null],
    ["maximum_recovery_time", body.maximum_recovery_time, current?.maximumRecoveryTimeSeconds ?? null],
  ] as const) {
    const d = duration(v, now, key);
    if (!d.ok) return d;
    durations[key] = d.value;
  }
  const capacity = value.value ?? 0;
  return ok({
    kind: "planned",
    id: ctx.id,
    providerId: ctx.providerId,
    ref: body.reference ?? current?.ref ?? "",
    ...common.value,
    exportCapacityMilliMw: capacityType === "export" ? capacity : 0,
    importCapacityMilliMw: capacityType === "import" ? capacity : 0,
    capacityType,
    capacityValueMilliMw: capacity,
    estimatedAssetCount:
      body.estimated_asset_count === undefined ? (current?.estimatedAssetCount ?? null) : body.estimated_asset_count,
    maximumResponseTimeSeconds: durations.maximum_response_time ?? null,
    maximumRuntimeSeconds: durations.maximum_runtime ?? null,
    minimumRuntimeSeconds: durations.minimum_runtime ?? null,
    maximumRecoveryTimeSeconds: durations.maximum_recovery_time ?? null,
    competitionReference: competitionReference.value?.trim() || null,
    operatorName: operatorName.value,
    created: current?.created ?? ctx.now,
    modified: ctx.now,
  });
}
