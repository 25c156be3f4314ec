/**
 * `GET /organisations/{organisationID}/virtual-assets` — the organisation's virtual assets (a bare array), optionally
 * only those whose lifetime overlaps `[start, end)`. Each carries its blocks and the imbalance report computed from
 * the current schedules.
 */
import { Type } from "typebox";
import { loadBlockSchedulesOfAssets } from "../../db/repositories/virtual-battery/blocks.js";
import {
  listVirtualAssets as listAssets,
  type VirtualAsset,
} from "../../db/repositories/virtual-battery/virtual-assets.js";
import type { BlockSchedule } from "../../domain/ancillary/schedule.js";
import { unwrap } from "../../domain/errors.js";
import type { EpochMs } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { OptionalWindowQuery, parseBounds, VirtualAssetBody, virtualAssetToWire } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";

/**
 * The organisation's virtual assets whose lifetime overlaps the window (either bound optional), each with all its
 * blocks' schedules (read in bulk). Named apart from the repository's `listVirtualAssets`, which reads the assets only.
 */
export async function listOrganisationVirtualAssets(
  ctx: UseCaseContext,
  input: { organisationId: string; window: { start?: EpochMs; end?: EpochMs } },
): Promise<{ asset: VirtualAsset; blocks: BlockSchedule[] }[]> {
  const db = ctx.db.kysely;
  const assets = await listAssets(db, input.organisationId, input.window);
  const blocks = await loadBlockSchedulesOfAssets(
    db,
    assets.map((a) => a.spec.id),
  );
  return assets.map((asset) => ({ asset, blocks: blocks.get(asset.spec.id) ?? [] }));
}

export const listVirtualAssetsOperation: Operation = (app, deps) => {
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
      const assets = await listOrganisationVirtualAssets(contextOf(deps), { organisationId, window });
      return assets.map(({ asset, blocks }) => virtualAssetToWire(asset, blocks));
    },
  );
};
