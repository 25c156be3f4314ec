/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/blocks` — the asset's blocks (a bare array),
 * each with its power capacity and schedule at the slots in `[start, end]` (default 24 h before now … 48 h after).
 */
import { Type } from "typebox";
import { loadBlockSchedules } from "../../db/repositories/virtual-battery/blocks.js";
import type { BlockSchedule } from "../../domain/ancillary/schedule.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import {
  AssetParams,
  BlockBody,
  blockToWire,
  defaultWindow,
  OptionalWindowQuery,
  parseWindow,
} from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { ownedAsset } from "./owned.js";

/** The blocks of the caller's virtual asset with their schedules (404 if the asset is unknown or foreign). */
export async function listBlocks(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string },
): Promise<BlockSchedule[]> {
  const db = ctx.db.kysely;
  const asset = await ownedAsset(db, input.organisationId, input.virtualAssetId);
  return loadBlockSchedules(db, asset.spec.id);
}

export const listBlocksOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/blocks",
    {
      schema: {
        tags: ["blocks"],
        summary: "Get all the blocks belonging to a virtual asset",
        params: AssetParams,
        querystring: OptionalWindowQuery,
        response: { 200: Type.Array(BlockBody), ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const ctx = contextOf(deps);
      const window = unwrap(parseWindow(request.query, defaultWindow(ctx.now)));
      const blocks = await listBlocks(ctx, { organisationId, virtualAssetId: request.params.virtualAssetID });
      return blocks.map((b) => blockToWire(b, window));
    },
  );
};
