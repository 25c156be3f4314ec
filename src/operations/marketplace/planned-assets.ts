/**
 * Planned assets (not built yet): `POST /planned-assets/v1/`, `GET /planned-assets/v1/?reference=`,
 * `GET /planned-assets/v1/{id}/`, `PATCH /planned-assets/v1/{id}/`. Fields and rules: asset-fields.ts; schemas:
 * asset-schemas.ts.
 */
import {
  findPlannedAsset,
  insertPlannedAsset,
  listPlannedAssets,
  type Page,
  type PlannedAssetRecord,
  updatePlannedAsset,
} from "../../db/repositories/marketplace/assets.js";
import type { UseCaseContext } from "../context.js";
import { parsePlannedAsset } from "./asset-fields.js";
import {
  type AssetKindSpec,
  assetOperations,
  createAssetOfKind,
  getAssetOfKind,
  listAssetsOfKind,
  updateAssetOfKind,
} from "./asset-routes.js";
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

/** Creates one of the provider's planned assets (400 invalid, 409 reference taken). */
export const createProviderPlannedAsset = (
  ctx: UseCaseContext,
  input: { providerId: string; body: PlannedAssetBody },
) => createAssetOfKind(ctx, { ...input, kind: PLANNED_ASSETS });

/** The provider's planned assets, optionally only the one with a reference, in chunks. */
export const listProviderPlannedAssets = (
  ctx: UseCaseContext,
  input: { providerId: string; ref: string | undefined; page: Page },
) => listAssetsOfKind(ctx, { ...input, kind: PLANNED_ASSETS });

/** One of the provider's planned assets (404 otherwise). */
export const getProviderPlannedAsset = (ctx: UseCaseContext, input: { providerId: string; assetId: string }) =>
  getAssetOfKind(ctx, { ...input, kind: PLANNED_ASSETS });

/** Changes the given fields of one of the provider's planned assets. */
export const updateProviderPlannedAsset = (
  ctx: UseCaseContext,
  input: { providerId: string; assetId: string; body: PlannedAssetBody },
) => updateAssetOfKind(ctx, { ...input, kind: PLANNED_ASSETS });

export const [createPlannedAsset, listPlannedAssetsOperation, getPlannedAsset, updatePlannedAssetOperation] =
  assetOperations(PLANNED_ASSETS);
