/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/state-of-energy/latest` → `{soe, time}`:
 * the usable energy stored (kWh) at the last quarter-hour boundary at or before now, as projected from the asset's
 * schedules (before the lifetime: the initial state; after it: the final state).
 */
import { Type } from "typebox";
import { milliWhToKwh } from "../../domain/ancillary/soc.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { latestEnergy } from "./owned.js";

const Response = Type.Object(
  {
    soe: Type.Number({ description: "Usable energy stored, kWh", examples: [50] }),
    time: Type.String({ format: "date-time", examples: ["2023-11-11T14:30:00Z"] }),
  },
  { title: "StateOfEnergyLatest" },
);

/**
 * The caller's asset's projected usable energy at the last quarter-hour boundary at or before now, and that boundary
 * (404 if the asset is unknown or foreign).
 */
export async function getStateOfEnergyLatest(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string },
): Promise<{ energyMilliWh: number; time: string }> {
  const { energyMilliWh, time } = await latestEnergy(
    ctx.db.kysely,
    input.organisationId,
    input.virtualAssetId,
    ctx.now,
  );
  return { energyMilliWh, time };
}

export const getStateOfEnergyLatestOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/state-of-energy/latest",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get the latest state of energy of a virtual asset",
        params: AssetParams,
        response: { 200: Response, ...errorResponses(401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const { energyMilliWh, time } = await getStateOfEnergyLatest(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
      });
      return { soe: milliWhToKwh(energyMilliWh), time };
    },
  );
};
