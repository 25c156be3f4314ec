/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/state-of-charge/projected?start&end` →
 * `{stateOfChargePercentageTimeseries: [{time, soc, boundaries: {lower, upper}}]}`: the instantaneous projected state
 * of charge (percent of the available energy capacity) at every quarter-hour in `[start, end]` within the lifetime,
 * from all the asset's current schedules (the projection every state view reads, soc.ts `energyTimeline`). `start` / `end` default to 24 h before now … 48 h after.
 */
import { Type } from "typebox";
import { projectedStateOfCharge } from "../../domain/ancillary/soc.js";
import { unwrap } from "../../domain/errors.js";
import { toIso } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams, defaultWindow, OptionalWindowQuery, parseWindow } from "../../wire/virtual-battery.js";
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

export const getProjectedStateOfCharge: Operation = (app, deps) => {
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
      const window = unwrap(parseWindow(request.query, defaultWindow(deps.clock.now())));
      const { asset, blocks } = await ownedAssetWithBlocks(
        deps.db.kysely,
        organisationId,
        request.params.virtualAssetID,
      );
      const points = unwrap(projectedStateOfCharge(asset.spec, blocks, window.start, window.end));
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
