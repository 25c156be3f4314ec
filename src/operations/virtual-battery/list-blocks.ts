/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/blocks` — the asset's blocks (a bare array),
 * each with its power capacity and schedule at the slots in `[start, end]` (default 24 h before now … 48 h after).
 */
import { Type } from "typebox";
import { loadBlockSchedules } from "../../db/repositories/virtual-battery/blocks.js";
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
import { ownedAsset } from "./owned.js";

export const listBlocks: Operation = (app, deps) => {
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
      const window = unwrap(parseWindow(request.query, defaultWindow(deps.clock.now())));
      const db = deps.db.kysely;
      const asset = await ownedAsset(db, organisationId, request.params.virtualAssetID);
      const blocks = await loadBlockSchedules(db, asset.spec.id);
      return blocks.map((b) => blockToWire(b, window));
    },
  );
};
