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
import { AncillaryQuery, dayRange, groupByProduct, parseAncillaryQuery } from "./ancillary-query.js";
import { AssetParams, NullableNumber, ownedAsset, resultToWire } from "./wire.js";

const ResultBody = Type.Object({
  bidID: Type.String({ format: "uuid" }),
  accepted: Type.Boolean(),
  offeredCapacity: Type.Number({ description: "kW" }),
  acceptedCapacity: Type.Number({ description: "kW" }),
  capacityPrice: NullableNumber("As bid: EUR/MW (FCR), EUR/MW/h (aFRR capacity); null for aFRR energy"),
  settlementPrice: NullableNumber("FCR only (pay-as-cleared): the marginal price in EUR/MW; null otherwise"),
  energyPrice: NullableNumber("As bid: EUR/MWh (aFRR capacity and energy); null for FCR"),
});

const AncillaryResultsBody = Type.Object({
  market: Type.Union([Type.Literal("FCR"), Type.Literal("AFRRCapacity"), Type.Literal("AFRREnergy")]),
  product: Type.String(),
  deliveryDay: Type.String({ format: "date" }),
  results: Type.Array(ResultBody),
});

export const listAncillaryResults: Operation = (app, deps) => {
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
      const db = deps.db.kysely;
      const asset = await ownedAsset(db, organisationId, request.params.virtualAssetID);
      const range = dayRange(selection);
      const bids = await listDecidedBids(db, asset.spec.id, {
        ...range,
        markets: selection.markets,
        directions: selection.directions,
      });
      return groupByProduct(selection, bids, (product, list) => ({
        market: product.market,
        product: product.code,
        deliveryDay: product.deliveryDay,
        results: list.map(resultToWire),
      }));
    },
  );
};
