/**
 * `GET /tso/v1/auctions?deliveryDay=YYYY-MM-DD` — the TSO sandbox market's outcome for one delivery day (Europe/Berlin):
 * every auction that has cleared (FCR, aFRR capacity per direction, aFRR energy per quarter-hour) with its demand,
 * activated volume, accepted volume, clearing price and merit order, synthetic competitors included.
 * System operators only (a provider → 403). Provider bids are anonymised as a TSO publishes them
 * (`source: "provider"`, no bid id, no organisation); synthetic bids keep their ids. Units as the virtual-battery
 * API: kW and EUR as JSON numbers (EUR/MW per block for FCR, EUR/MW/h for aFRR capacity, EUR/MWh for aFRR energy).
 */
import { Type } from "typebox";
import { listTsoAuctions, type TsoAuctionRecord } from "../../db/repositories/tso-auctions.js";
import { parseDeliveryDay } from "../../domain/ancillary/products.js";
import { unwrap } from "../../domain/errors.js";
import { MAX_DATE_LENGTH } from "../../domain/limits.js";
import { MARKETS, type Market } from "../../domain/markets/catalogue.js";
import { toIso } from "../../domain/time.js";
import { centsToEur } from "../../domain/units.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { contextOf, type UseCaseContext } from "../context.js";

const NullableNumber = (description: string) => Type.Unsafe<number | null>({ type: ["number", "null"], description });

const MeritEntryWire = Type.Object({
  rank: Type.Integer({ description: "1 = cheapest (price, then earliest bid, then lowest id)" }),
  source: Type.Union([Type.Literal("provider"), Type.Literal("synthetic")]),
  bidID: Type.Unsafe<string | null>({ type: ["string", "null"], description: "Synthetic bids only" }),
  price: Type.Number({ description: "The price the market ranks on, EUR" }),
  offeredCapacity: Type.Number({ description: "kW" }),
  acceptedCapacity: Type.Number({ description: "kW" }),
  accepted: Type.Boolean(),
  pricePaid: NullableNumber("EUR per unit paid: the clearing price, or the bid's own under pay-as-bid"),
});

const AuctionWire = Type.Object({
  market: Type.Unsafe<Market>(Type.Union(MARKETS.map((m) => Type.Literal(m)))),
  product: Type.String(),
  deliveryDay: Type.String({ format: "date" }),
  productDateCode: Type.String(),
  direction: Type.Union([Type.Literal("POS"), Type.Literal("NEG"), Type.Literal("NEGPOS")]),
  start: Type.String({ format: "date-time" }),
  end: Type.String({ format: "date-time" }),
  auctionTime: Type.String({ format: "date-time", description: "TSO gate (aFRR energy: the quarter-hour's end)" }),
  clearedAt: Type.String({ format: "date-time" }),
  mechanism: Type.String({ description: "pay-as-cleared, pay-as-bid or marginal-energy" }),
  seed: Type.Integer({ description: "Derived from the product date code: the auction is reproducible" }),
  demand: Type.Number({ description: "kW (aFRR energy: the quarter-hour's maximum activation)" }),
  activatedVolume: Type.Number({ description: "kW bought: the activation for aFRR energy, the demand otherwise" }),
  acceptedVolume: Type.Number({ description: "kW" }),
  clearingPrice: NullableNumber("EUR: the marginal accepted price; null when nothing was accepted"),
  providerBids: Type.Integer(),
  syntheticBids: Type.Integer(),
  meritOrder: Type.Array(MeritEntryWire),
});

const eurOrNull = (cents: number | null) => (cents === null ? null : centsToEur(cents));

export function auctionToWire(a: TsoAuctionRecord) {
  return {
    market: a.market,
    product: a.product,
    deliveryDay: a.deliveryDay,
    productDateCode: a.productDateCode,
    direction: a.direction,
    start: toIso(a.productStart),
    end: toIso(a.productEnd),
    auctionTime: toIso(a.auctionAt),
    clearedAt: toIso(a.clearedAt),
    mechanism: a.mechanism,
    seed: a.seed,
    demand: a.demandKw,
    activatedVolume: a.requestedKw,
    acceptedVolume: a.acceptedKw,
    clearingPrice: eurOrNull(a.clearingPriceCents),
    providerBids: a.realBidCount,
    syntheticBids: a.syntheticBidCount,
    meritOrder: a.meritOrder.map((e) => ({
      rank: e.rank,
      source: e.synthetic ? ("synthetic" as const) : ("provider" as const),
      bidID: e.synthetic ? e.bidId : null,
      price: centsToEur(e.priceCents),
      offeredCapacity: e.offeredKw,
      acceptedCapacity: e.acceptedKw,
      accepted: e.accepted,
      pricePaid: eurOrNull(e.pricePaidCents),
    })),
  };
}

/** The TSO sandbox market's cleared auctions of one delivery day (`YYYY-MM-DD`, Europe/Berlin; 400 otherwise). */
export async function listClearedTsoAuctions(
  ctx: UseCaseContext,
  input: { deliveryDay: string },
): Promise<TsoAuctionRecord[]> {
  const deliveryDay = unwrap(parseDeliveryDay(input.deliveryDay));
  return listTsoAuctions(ctx.db.kysely, deliveryDay);
}

export const listAuctions: Operation = (app, deps) => {
  app.get(
    "/tso/v1/auctions",
    {
      schema: {
        tags: ["tso"],
        summary: "The TSO sandbox market's auctions of a delivery day (clearing price, demand, merit order)",
        querystring: Type.Object(
          {
            deliveryDay: Type.String({
              maxLength: MAX_DATE_LENGTH,
              description: "YYYY-MM-DD, Europe/Berlin",
              examples: ["2026-06-03"],
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(AuctionWire), ...errorResponses(400, 401, 403) },
      },
      config: { auth: "system_operator" },
    },
    async (request) => {
      const auctions = await listClearedTsoAuctions(contextOf(deps), { deliveryDay: request.query.deliveryDay });
      return auctions.map(auctionToWire);
    },
  );
};
