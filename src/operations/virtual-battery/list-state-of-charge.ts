/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/state-of-charge?start&end` →
 * `{stateOfChargePercentageTimeseries: [{time, stateOfChargePercentage}]}`, right-aligned to the 15-minute trading
 * windows: the point at 14:30 with 23.5 is the state of charge projected for 14:45, the end of the window starting
 * at 14:30 (the operational category `stateOfCharge`). Every window starting in `[start, end]` within the lifetime;
 * `start` / `end` default to 24 h before now … 48 h after.
 */
import { Type } from "typebox";
import { slotsWithin, virtualAssetOperational } from "../../domain/ancillary/operational.js";
import { unwrap } from "../../domain/errors.js";
import { toIso } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams, defaultWindow, OptionalWindowQuery, parseWindow } from "../../wire/virtual-battery.js";
import { ownedAssetWithBlocks } from "./owned.js";

const Response = Type.Object(
  {
    stateOfChargePercentageTimeseries: Type.Array(
      Type.Object({
        time: Type.String({ format: "date-time", description: "Start of the 15-minute window" }),
        stateOfChargePercentage: Type.Number({
          description: "Percent of the available energy capacity at the END of the window",
          examples: [23.5],
        }),
      }),
    ),
  },
  { title: "StateOfChargeTimeseries" },
);

export const listStateOfCharge: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/state-of-charge",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get the state of charge of a virtual asset as a right-aligned timeseries",
        params: AssetParams,
        querystring: OptionalWindowQuery,
        response: { 200: Response, ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const now = deps.clock.now();
      const window = unwrap(parseWindow(request.query, defaultWindow(now)));
      const { asset, blocks } = await ownedAssetWithBlocks(
        deps.db.kysely,
        organisationId,
        request.params.virtualAssetID,
      );
      const slots = unwrap(slotsWithin(asset.spec, window.start, window.end));
      const series = virtualAssetOperational(asset.spec, blocks, ["stateOfCharge"], slots, now);
      return {
        stateOfChargePercentageTimeseries: series.times.map((time, k) => ({
          time: toIso(time),
          stateOfChargePercentage: series.values.stateOfCharge[k]!,
        })),
      };
    },
  );
};
