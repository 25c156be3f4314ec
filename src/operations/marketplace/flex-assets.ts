/**
 * Flex assets: `POST /assets/v1/`, `GET /assets/v1/?ref=`, `GET /assets/v1/{id}/`, `PATCH /assets/v1/{id}/`.
 * Fields and rules: asset-fields.ts; schemas: asset-schemas.ts.
 */
import {
  type FlexAssetRecord,
  findFlexAsset,
  insertFlexAsset,
  listFlexAssets,
  updateFlexAsset,
} from "../../db/repositories/marketplace/assets.js";
import { parseFlexAsset } from "./asset-fields.js";
import { type AssetKindSpec, assetOperations } from "./asset-routes.js";
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

export const [createFlexAsset, listFlexAssetsOperation, getFlexAsset, updateFlexAssetOperation] =
  assetOperations(FLEX_ASSETS);
