/**
 * `GET /organisations/{organisationID}/virtual-assets` — the organisation's virtual assets (a bare array), optionally
 * only those whose lifetime overlaps `[start, end)`. Each carries its blocks and the imbalance report computed from
 * the current schedules.
 */
import { Type } from "typebox";
import { loadBlockSchedulesOfAssets } from "../../db/repositories/virtual-battery/blocks.js";
import { listVirtualAssets as listAssets } from "../../db/repositories/virtual-battery/virtual-assets.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { OptionalWindowQuery, parseBounds, VirtualAssetBody, virtualAssetToWire } from "../../wire/virtual-battery.js";

export const listVirtualAssets: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get all the virtual assets belonging to an organisation",
        params: Type.Object({ organisationID: Id() }),
        querystring: OptionalWindowQuery,
        response: { 200: Type.Array(VirtualAssetBody), ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const window = unwrap(parseBounds(request.query));
      const db = deps.db.kysely;
      const assets = await listAssets(db, organisationId, window);
      const blocks = await loadBlockSchedulesOfAssets(
        db,
        assets.map((a) => a.spec.id),
      );
      return assets.map((a) => virtualAssetToWire(a, blocks.get(a.spec.id) ?? []));
    },
  );
};
