/**
 * `GET /auctions` (and its alias `GET /organisations/{organisationID}/auctions`) — every internal virtual-asset
 * auction, as the caller sees it. One operation at two paths (wire.ts `atBothPaths`).
 */
import { Type } from "typebox";
import {
  findOwnAuctionBids,
  type InternalAuctionRecord,
  listInternalAuctions,
  type StoredAuctionBid,
} from "../../db/repositories/tso-internal-auctions.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { AuctionWire, auctionToWire, OrganisationParams } from "../../wire/auctions.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { atBothPaths } from "./at-both-paths.js";

/** Every internal auction, with the provider's own bids on them by auction id. */
export async function listVirtualAssetAuctions(
  ctx: UseCaseContext,
  input: { providerId: string },
): Promise<{ auctions: InternalAuctionRecord[]; ownBids: Map<string, StoredAuctionBid> }> {
  const db = ctx.db.kysely;
  const auctions = await listInternalAuctions(db);
  const ownBids = await findOwnAuctionBids(
    db,
    input.providerId,
    auctions.map((a) => a.id),
  );
  return { auctions, ownBids };
}

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
        const ctx = contextOf(deps);
        const { auctions, ownBids } = await listVirtualAssetAuctions(ctx, { providerId: organisationId });
        return auctions.map((a) => auctionToWire(a, organisationId, ownBids.get(a.id), ctx.now));
      },
    ),
  );
};
