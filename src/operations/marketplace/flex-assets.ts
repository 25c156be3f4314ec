/**
 * Flex assets: `POST /assets/v1/`, `GET /assets/v1/?ref=`, `GET /assets/v1/{id}/`, `PATCH /assets/v1/{id}/`.
 * Fields and rules: asset-fields.ts; schemas: asset-schemas.ts.
 */
import {
  type FlexAssetRecord,
  findFlexAsset,
  insertFlexAsset,
  listFlexAssets,
  type Page,
  updateFlexAsset,
} from "../../db/repositories/marketplace/assets.js";
import type { UseCaseContext } from "../context.js";
import { parseFlexAsset } from "./asset-fields.js";
import {
  type AssetKindSpec,
  assetOperations,
  createAssetOfKind,
  getAssetOfKind,
  listAssetsOfKind,
  updateAssetOfKind,
} from "./asset-routes.js";
import {
  type FlexAssetBody,
  FlexAssetCreateBody,
  FlexAssetPatchBody,
  FlexAssetWire,
  flexAssetToWire,
} from "./asset-schemas.js";

const FLEX_ASSETS: AssetKindSpec<FlexAssetRecord, FlexAssetBody> = {
  path: "/assets/v1/",
  tag: "assets",
  label: "flex asset",
  refField: "ref",
  createBody: FlexAssetCreateBody,
  patchBody: FlexAssetPatchBody,
  wire: FlexAssetWire,
  parse: (body: FlexAssetBody, current, ctx) => parseFlexAsset(body, current, ctx),
  toWire: flexAssetToWire,
  insert: insertFlexAsset,
  update: updateFlexAsset,
  find: findFlexAsset,
  list: (db, providerId, ref, page) => listFlexAssets(db, providerId, { ref }, page),
};

/** Creates one of the provider's flex assets (400 invalid, 409 reference taken). */
export const createProviderFlexAsset = (ctx: UseCaseContext, input: { providerId: string; body: FlexAssetBody }) =>
  createAssetOfKind(ctx, { ...input, kind: FLEX_ASSETS });

/** The provider's flex assets, optionally only the one with a reference, in chunks. */
export const listProviderFlexAssets = (
  ctx: UseCaseContext,
  input: { providerId: string; ref: string | undefined; page: Page },
) => listAssetsOfKind(ctx, { ...input, kind: FLEX_ASSETS });

/** One of the provider's flex assets (404 otherwise). */
export const getProviderFlexAsset = (ctx: UseCaseContext, input: { providerId: string; assetId: string }) =>
  getAssetOfKind(ctx, { ...input, kind: FLEX_ASSETS });

/** Changes the given fields of one of the provider's flex assets. */
export const updateProviderFlexAsset = (
  ctx: UseCaseContext,
  input: { providerId: string; assetId: string; body: FlexAssetBody },
) => updateAssetOfKind(ctx, { ...input, kind: FLEX_ASSETS });

export const [createFlexAsset, listFlexAssetsOperation, getFlexAsset, updateFlexAssetOperation] =
  assetOperations(FLEX_ASSETS);
