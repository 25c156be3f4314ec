/**
 * `GET /organisations/{organisationID}/virtual-assets/{virtualAssetID}/ancillary/bids?start&end[&markets]
 * [&productDirections]` (terralayr API; docs/wire-compatibility.md) → `[{market, product, deliveryDay, bids: [{bidID, offeredCapacity, capacityPrice,
 * energyPrice, status}]}]`: the live bids of the products overlapping `[start, end)`, in delivery-day, market and
 * product order; products without a bid are left out. FCR: energyPrice null; aFRR energy: capacityPrice null; aFRR
 * capacity: energyPrice is the price of its 16 implicit energy bids (which are listed under aFRR energy too).
 */
import { Type } from "typebox";
import { listLiveBids } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { unwrap } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AncillaryBidsBody, AssetParams, ancillaryBidsToWire, productHead } from "../../wire/virtual-battery.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { AncillaryQuery, type AncillarySelection, parseAncillaryQuery } from "./ancillary-query.js";
import { ownedBidsByProduct } from "./owned.js";

/** The caller's asset's live bids on the selected products, grouped per product in delivery-day, market and product order. */
export async function listAncillaryBids(
  ctx: UseCaseContext,
  input: { organisationId: string; virtualAssetId: string; selection: AncillarySelection },
) {
  return ownedBidsByProduct(ctx.db.kysely, input.organisationId, input.virtualAssetId, input.selection, listLiveBids);
}

export const listAncillaryBidsOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/virtual-assets/:virtualAssetID/ancillary/bids",
    {
      schema: {
        tags: ["ancillary"],
        summary: "Get all ancillary bids for a given virtual asset and interval",
        params: AssetParams,
        querystring: AncillaryQuery,
        response: { 200: Type.Array(AncillaryBidsBody), ...errorResponses(400, 401, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const selection = unwrap(parseAncillaryQuery(request.query));
      const products = await listAncillaryBids(contextOf(deps), {
        organisationId,
        virtualAssetId: request.params.virtualAssetID,
        selection,
      });
      return products.map(({ product, bids }) => ancillaryBidsToWire(productHead(product), bids));
    },
  );
};
