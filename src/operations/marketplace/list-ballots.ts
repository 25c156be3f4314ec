/**
 * `GET /bids/v1/competitions/{id}/ballots/` — my ballots for a competition, newest first: the active one, then the
 * superseded history. Bare array, total in `X-Total-Count`.
 */
import { Type } from "typebox";
import type { Page } from "../../db/chunks.js";
import type { ChunkedList } from "../../db/repositories/marketplace/assets.js";
import { listBallots as listStored, type StoredBallot } from "../../db/repositories/marketplace/ballots.js";
import { loadPublishedCompetition } from "../../db/repositories/marketplace/visibility.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { mapChunks, pageOf, sendChunks } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { BallotWire, ballotToWire, IdParams, PagedQuery } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

/** A provider's ballots for a published competition (404 otherwise), newest first, in chunks. */
export async function listProviderBallots(
  ctx: UseCaseContext,
  input: { providerId: string; competitionId: string; page: Page },
): Promise<ChunkedList<StoredBallot>> {
  const db = ctx.db.kysely;
  const competition = await loadPublishedCompetition(db, input.competitionId);
  return listStored(db, competition.id, input.providerId, input.page);
}

export const listBallots: Operation = (app, deps) => {
  app.get(
    "/bids/v1/competitions/:id/ballots/",
    {
      schema: {
        tags: ["bidding"],
        summary: "List your ballots for a competition (active first, then history)",
        params: IdParams,
        querystring: PagedQuery({}),
        response: { 200: Type.Array(BallotWire), ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const { chunks, total } = await listProviderBallots(contextOf(deps), {
        providerId: organisationId,
        competitionId: request.params.id,
        page: pageOf(request.query),
      });
      return sendChunks(
        reply,
        mapChunks(chunks, (ballots) => ballots.map(ballotToWire)),
        total,
        BallotWire,
      );
    },
  );
};
