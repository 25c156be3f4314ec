/**
 * `GET /auctions/{auctionID}` (and its alias `GET /organisations/{organisationID}/auctions/{auctionID}`) — one
 * internal auction as the caller sees it (404 if unknown). One operation at two paths (wire.ts `atBothPaths`).
 */
import { Type } from "typebox";
import {
  findInternalAuction,
  findOwnAuctionBids,
  type InternalAuctionRecord,
  type StoredAuctionBid,
} from "../../db/repositories/tso-internal-auctions.js";
import { AppError } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { AuctionParams, AuctionWire, auctionToWire } from "../../wire/auctions.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { atBothPaths } from "./at-both-paths.js";

/** One internal auction with the provider's own bid on it (404 if unknown). */
export async function getVirtualAssetAuction(
  ctx: UseCaseContext,
  input: { providerId: string; auctionId: string },
): Promise<{ auction: InternalAuctionRecord; ownBid: StoredAuctionBid | undefined }> {
  const db = ctx.db.kysely;
  const auction = await findInternalAuction(db, input.auctionId);
  if (!auction) throw new AppError("not_found", "No such auction.");
  const own = await findOwnAuctionBids(db, input.providerId, [auction.id]);
  return { auction, ownBid: own.get(auction.id) };
}

export const getInternalAuctionOperation: Operation = (app, deps) => {
  atBothPaths("/auctions/:auctionID", (url, aliased) =>
    app.get(
      url,
      {
        schema: {
          tags: ["auctions"],
          operationId: aliased ? "getOrganisationAuction" : "getAuction",
          summary: "Get one virtual-asset auction, with your bid and outcome",
          params: aliased ? AuctionParams : Type.Object({ auctionID: Id() }),
          response: { 200: AuctionWire, ...errorResponses(401, 403, 404) },
        },
        config: { auth: "provider" },
      },
      async (request) => {
        const { organisationId } = principalOf(request);
        const { auctionID } = request.params as { auctionID: string };
        const ctx = contextOf(deps);
        const { auction, ownBid } = await getVirtualAssetAuction(ctx, {
          providerId: organisationId,
          auctionId: auctionID,
        });
        return auctionToWire(auction, organisationId, ownBid, ctx.now);
      },
    ),
  );
};
