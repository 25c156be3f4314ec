/**
 * `GET /bid-results/v1/{competition_id}/` — the result of each bid of my active ballot for a competition: `pending`
 * until the system operator publishes results, then `accepted` (with the accepted capacity, possibly part of the
 * bid) or `rejected`, each with its reason. A competition I have no ballot in answers 404. Poll at most once a day.
 */

import { Type } from "typebox";
import { collect } from "../../db/chunks.js";
import { listBallots } from "../../db/repositories/marketplace/ballots.js";
import { findDecisions } from "../../db/repositories/marketplace/results.js";
import { loadPublishedCompetition } from "../../db/repositories/marketplace/visibility.js";
import { AppError } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { sendPage } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { BidResultWire, bidResultsToWire } from "../../wire/marketplace.js";

const Params = Type.Object({ competition_id: Id() });

export const getBidResults: Operation = (app, deps) => {
  app.get(
    "/bid-results/v1/:competition_id/",
    {
      schema: {
        tags: ["bidding"],
        summary: "Results of your bids in a competition",
        params: Params,
        response: { 200: Type.Array(BidResultWire), ...errorResponses(401, 403, 404) },
      },
      config: { auth: "provider" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const db = deps.db.kysely;
      const competition = await loadPublishedCompetition(db, request.params.competition_id);
      const [active] = await collect(
        (await listBallots(db, competition.id, organisationId, { limit: 1, offset: 0 })).chunks,
      );
      if (active === undefined) {
        throw new AppError("not_found", `You have no ballot in competition ${competition.id}.`);
      }
      // Decisions stay private to the system operator until it publishes the results.
      const decisions = competition.resultsPublished
        ? await findDecisions(
            db,
            active.bids.map((b) => b.id),
          )
        : new Map();
      const results = bidResultsToWire(active, decisions, competition.resultsPublishedAt);
      return sendPage(reply, results, results.length);
    },
  );
};
