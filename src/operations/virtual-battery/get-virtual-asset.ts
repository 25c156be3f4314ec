/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}` — one virtual asset with its blocks and the
 * imbalance report computed from the current schedules.
 */
import type { VirtualAsset } from "../../db/repositories/virtual-battery/virtual-assets.js";
import type { BlockSchedule } from "../../domain/ancillary/schedule.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams, VirtualAssetBody, virtualAssetToWire } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { ownedAssetWithBlocks } from "./owned.js";

/** The caller's virtual asset with all its blocks' schedules (404 if unknown or another organisation's). */
export async function getVirtualAsset(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string },
): Promise<{ asset: VirtualAsset; blocks: BlockSchedule[] }> {
  return ownedAssetWithBlocks(ctx.db.kysely, input.organisationId, input.virtualAssetId);
}

export const getVirtualAssetOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get a virtual asset",
        params: AssetParams,
        response: { 200: VirtualAssetBody, ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const { asset, blocks } = await getVirtualAsset(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
      });
      return virtualAssetToWire(asset, blocks);
    },
  );
};
