/**
 * Planned assets (not built yet): `POST /planned-assets/v1/`, `GET /planned-assets/v1/?reference=`,
 * `GET /planned-assets/v1/{id}/`, `PATCH /planned-assets/v1/{id}/`. Fields and rules: asset-fields.ts; schemas:
 * asset-schemas.ts.
 */
import {
  findPlannedAsset,
  insertPlannedAsset,
  listPlannedAssets,
  type PlannedAssetRecord,
  updatePlannedAsset,
} from "../../db/repositories/marketplace/assets.js";
import { parsePlannedAsset } from "./asset-fields.js";
import { type AssetKindSpec, assetOperations } from "./asset-routes.js";
import {
  type PlannedAssetBody,
  PlannedAssetCreateBody,
  PlannedAssetPatchBody,
  PlannedAssetWire,
  plannedAssetToWire,
} from "./asset-schemas.js";

const PLANNED_ASSETS: AssetKindSpec<PlannedAssetRecord, PlannedAssetBody> = {
  path: "/planned-assets/v1/",
  tag: "planned assets",
  label: "planned asset",
  refField: "reference",
  createBody: PlannedAssetCreateBody,
  patchBody: PlannedAssetPatchBody,
  wire: PlannedAssetWire,
  parse: (body: PlannedAssetBody, current, ctx) => parsePlannedAsset(body, current, ctx),
  toWire: plannedAssetToWire,
  insert: insertPlannedAsset,
  update: updatePlannedAsset,
  find: findPlannedAsset,
  list: (db, providerId, reference, page) => listPlannedAssets(db, providerId, { reference }, page),
};

export const [createPlannedAsset, listPlannedAssetsOperation, getPlannedAsset, updatePlannedAssetOperation] =
  assetOperations(PLANNED_ASSETS);
