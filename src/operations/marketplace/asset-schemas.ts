/**
 * Flex and planned assets on the wire: the body schemas (create and PATCH) and the response shape. The rules each
 * field of a body follows, and its conversion into an exact record, are in asset-fields.ts.
 */

import { type Static, Type } from "typebox";
import {
  FLEX_TEXT_FIELDS,
  type FlexAssetRecord,
  type FlexTextField,
  type PlannedAssetRecord,
} from "../../db/repositories/marketplace/assets.js";
import {
  MAX_AREA_REFERENCE_LENGTH,
  MAX_CODE_LENGTH,
  MAX_DECIMAL_LENGTH,
  MAX_DURATION_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_POSTCODE_LENGTH,
  MAX_REFERENCE_LENGTH,
} from "../../domain/limits.js";
import { ASSET_STATUSES, type AssetStatus } from "../../domain/marketplace/types.js";
import { toIso } from "../../domain/time.js";
import { formatMw, formatScaled } from "../../domain/units.js";
import { durationOrNull, Instant, Mw, mwOrNull, NullableString } from "../../wire/marketplace.js";

// --- schemas ---

const Duration = (description: string) =>
  NullableString({
    maxLength: MAX_DURATION_LENGTH,
    description: `${description}: "HH:MM:SS", "D HH:MM:SS" or "DTHH:MM:SS"`,
    examples: ["00:30:00"],
  });
const NullableMw = (description: string) =>
  NullableString({
    maxLength: MAX_DECIMAL_LENGTH,
    description: `${description} (MW decimal string, ≤ 3 places)`,
    examples: ["2.000"],
  });
const NullableText = (maxLength: number, description: string, examples?: string[]) =>
  Type.Unsafe<string | null>({ type: ["string", "null"], maxLength, description, ...(examples && { examples }) });
/** Decimal degrees: a JSON number as the real service takes it, or a numeric string. */
const DegreesIn = (description: string, example: number) =>
  Type.Unsafe<number | string | null>({
    type: ["number", "string", "null"],
    maxLength: 30,
    description: `${description}: decimal degrees, a JSON number (a numeric string is accepted too)`,
    examples: [example],
  });
const DegreesOut = (example: number) =>
  Type.Unsafe<number | null>({ type: ["number", "null"], description: "Decimal degrees", examples: [example] });

const FLEX_TEXT_SCHEMAS: Record<FlexTextField, ReturnType<typeof NullableText>> = {
  asset_scale: NullableText(100, "e.g. domestic, non_domestic", ["non_domestic"]),
  address: NullableText(500, "Street address"),
  export_meter_id: NullableText(100, "Export meter id (e.g. MPAN)"),
  import_meter_id: NullableText(100, "Import meter id (e.g. MPAN)"),
  connection_status: NullableText(100, "Grid connection status"),
  connection_type: NullableText(100, "Grid connection type"),
  connection_current: NullableText(100, "Connection current"),
  operational_date: NullableText(10, "Date the asset became (or becomes) operational, YYYY-MM-DD", ["2024-04-01"]),
  metering_point: NullableText(100, "Metering point id"),
  meter_interval: NullableText(100, "Metering interval, e.g. 30min"),
  supplier: NullableText(200, "Electricity supplier"),
};

const Status = Type.Unsafe<AssetStatus>({ type: "string", enum: [...ASSET_STATUSES] });
const Code = (description: string, examples: string[]) =>
  Type.String({ minLength: 1, maxLength: MAX_CODE_LENGTH, pattern: "^[a-z0-9_]+$", description, examples });

const locationFields = {
  provider: Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, description: "Your organisation id (optional)" }),
  name: Type.String({ minLength: 1, maxLength: MAX_NAME_LENGTH }),
  status: Status,
  asset_category: Code("e.g. renewable, generation, storage, demand", ["storage"]),
  asset_type: Code("e.g. battery, onshore_wind, solar_pv, chp, ev_charging", ["battery"]),
  voltage_level: NullableString({
    maxLength: MAX_DECIMAL_LENGTH,
    description: "kV decimal string, ≤ 2 places",
    examples: ["11.00"],
  }),
  country_code: Type.String({ pattern: "^[A-Z]{2}$", maxLength: 2, examples: ["GB"] }),
  postcode: NullableText(MAX_POSTCODE_LENGTH, "Postcode (a full UK postcode when country_code is GB)", ["OX4 2AB"]),
  latitude: DegreesIn("Latitude", 51.752),
  longitude: DegreesIn("Longitude", -1.2577),
  area_reference: NullableText(
    MAX_AREA_REFERENCE_LENGTH,
    "Flexmarket: the network area or substation the asset connects to, matched against competition boundaries",
  ),
};

const flexFields = {
  ref: Type.String({
    minLength: 1,
    maxLength: MAX_REFERENCE_LENGTH,
    description: "Your own reference, unique among your assets",
  }),
  ...locationFields,
  active_export_capacity: Mw("Maximum active export / turn-down"),
  active_import_capacity: Mw("Maximum active import / turn-up"),
  reactive_export_capacity: NullableMw("Reactive export capacity"),
  reactive_import_capacity: NullableMw("Reactive import capacity"),
  response_time: Duration("Time to respond"),
  max_runtime: Duration("Longest delivery"),
  min_runtime: Duration("Shortest delivery"),
  recovery_time: Duration("Rest between deliveries"),
  max_import_capacity: NullableMw("Maximum import capacity of the connection"),
  max_export_capacity: NullableMw("Maximum export capacity of the connection"),
  ...FLEX_TEXT_SCHEMAS,
};

const plannedFields = {
  reference: Type.String({
    minLength: 1,
    maxLength: MAX_REFERENCE_LENGTH,
    description: "Your own reference, unique among your planned assets",
  }),
  ...locationFields,
  capacity_type: Type.Union([Type.Literal("export"), Type.Literal("import")], {
    description: "export (generation, discharge) or import (demand turn-down / turn-up)",
  }),
  capacity_value: Mw("Planned capacity"),
  estimated_asset_count: Type.Unsafe<number | null>({ type: ["integer", "null"], minimum: 1, maximum: 1_000_000 }),
  maximum_response_time: Duration("Longest time to respond"),
  maximum_runtime: Duration("Longest delivery"),
  minimum_runtime: Duration("Shortest delivery"),
  maximum_recovery_time: Duration("Longest rest between deliveries"),
  competition_reference: NullableText(100, "The `reference` of the competition the asset is planned for", [
    "OXF_2026_W",
  ]),
  operator_name: NullableText(200, "Who will operate the asset"),
};

const optionalAll = <T extends Record<string, Parameters<typeof Type.Optional>[0]>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>>;
  };

const { ref: _ref, name: _name, asset_category: _ac, asset_type: _at, ...flexOptional } = flexFields;
export const FlexAssetCreateBody = Type.Object(
  {
    ref: flexFields.ref,
    name: flexFields.name,
    asset_category: flexFields.asset_category,
    asset_type: flexFields.asset_type,
    ...optionalAll(flexOptional),
  },
  { additionalProperties: false },
);
export const FlexAssetPatchBody = Type.Object(optionalAll(flexFields), { additionalProperties: false });

const {
  reference: _r,
  name: _n,
  asset_type: _pt,
  capacity_type: _ct,
  capacity_value: _cv,
  ...plannedOptional
} = plannedFields;
export const PlannedAssetCreateBody = Type.Object(
  {
    reference: plannedFields.reference,
    name: plannedFields.name,
    asset_type: plannedFields.asset_type,
    capacity_type: plannedFields.capacity_type,
    capacity_value: plannedFields.capacity_value,
    ...optionalAll(plannedOptional),
  },
  { additionalProperties: false },
);
export const PlannedAssetPatchBody = Type.Object(optionalAll(plannedFields), { additionalProperties: false });

export type FlexAssetBody = Static<typeof FlexAssetPatchBody>;
export type PlannedAssetBody = Static<typeof PlannedAssetPatchBody>;

const readOnly = {
  id: Type.String(),
  provider: Type.String({ description: "The provider organisation's id" }),
  created: Instant("Created"),
  modified: Instant("Last modified"),
};
const locationWire = {
  name: Type.String(),
  status: Type.String(),
  asset_category: Type.String(),
  asset_type: Type.String(),
  voltage_level: NullableString(),
  country_code: Type.String(),
  postcode: NullableString(),
  latitude: DegreesOut(51.752),
  longitude: DegreesOut(-1.2577),
  area_reference: NullableString(),
};

export const FlexAssetWire = Type.Object({
  ...readOnly,
  ref: Type.String(),
  ...locationWire,
  active_export_capacity: Type.String(),
  active_import_capacity: Type.String(),
  reactive_export_capacity: NullableString(),
  reactive_import_capacity: NullableString(),
  response_time: NullableString(),
  max_runtime: NullableString(),
  min_runtime: NullableString(),
  recovery_time: NullableString(),
  max_import_capacity: NullableString(),
  max_export_capacity: NullableString(),
  ...Object.fromEntries(FLEX_TEXT_FIELDS.map((f) => [f, NullableString()])),
});

export const PlannedAssetWire = Type.Object({
  ...readOnly,
  reference: Type.String(),
  ...locationWire,
  capacity_type: Type.String(),
  capacity_value: Type.String(),
  estimated_asset_count: Type.Unsafe<number | null>({ type: ["integer", "null"] }),
  maximum_response_time: NullableString(),
  maximum_runtime: NullableString(),
  minimum_runtime: NullableString(),
  maximum_recovery_time: NullableString(),
  competition_reference: NullableString(),
  operator_name: NullableString(),
});

// --- record → wire ---

const commonToWire = (a: FlexAssetRecord | PlannedAssetRecord) => ({
  id: a.id,
  provider: a.providerId,
  name: a.name,
  status: a.status,
  asset_category: a.category,
  asset_type: a.type,
  voltage_level: a.voltageLevelCentiKv === null ? null : formatScaled(a.voltageLevelCentiKv, 2),
  country_code: a.countryCode,
  postcode: a.postcode,
  latitude: a.latitude === null ? null : Number(a.latitude),
  longitude: a.longitude === null ? null : Number(a.longitude),
  area_reference: a.areaReference,
  created: toIso(a.created),
  modified: toIso(a.modified),
});

export const flexAssetToWire = (a: FlexAssetRecord) => ({
  ...commonToWire(a),
  ref: a.ref,
  active_export_capacity: formatMw(a.exportCapacityMilliMw),
  active_import_capacity: formatMw(a.importCapacityMilliMw),
  reactive_export_capacity: mwOrNull(a.reactiveExportCapacityMilliMw),
  reactive_import_capacity: mwOrNull(a.reactiveImportCapacityMilliMw),
  response_time: durationOrNull(a.responseTimeSeconds),
  max_runtime: durationOrNull(a.maxRuntimeSeconds),
  min_runtime: durationOrNull(a.minRuntimeSeconds),
  recovery_time: durationOrNull(a.recoveryTimeSeconds),
  max_import_capacity: mwOrNull(a.maxImportCapacityMilliMw),
  max_export_capacity: mwOrNull(a.maxExportCapacityMilliMw),
  ...a.text,
});

export const plannedAssetToWire = (a: PlannedAssetRecord) => ({
  ...commonToWire(a),
  reference: a.ref,
  capacity_type: a.capacityType,
  capacity_value: formatMw(a.capacityValueMilliMw),
  estimated_asset_count: a.estimatedAssetCount,
  maximum_response_time: durationOrNull(a.maximumResponseTimeSeconds),
  maximum_runtime: durationOrNull(a.maximumRuntimeSeconds),
  minimum_runtime: durationOrNull(a.minimumRuntimeSeconds),
  maximum_recovery_time: durationOrNull(a.maximumRecoveryTimeSeconds),
  competition_reference: a.competitionReference,
  operator_name: a.operatorName,
});
