/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/blocks/{blockID}/operational?categories&start
 * &end` → `{<category>: {metadata, timeseries: [{time, value}]}}`: the selected operational data of one block at
 * every 15-minute slot starting in `[start, end]` (both required) within its lifetime (categories in
 * domain/ancillary/operational.ts; an unknown one → 400 naming it).
 */
import {
  BLOCK_CATEGORIES,
  type BlockCategory,
  blockOperational,
  type OperationalSeries,
  parseCategories,
} from "../../domain/ancillary/operational.js";
import { unwrap } from "../../domain/errors.js";
import type { EpochMs } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { BlockParams } from "../../wire/virtual-battery.js";
import {
  categoriesWindowQuery,
  operationalSeriesBody,
  parseRequiredWindow,
  seriesToWire,
} from "../../wire/virtual-battery-state.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { ownedBlock } from "./owned.js";

export const BLOCK_CATEGORY_NAMES = Object.keys(BLOCK_CATEGORIES);

/** The selected operational data of the caller's block at every slot starting in the window (404 if foreign). */
export async function getBlockOperational<C extends BlockCategory>(
  ctx: UseCaseContext,
  input: {
    organisationId: string;
    virtualAssetId: string;
    blockId: string;
    categories: readonly C[];
    window: { start: EpochMs; end: EpochMs };
  },
): Promise<OperationalSeries<C>> {
  const block = await ownedBlock(ctx.db.kysely, input.organisationId, {
    virtualAssetID: input.virtualAssetId,
    blockID: input.blockId,
  });
  return unwrap(blockOperational(block, input.categories, input.window.start, input.window.end));
}

export const getBlockOperationalOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/blocks/:blockID/operational",
    {
      schema: {
        tags: ["blocks"],
        summary: "Get a selection of operational data of a block as a 15-minute timeseries",
        params: BlockParams,
        querystring: categoriesWindowQuery(BLOCK_CATEGORY_NAMES),
        response: {
          200: operationalSeriesBody(BLOCK_CATEGORY_NAMES, "BlockOperationalData"),
          ...errorResponses(400, 401, 404),
        },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const categories = unwrap(parseCategories(request.query.categories, BLOCK_CATEGORIES));
      const window = unwrap(parseRequiredWindow(request.query));
      const series = await getBlockOperational(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        blockId: request.params.blockID,
        categories,
        window,
      });
      return seriesToWire(series, BLOCK_CATEGORIES);
    },
  );
};
