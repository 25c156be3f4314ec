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
        const now = deps.clock.now();
        const body = await deps.db.kysely.transaction().execute(async (tx) => {
          const auction = await findInternalAuction(tx, auctionID, { lock: true });
          if (!auction) throw new AppError("not_found", "No such auction.");
          const priceCents = unwrap(parseAuctionPrice(price));
          unwrap(checkAuctionRunning(auction, now));
          await upsertAuctionBid(tx, { auctionId: auction.id, organisationId, priceCents, placedAt: now });
          const own = await findOwnAuctionBids(tx, organisationId, [auction.id]);
          return auctionToWire(auction, organisationId, own.get(auction.id), now);
        });
        return reply.code(201).send(body);
      },
    ),
  );
};
