/** `GET /organisations/{organisationID}/auctions` — every internal virtual-asset auction, as the caller sees it. */
import { Type } from "typebox";
import { findOwnAuctionBids, listInternalAuctions } from "../../db/repositories/tso-internal-auctions.js";
import type { Operation } from "../../http/app.js";
import { principalOf } from "../../http/auth.js";
import { errorResponses, Id } from "../../http/schemas.js";
import { AuctionWire, auctionToWire } from "./wire.js";

export const listInternalAuctionsOperation: Operation = (app, deps) => {
  app.get(
    "/organisations/:organisationID/auctions",
    {
      schema: {
        tags: ["auctions"],
        summary: "List the virtual-asset auctions, with your bid and outcome",
        params: Type.Object({ organisationID: Id() }),
        response: { 200: Type.Array(AuctionWire), ...errorResponses(401, 403, 404) },
      },
      config: { auth: "provider" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      const db = deps.db.kysely;
      const now = deps.clock.now();
      const auctions = await listInternalAuctions(db);
      const own = await findOwnAuctionBids(
        db,
        organisationId,
        auctions.map((a) => a.id),
      );
      return auctions.map((a) => auctionToWire(a, organisationId, own.get(a.id), now));
    },
  );
};
