/**
 * `GET /bids/v1/competitions/{id}/ballots/` — my ballots for a competition, newest first: the active one, then the
 * superseded history. Bare array, total in `X-Total-Count`.
 */
import { Type } from "typebox";
import { listBallots as listStored } from "../../db/repositories/marketplace/ballots.js";
import { loadPublishedCompetition } from "../../db/repositories/marketplace/visibility.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { mapChunks, pageOf, sendChunks } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { BallotWire, ballotToWire, IdParams, PagedQuery } from "../../wire/marketplace.js";

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
      const db = deps.db.kysely;
      const competition = await loadPublishedCompetition(db, request.params.id);
      const { chunks, total } = await listStored(db, competition.id, organisationId, pageOf(request.query));
      return sendChunks(
        reply,
        mapChunks(chunks, (ballots) => ballots.map(ballotToWire)),
        total,
        BallotWire,
      );
    },
  );
};
