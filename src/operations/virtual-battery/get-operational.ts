/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/operational?categories&start&end` →
 * `{<category>: {metadata: {unit, alignment, description}, timeseries: [{time, value}]}}`: the selected operational
 * data at every 15-minute slot starting in `[start, end]` (both required) within the lifetime. The categories and
 * what each value means are in domain/ancillary/operational.ts; an unknown category → 400 naming it.
 */
import {
  parseCategories,
  slotsWithin,
  VIRTUAL_ASSET_CATEGORIES,
  virtualAssetOperational,
} from "../../domain/ancillary/operational.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams } from "../../wire/virtual-battery.js";
import {
  categoriesWindowQuery,
  operationalSeriesBody,
  parseRequiredWindow,
  seriesToWire,
} from "../../wire/virtual-battery-state.js";
import { ownedAssetWithBlocks } from "./owned.js";

export const VIRTUAL_ASSET_CATEGORY_NAMES = Object.keys(VIRTUAL_ASSET_CATEGORIES);

export const getOperational: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/operational",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get a selection of operational data of a virtual asset as a 15-minute timeseries",
        params: AssetParams,
        querystring: categoriesWindowQuery(VIRTUAL_ASSET_CATEGORY_NAMES),
        response: {
          200: operationalSeriesBody(VIRTUAL_ASSET_CATEGORY_NAMES, "VirtualAssetOperationalData"),
          ...errorResponses(400, 401, 404),
        },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const categories = unwrap(parseCategories(request.query.categories, VIRTUAL_ASSET_CATEGORIES));
      const window = unwrap(parseRequiredWindow(request.query));
      const { asset, blocks } = await ownedAssetWithBlocks(
        deps.db.kysely,
        organisationId,
        request.params.virtualAssetID,
      );
      const slots = unwrap(slotsWithin(asset.spec, window.start, window.end));
      const series = virtualAssetOperational(asset.spec, blocks, categories, slots, deps.clock.now());
      return seriesToWire(series, VIRTUAL_ASSET_CATEGORIES);
    },
  );
};
