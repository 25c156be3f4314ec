/**
 * `GET /auctions` (and its alias `GET /organisations/{organisationID}/auctions`) — every internal virtual-asset
 * auction, as the caller sees it. One operation at two paths (wire.ts `atBothPaths`).
 */
import { Type } from "typebox";
import { findOwnAuctionBids, listInternalAuctions } from "../../db/repositories/tso-internal-auctions.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AuctionWire, auctionToWire, OrganisationParams } from "../../wire/auctions.js";
import { atBothPaths } from "./at-both-paths.js";

export const listInternalAuctionsOperation: Operation = (app, deps) => {
  atBothPaths("/auctions", (url, aliased) =>
    app.get(
      url,
      {
        schema: {
          tags: ["auctions"],
          operationId: aliased ? "listOrganisationAuctions" : "listAuctions",
          summary: "List the virtual-asset auctions, with your bid and outcome",
          ...(aliased ? { params: OrganisationParams } : {}),
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
    ),
  );
};
