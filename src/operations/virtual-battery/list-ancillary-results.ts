/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/results?start&end[&markets]
 * [&productDirections]` → `[{market, product, deliveryDay, results: [{bidID, accepted, offeredCapacity,
 * acceptedCapacity, capacityPrice, settlementPrice, energyPrice}]}]`: the TSO's results of the asset's bids on the
 * products overlapping `[start, end)` (a replaced bid keeps its result). `settlementPrice` only for FCR
 * (pay-as-cleared); null otherwise. Same query rules as `GET …/ancillary/bids`.
 */
import { Type } from "typebox";
import { listDecidedBids } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AncillaryResultsBody, AssetParams, ancillaryResultsToWire, productHead } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { AncillaryQuery, type AncillarySelection, parseAncillaryQuery } from "./ancillary-query.js";
import { ownedBidsByProduct } from "./owned.js";

/** The caller's asset's decided bids (with the TSO's results) on the selected products, grouped per product in delivery-day, market and product order. */
export async function listAncillaryResults(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; selection: AncillarySelection },
) {
  return ownedBidsByProduct(
    ctx.db.kysely,
    input.organisationId,
    input.virtualAssetId,
    input.selection,
    listDecidedBids,
  );
}

export const listAncillaryResultsOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/ancillary/results",
    {
      schema: {
        tags: ["ancillary"],
        summary: "Get the results of the ancillary bids of a virtual asset in an interval",
        params: AssetParams,
        querystring: AncillaryQuery,
        response: { 200: Type.Array(AncillaryResultsBody), ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const selection = unwrap(parseAncillaryQuery(request.query));
      const products = await listAncillaryResults(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        selection,
      });
      return products.map(({ product, bids }) => ancillaryResultsToWire(productHead(product), bids));
    },
  );
};
