/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/state-of-energy/projected?start&end` →
 * `{stateOfEnergyTimeseries: [{boundaries: {lower, upper}, soe, time}]}`: the projected usable energy (kWh),
 * instantaneous at every quarter-hour boundary in `[start, end]` (both required) within the lifetime, with the
 * limits it must stay in; the same projection as `…/state-of-charge/projected`, in kWh.
 */
import { Type } from "typebox";
import {
  type EnergyBounds,
  energyTimeline,
  milliWhToKwh,
  type ProjectedStatePoint,
  projectedStates,
} from "../../domain/ancillary/soc.js";
import { unwrap } from "../../domain/errors.js";
import { type EpochMs, toIso } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams } from "../../wire/virtual-battery.js";
import { parseRequiredWindow, WindowQuery } from "../../wire/virtual-battery-state.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { ownedAssetWithBlocks } from "./owned.js";

const Response = Type.Object(
  {
    stateOfEnergyTimeseries: Type.Array(
      Type.Object({
        boundaries: Type.Object({
          lower: Type.Number({ description: "kWh" }),
          upper: Type.Number({ description: "kWh" }),
        }),
        soe: Type.Number({ description: "Usable energy stored, kWh, instantaneous at time" }),
        time: Type.String({ format: "date-time" }),
      }),
    ),
  },
  { title: "ProjectedStateOfEnergy" },
);

/**
 * The projected usable energy of the caller's asset at every quarter-hour boundary in the window, with the limits it
 * must stay in (404 if the asset is unknown or foreign).
 */
export async function getProjectedStateOfEnergy(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; window: { start: EpochMs; end: EpochMs } },
): Promise<{ bounds: EnergyBounds; points: ProjectedStatePoint[] }> {
  const { asset, blocks } = await ownedAssetWithBlocks(ctx.db.kysely, input.organisationId, input.virtualAssetId);
  const timeline = energyTimeline(asset.spec, blocks);
  return { bounds: timeline.bounds, points: unwrap(projectedStates(timeline, input.window.start, input.window.end)) };
}

export const getProjectedStateOfEnergyOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/state-of-energy/projected",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get the projected state of energy of a virtual asset",
        params: AssetParams,
        querystring: WindowQuery,
        response: { 200: Response, ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const window = unwrap(parseRequiredWindow(request.query));
      const { bounds, points } = await getProjectedStateOfEnergy(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        window,
      });
      const boundaries = {
        lower: milliWhToKwh(bounds.lowerMilliWh),
        upper: milliWhToKwh(bounds.upperMilliWh),
      };
      return {
        stateOfEnergyTimeseries: points.map((p) => ({
          boundaries,
          soe: milliWhToKwh(p.energyMilliWh),
          time: toIso(p.time),
        })),
      };
    },
  );
};
