/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/adjustments?start&end` →
 * `{adjustments: [{timestamp, blockID, acceptedSchedule, adjustedSchedule, reason}]}`: the platform's corrections of
 * accepted schedules made in `[start, end]` (both optional; default: all), oldest first.
 */
import { Type } from "typebox";
import { listAdjustments as listStored } from "../../db/repositories/virtual-battery/blocks.js";
import type { Adjustment } from "../../domain/ancillary/soc-adjustments.js";
import { unwrap } from "../../domain/errors.js";
import { type EpochMs, toIso } from "../../domain/time.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams, OptionalWindowQuery, parseBounds, SchedulePointBody } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { ownedAsset } from "./owned.js";

const Response = Type.Object({
  adjustments: Type.Array(
    Type.Object({
      timestamp: Type.String({ format: "date-time", description: "When the adjustment was made" }),
      blockID: Type.String({ description: "The adjusted block" }),
      acceptedSchedule: Type.Array(SchedulePointBody),
      adjustedSchedule: Type.Array(SchedulePointBody),
      reason: Type.Literal("STATE_OF_ENERGY_BOUNDARIES"),
    }),
  ),
});

/**
 * The platform's corrections of the caller's asset's accepted schedules made in the bounds (either optional), oldest
 * first (404 if the asset is unknown or foreign). Named apart from the repository's `listAdjustments`.
 */
export async function listScheduleAdjustments(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; bounds: { start?: EpochMs; end?: EpochMs } },
): Promise<Adjustment[]> {
  const db = ctx.db.kysely;
  const asset = await ownedAsset(db, input.organisationId, input.virtualAssetId);
  return listStored(db, asset.spec.id, input.bounds);
}

export const listAdjustmentsOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/adjustments",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get the platform's adjustments of a virtual asset's schedules",
        params: AssetParams,
        querystring: OptionalWindowQuery,
        response: { 200: Response, ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const bounds = unwrap(parseBounds(request.query));
      const adjustments = await listScheduleAdjustments(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        bounds,
      });
      const points = (list: readonly { time: number; power: number }[]) =>
        list.map((p) => ({ time: toIso(p.time), power: p.power }));
      return {
        adjustments: adjustments.map((a) => ({
          timestamp: toIso(a.timestamp),
          blockID: a.blockID,
          acceptedSchedule: points(a.acceptedSchedule),
          adjustedSchedule: points(a.adjustedSchedule),
          reason: a.reason,
        })),
      };
    },
  );
};
