/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}` — one virtual asset with its blocks and the
 * imbalance report computed from the current schedules.
 */
import { loadBlockSchedules } from "../../db/repositories/virtual-battery/blocks.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams, VirtualAssetBody, virtualAssetToWire } from "../../wire/virtual-battery.js";
import { ownedAsset } from "./owned.js";

export const getVirtualAsset: Operation = (app, deps) => {
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
      const db = deps.db.kysely;
      const asset = await ownedAsset(db, organisationId, request.params.virtualAssetID);
      return virtualAssetToWire(asset, await loadBlockSchedules(db, asset.spec.id));
    },
  );
};
