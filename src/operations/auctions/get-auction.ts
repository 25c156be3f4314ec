/**
 * `GET /auctions/{auctionID}` (and its alias `GET /organisations/{organisationID}/auctions/{auctionID}`) — one
 * internal auction as the caller sees it (404 if unknown). One operation at two paths (wire.ts `atBothPaths`).
 */
import { Type } from "typebox";
import { findInternalAuction, findOwnAuctionBids } from "../../db/repositories/tso-internal-auctions.js";
import { AppError } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { AuctionParams, AuctionWire, auctionToWire } from "../../wire/auctions.js";
import { atBothPaths } from "./at-both-paths.js";

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
        const db = deps.db.kysely;
        const auction = await findInternalAuction(db, auctionID);
        if (!auction) throw new AppError("not_found", "No such auction.");
        const own = await findOwnAuctionBids(db, organisationId, [auction.id]);
        return auctionToWire(auction, organisationId, own.get(auction.id), deps.clock.now());
      },
    ),
  );
};
