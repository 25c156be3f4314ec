/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/state-of-charge/latest` → `{soc, time}`:
 * the state of charge (percent of the available energy capacity) at the last quarter-hour boundary at or before
 * now; the same state as `…/state-of-energy/latest`, in percent.
 */
import { Type } from "typebox";
import { percentOfAvailable } from "../../domain/ancillary/soc.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AssetParams } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { latestEnergy } from "./owned.js";

const Response = Type.Object(
  {
    soc: Type.Number({ description: "Percent of the available energy capacity", examples: [50] }),
    time: Type.String({ format: "date-time", examples: ["2023-11-11T14:30:00Z"] }),
  },
  { title: "StateOfChargeLatest" },
);

/**
 * The caller's asset's state of charge (percent of the available energy capacity) at the last quarter-hour boundary
 * at or before now, and that boundary (404 if the asset is unknown or foreign).
 */
export async function getStateOfChargeLatest(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string },
): Promise<{ percent: number; time: string }> {
  const { asset, energyMilliWh, time } = await latestEnergy(
    ctx.db.kysely,
    input.organisationId,
    input.virtualAssetId,
    ctx.now,
  );
  return { percent: percentOfAvailable(asset.spec, energyMilliWh), time };
}

export const getStateOfChargeLatestOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/state-of-charge/latest",
    {
      schema: {
        tags: ["virtual-assets"],
        summary: "Get the latest state of charge of a virtual asset",
        params: AssetParams,
        response: { 200: Response, ...errorResponses(401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const { percent, time } = await getStateOfChargeLatest(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
      });
      return { soc: percent, time };
    },
  );
};
