/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/operational?categories&start&end` →
 * `{<category>: {metadata: {unit, alignment, description}, timeseries: [{time, value}]}}`: the selected operational
 * data at every 15-minute slot starting in `[start, end]` (both required) within the lifetime. The categories and
 * what each value means are in domain/ancillary/operational.ts; an unknown category → 400 naming it.
 */
import {
  type OperationalSeries,
  parseCategories,
  slotsWithin,
  VIRTUAL_ASSET_CATEGORIES,
  type VirtualAssetCategory,
  virtualAssetOperational,
} from "../../domain/ancillary/operational.js";
import { unwrap } from "../../domain/errors.js";
import type { EpochMs } from "../../domain/time.js";
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
import { contextOf, type UseCaseContext } from "../context.js";
import { ownedAssetWithBlocks } from "./owned.js";

export const VIRTUAL_ASSET_CATEGORY_NAMES = Object.keys(VIRTUAL_ASSET_CATEGORIES);

/** The selected operational data of the caller's asset at every slot starting in the window (404 if foreign). */
export async function getOperational<C extends VirtualAssetCategory>(
  ctx: UseCaseContext,
  input: {
    organisationId: string;
    virtualAssetId: string;
    categories: readonly C[];
    window: { start: EpochMs; end: EpochMs };
  },
): Promise<OperationalSeries<C>> {
  const { asset, blocks } = await ownedAssetWithBlocks(ctx.db.kysely, input.organisationId, input.virtualAssetId);
  const slots = unwrap(slotsWithin(asset.spec, input.window.start, input.window.end));
  return virtualAssetOperational(asset.spec, blocks, input.categories, slots, ctx.now);
}

export const getOperationalOperation: Operation = (app, deps) => {
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
      const series = await getOperational(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        categories,
        window,
      });
      return seriesToWire(series, VIRTUAL_ASSET_CATEGORIES);
    },
  );
};
