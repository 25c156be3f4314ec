/**
 * `POST /auctions/{auctionID}/bids {price}` (and its alias under `/organisations/{organisationID}/`) → 201 with the auction as the caller now sees
 * it. Only while the auction is running (`auction_not_running`); `price` in EUR (JSON number or decimal string),
 * > 0 and ≤ 10,000,000 with at most 2 decimals (`auction_price_invalid`). A new bid replaces the caller's earlier one.
 * The check and the write run in one transaction holding the auction's row lock, so no bid lands after the decision.
 * One operation at two paths (wire.ts `atBothPaths`).
 */
import { Type } from "typebox";
import {
  findInternalAuction,
  findOwnAuctionBids,
  type InternalAuctionRecord,
  type StoredAuctionBid,
  upsertAuctionBid,
} from "../../db/repositories/tso-internal-auctions.js";
import { checkAuctionRunning, parseAuctionPrice } from "../../domain/clearing/internal-auction.js";
import { AppError, unwrap } from "../../domain/errors.js";
import { MAX_DECIMAL_LENGTH } from "../../domain/limits.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { AuctionParams, AuctionWire, auctionToWire } from "../../wire/auctions.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { atBothPaths } from "./at-both-paths.js";

const Body = Type.Object(
  {
    price: Type.Union([Type.Number(), Type.String({ maxLength: MAX_DECIMAL_LENGTH })], {
      description: "EUR, ≤ 10,000,000, at most 2 decimals",
      examples: [1250.5],
    }),
  },
  { additionalProperties: false },
);

/**
 * Places (or replaces) the provider's bid on a running auction, under the auction's row lock; returns the auction
 * with the provider's bid as stored.
 */
export async function placeVirtualAssetAuctionBid(
  ctx: UseCaseContext,
  input: { providerId: string; auctionId: string; price: number | string },
): Promise<{ auction: InternalAuctionRecord; ownBid: StoredAuctionBid | undefined }> {
  const organisationId = input.providerId;
  const now = ctx.now;
  return ctx.db.kysely.transaction().execute(async (tx) => {
    const auction = await findInternalAuction(tx, input.auctionId, { lock: true });
    if (!auction) throw new AppError("not_found", "No such auction.");
    const priceCents = unwrap(parseAuctionPrice(input.price));
    unwrap(checkAuctionRunning(auction, now));
    await upsertAuctionBid(tx, { auctionId: auction.id, organisationId, priceCents, placedAt: now });
    const own = await findOwnAuctionBids(tx, organisationId, [auction.id]);
    return { auction, ownBid: own.get(auction.id) };
  });
}

export const placeInternalAuctionBidOperation: Operation = (app, deps) => {
  atBothPaths("/auctions/:auctionID/bids", (url, aliased) =>
    app.post(
      url,
      {
        schema: {
          tags: ["auctions"],
          operationId: aliased ? "placeOrganisationAuctionBid" : "placeAuctionBid",
          summary: "Bid on a running virtual-asset auction (your latest bid counts; the highest wins)",
          params: aliased ? AuctionParams : Type.Object({ auctionID: Id() }),
          body: Body,
          response: { 201: AuctionWire, ...errorResponses(400, 401, 403, 404) },
        },
        config: { auth: "provider" },
      },
      async (request, reply) => {
        const { organisationId } = principalOf(request);
        const { auctionID } = request.params as { auctionID: string };
        const { price } = request.body as { price: number | string };
        const ctx = contextOf(deps);
        const { auction, ownBid } = await placeVirtualAssetAuctionBid(ctx, {
          providerId: organisationId,
          auctionId: auctionID,
          price,
        });
        return reply.code(201).send(auctionToWire(auction, organisationId, ownBid, ctx.now));
      },
    ),
  );
};
