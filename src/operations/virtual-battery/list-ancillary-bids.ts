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
import { AncillaryQuery, dayRange, groupByProduct, parseAncillaryQuery } from "./ancillary-query.js";
import { ownedAsset } from "./owned.js";

export const listAncillaryBids: Operation = (app, deps) => {
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
      const db = deps.db.kysely;
      const asset = await ownedAsset(db, organisationId, request.params.virtualAssetID);
      const range = dayRange(selection);
      const bids = await listLiveBids(db, asset.spec.id, {
        ...range,
        markets: selection.markets,
        directions: selection.directions,
      });
      return groupByProduct(selection, bids, (product, list) => ancillaryBidsToWire(productHead(product), list));
    },
  );
};
