/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/blocks/{blockID}` — one block with its power
 * capacity and schedule at the slots in `[start, end]` (default 24 h before now … 48 h after, up to its lifetime).
 */
import type { BlockSchedule } from "../../domain/ancillary/schedule.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import {
  BlockBody,
  BlockParams,
  blockToWire,
  defaultWindow,
  OptionalWindowQuery,
  parseWindow,
} from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { ownedBlock } from "./owned.js";

/** One block of the caller's virtual asset with its schedule (404 if either is unknown or foreign). */
export async function getBlock(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; blockId: string },
): Promise<BlockSchedule> {
  return ownedBlock(ctx.db.kysely, input.organisationId, {
    virtualAssetID: input.virtualAssetId,
    blockID: input.blockId,
  });
}

export const getBlockOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/blocks/:blockID",
    {
      schema: {
        tags: ["blocks"],
        summary: "Get a block",
        params: BlockParams,
        querystring: OptionalWindowQuery,
        response: { 200: BlockBody, ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const ctx = contextOf(deps);
      const window = unwrap(parseWindow(request.query, defaultWindow(ctx.now)));
      const block = await getBlock(ctx, {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        blockId: request.params.blockID,
      });
      return blockToWire(block, window);
    },
  );
};
