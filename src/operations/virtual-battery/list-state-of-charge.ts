/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/state-of-charge?start&end` →
 * `{stateOfChargePercentageTimeseries: [{time, stateOfChargePercentage}]}`, right-aligned to the 15-minute trading
 * windows: the point at 14:30 with 23.5 is the state of charge projected for 14:45, the end of the window starting
 * at 14:30 (the operational category `stateOfCharge`). Every window starting in `[start, end]` within the lifetime;
 * `start` / `end` default to 24 h before now … 48 h after.
 */
import { Type } from "typebox";
import { type OperationalSeries, slotsWithin, virtualAssetOperational } from "../../domain/ancillary/operational.js";
import { unwrap } from "../../domain/errors.js";
import { type EpochMs, toIso } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams, defaultWindow, OptionalWindowQuery, parseWindow } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
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

/** The caller's asset's state of charge at the end of every window starting in `window` (404 if foreign). */
export async function listStateOfCharge(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; window: { start: EpochMs; end: EpochMs } },
): Promise<OperationalSeries<"stateOfCharge">> {
  const { asset, blocks } = await ownedAssetWithBlocks(ctx.db.kysely, input.organisationId, input.virtualAssetId);
  const slots = unwrap(slotsWithin(asset.spec, input.window.start, input.window.end));
  return virtualAssetOperational(asset.spec, blocks, ["stateOfCharge"], slots, ctx.now);
}

export const listStateOfChargeOperation: Operation = (app, deps) => {
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
      const ctx = contextOf(deps);
      const window = unwrap(parseWindow(request.query, defaultWindow(ctx.now)));
      const series = await listStateOfCharge(ctx, {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        window,
      });
      return {
        stateOfChargePercentageTimeseries: series.times.map((time, k) => ({
          time: toIso(time),
          stateOfChargePercentage: series.values.stateOfCharge[k]!,
        })),
      };
    },
  );
};
