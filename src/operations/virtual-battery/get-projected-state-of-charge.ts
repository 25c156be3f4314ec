/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/state-of-charge/projected?start&end` →
 * `{stateOfChargePercentageTimeseries: [{time, soc, boundaries: {lower, upper}}]}`: the instantaneous projected state
 * of charge (percent of the available energy capacity) at every quarter-hour in `[start, end]` within the lifetime,
 * from all the asset's current schedules (the projection every state view reads, soc.ts `energyTimeline`). `start` / `end` default to 24 h before now … 48 h after.
 */
import { Type } from "typebox";
import { projectedStateOfCharge, type StateOfChargePoint } from "../../domain/ancillary/soc.js";
import { unwrap } from "../../domain/errors.js";
import { type EpochMs, toIso } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams, defaultWindow, OptionalWindowQuery, parseWindow } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { ownedAssetWithBlocks } from "./owned.js";

const Response = Type.Object({
  stateOfChargePercentageTimeseries: Type.Array(
    Type.Object({
      time: Type.String({ format: "date-time" }),
      soc: Type.Number({ description: "Percent of the available energy capacity, instantaneous at time" }),
      boundaries: Type.Object({ lower: Type.Number(), upper: Type.Number() }),
    }),
  ),
});

/** The projected state of charge of the caller's asset at every quarter-hour in the window (404 if foreign). */
export async function getProjectedStateOfCharge(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; window: { start: EpochMs; end: EpochMs } },
): Promise<StateOfChargePoint[]> {
  const { asset, blocks } = await ownedAssetWithBlocks(ctx.db.kysely, input.organisationId, input.virtualAssetId);
  return unwrap(projectedStateOfCharge(asset.spec, blocks, input.window.start, input.window.end));
}

export const getProjectedStateOfChargeOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/state-of-charge/projected",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get the projected state of charge of a virtual asset",
        params: AssetParams,
        querystring: OptionalWindowQuery,
        response: { 200: Response, ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const ctx = contextOf(deps);
      const window = unwrap(parseWindow(request.query, defaultWindow(ctx.now)));
      const points = await getProjectedStateOfCharge(ctx, {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        window,
      });
      return {
        stateOfChargePercentageTimeseries: points.map((p) => ({
          time: toIso(p.time),
          soc: p.soc,
          boundaries: { lower: p.boundaries.lower, upper: p.boundaries.upper },
        })),
      };
    },
  );
};
