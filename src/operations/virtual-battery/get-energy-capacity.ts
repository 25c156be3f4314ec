/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/energy-capacity?start&end` →
 * `{energyCapacityTimeseries: [{time, energyCapacity, availableEnergyCapacity}], unitsEnergy: "kWh"}`: the rated
 * and the available (usable) energy capacity of every 15-minute slot starting in `[start, end]` (both required)
 * within the lifetime — the operational categories `energyCapacityRated` and `energyCapacityAvailable`.
 */
import { Type } from "typebox";
import { type OperationalSeries, slotsWithin, virtualAssetOperational } from "../../domain/ancillary/operational.js";
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
    energyCapacityTimeseries: Type.Array(
      Type.Object({
        time: Type.String({ format: "date-time", description: "Start of the 15-minute slot" }),
        energyCapacity: Type.Number({ description: "Rated energy capacity, kWh" }),
        availableEnergyCapacity: Type.Number({ description: "Usable energy capacity, kWh" }),
      }),
    ),
    unitsEnergy: Type.Literal("kWh"),
  },
  { title: "EnergyCapacityTimeseries" },
);

/** The rated and usable energy capacity of the caller's asset at every slot starting in the window (404 if foreign). */
export async function getEnergyCapacity(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; window: { start: EpochMs; end: EpochMs } },
): Promise<OperationalSeries<"energyCapacityRated" | "energyCapacityAvailable">> {
  const { asset, blocks } = await ownedAssetWithBlocks(ctx.db.kysely, input.organisationId, input.virtualAssetId);
  const slots = unwrap(slotsWithin(asset.spec, input.window.start, input.window.end));
  return virtualAssetOperational(
    asset.spec,
    blocks,
    ["energyCapacityRated", "energyCapacityAvailable"],
    slots,
    ctx.now,
  );
}

export const getEnergyCapacityOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/energy-capacity",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get the rated and usable energy capacity of a virtual asset as a timeseries",
        params: AssetParams,
        querystring: WindowQuery,
        response: { 200: Response, ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const window = unwrap(parseRequiredWindow(request.query));
      const { times, values } = await getEnergyCapacity(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        window,
      });
      return {
        energyCapacityTimeseries: times.map((time, k) => ({
          time: toIso(time),
          energyCapacity: values.energyCapacityRated[k]!,
          availableEnergyCapacity: values.energyCapacityAvailable[k]!,
        })),
        unitsEnergy: "kWh" as const,
      };
    },
  );
};
