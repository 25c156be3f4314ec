/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/operational/latest?categories` →
 * `{<category>: {metadata, time, value}}`: the selected operational data of the current 15-minute slot (the first
 * slot of the lifetime before it starts, the last one after it ends) — the point of `…/operational` at that slot.
 */
import {
  currentSlot,
  parseCategories,
  VIRTUAL_ASSET_CATEGORIES,
  virtualAssetOperational,
} from "../../domain/ancillary/operational.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams } from "../../wire/virtual-battery.js";
import { categoriesQuery, latestToWire, operationalLatestBody } from "../../wire/virtual-battery-state.js";
import { VIRTUAL_ASSET_CATEGORY_NAMES } from "./get-operational.js";
import { ownedAssetWithBlocks } from "./owned.js";

export const getOperationalLatest: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/operational/latest",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get the most recent operational data values of a virtual asset",
        params: AssetParams,
        querystring: categoriesQuery(VIRTUAL_ASSET_CATEGORY_NAMES),
        response: {
          200: operationalLatestBody(VIRTUAL_ASSET_CATEGORY_NAMES, "VirtualAssetOperationalDataLatest"),
          ...errorResponses(400, 401, 404),
        },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const categories = unwrap(parseCategories(request.query.categories, VIRTUAL_ASSET_CATEGORIES));
      const { asset, blocks } = await ownedAssetWithBlocks(
        deps.db.kysely,
        organisationId,
        request.params.virtualAssetID,
      );
      const now = deps.clock.now();
      const slot = currentSlot(asset.spec, now);
      const series = virtualAssetOperational(asset.spec, blocks, categories, { first: slot, last: slot }, now);
      return latestToWire(series, VIRTUAL_ASSET_CATEGORIES);
    },
  );
};
