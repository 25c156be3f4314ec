/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/operational/latest?categories` →
 * `{<category>: {metadata, time, value}}`: the selected operational data of the current 15-minute slot (the first
 * slot of the lifetime before it starts, the last one after it ends) — the point of `…/operational` at that slot.
 */
import {
  currentSlot,
  type OperationalSeries,
  parseCategories,
  VIRTUAL_ASSET_CATEGORIES,
  type VirtualAssetCategory,
  virtualAssetOperational,
} from "../../domain/ancillary/operational.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams } from "../../wire/virtual-battery.js";
import { categoriesQuery, latestToWire, operationalLatestBody } from "../../wire/virtual-battery-state.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { VIRTUAL_ASSET_CATEGORY_NAMES } from "./get-operational.js";
import { ownedAssetWithBlocks } from "./owned.js";

/** The selected operational data of the caller's asset's current slot (404 if the asset is unknown or foreign). */
export async function getOperationalLatest<C extends VirtualAssetCategory>(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; categories: readonly C[] },
): Promise<OperationalSeries<C>> {
  const { asset, blocks } = await ownedAssetWithBlocks(ctx.db.kysely, input.organisationId, input.virtualAssetId);
  const slot = currentSlot(asset.spec, ctx.now);
  return virtualAssetOperational(asset.spec, blocks, input.categories, { first: slot, last: slot }, ctx.now);
}

export const getOperationalLatestOperation: Operation = (app, deps) => {
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
      const series = await getOperationalLatest(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        categories,
      });
      return latestToWire(series, VIRTUAL_ASSET_CATEGORIES);
    },
  );
};
