/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/blocks/{blockID}/operational/latest
 * ?categories` → `{<category>: {metadata, time, value}}`: the selected operational data of the block's current
 * 15-minute slot (its first slot before it starts, its last after it ends).
 */
import {
  BLOCK_CATEGORIES,
  type BlockCategory,
  blockSeries,
  currentBlockSlot,
  type OperationalSeries,
  parseCategories,
} from "../../domain/ancillary/operational.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { BlockParams } from "../../wire/virtual-battery.js";
import { categoriesQuery, latestToWire, operationalLatestBody } from "../../wire/virtual-battery-state.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { BLOCK_CATEGORY_NAMES } from "./get-block-operational.js";
import { ownedBlock } from "./owned.js";

/** The selected operational data of the caller's block's current slot (404 if the asset or block is unknown/foreign). */
export async function getBlockOperationalLatest<C extends BlockCategory>(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; blockId: string; categories: readonly C[] },
): Promise<OperationalSeries<C>> {
  const { block, schedule } = await ownedBlock(ctx.db.kysely, input.organisationId, {
    virtualAssetID: input.virtualAssetId,
    blockID: input.blockId,
  });
  const slot = currentBlockSlot(block, ctx.now);
  return blockSeries(block, schedule, input.categories, slot, slot);
}

export const getBlockOperationalLatestOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/blocks/:blockID/operational/latest",
    {
      schema: {
        tags: ["blocks"],
        summary: "Get the most recent operational data values of a block",
        params: BlockParams,
        querystring: categoriesQuery(BLOCK_CATEGORY_NAMES),
        response: {
          200: operationalLatestBody(BLOCK_CATEGORY_NAMES, "BlockOperationalDataLatest"),
          ...errorResponses(400, 401, 404),
        },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const categories = unwrap(parseCategories(request.query.categories, BLOCK_CATEGORIES));
      const series = await getBlockOperationalLatest(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        blockId: request.params.blockID,
        categories,
      });
      return latestToWire(series, BLOCK_CATEGORIES);
    },
  );
};
