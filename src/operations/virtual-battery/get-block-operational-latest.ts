/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/blocks/{blockID}/operational/latest
 * ?categories` → `{<category>: {metadata, time, value}}`: the selected operational data of the block's current
 * 15-minute slot (its first slot before it starts, its last after it ends).
 */
import {
  BLOCK_CATEGORIES,
  blockSeries,
  currentBlockSlot,
  parseCategories,
} from "../../domain/ancillary/operational.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { BlockParams } from "../../wire/virtual-battery.js";
import { categoriesQuery, latestToWire, operationalLatestBody } from "../../wire/virtual-battery-state.js";
import { BLOCK_CATEGORY_NAMES } from "./get-block-operational.js";
import { ownedBlock } from "./owned.js";

export const getBlockOperationalLatest: Operation = (app, deps) => {
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
      const { block, schedule } = await ownedBlock(deps.db.kysely, organisationId, request.params);
      const slot = currentBlockSlot(block, deps.clock.now());
      return latestToWire(blockSeries(block, schedule, categories, slot, slot), BLOCK_CATEGORIES);
    },
  );
};
