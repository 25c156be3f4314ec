/**
 * `GET /bid-results/v1/{competition_id}/` — the result of each bid of my active ballot for a competition: `pending`
 * until the system operator publishes results, then `accepted` (with the accepted capacity, possibly part of the
 * bid) or `rejected`, each with its reason. A competition I have no ballot in answers 404. Poll at most once a day.
 */

import { Type } from "typebox";
import { collect } from "../../db/chunks.js";
import { listBallots, type StoredBallot } from "../../db/repositories/marketplace/ballots.js";
import type { CompetitionRecord } from "../../db/repositories/marketplace/competitions.js";
import { type DecisionRecord, findDecisions } from "../../db/repositories/marketplace/results.js";
import { loadPublishedCompetition } from "../../db/repositories/marketplace/visibility.js";
import { AppError } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { sendPage } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { Id } from "../../wire/atoms.js";
import { BidResultWire, bidResultsToWire } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";

const Params = Type.Object({ competition_id: Id() });

/**
 * The provider's active ballot in a published competition (404 when it has none) with the decisions on its bids,
 * which stay private to the system operator until it publishes the results.
 */
export async function getProviderBidResults(
  ctx: UseCaseContext,
  input: { providerId: string; competitionId: string },
): Promise<{ competition: CompetitionRecord; ballot: StoredBallot; decisions: Map<string, DecisionRecord> }> {
  const db = ctx.db.kysely;
  const competition = await loadPublishedCompetition(db, input.competitionId);
  const [active] = await collect(
    (await listBallots(db, competition.id, input.providerId, { limit: 1, offset: 0 })).chunks,
  );
  if (active === undefined) {
    throw new AppError("not_found", `You have no ballot in competition ${competition.id}.`);
  }
  const decisions = competition.resultsPublished
    ? await findDecisions(
        db,
        active.bids.map((b) => b.id),
      )
    : new Map<string, DecisionRecord>();
  return { competition, ballot: active, decisions };
}

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
      const { competition, ballot, decisions } = await getProviderBidResults(contextOf(deps), {
        providerId: organisationId,
        competitionId: request.params.competition_id,
      });
      const results = bidResultsToWire(ballot, decisions, competition.resultsPublishedAt);
      return sendPage(reply, results, results.length);
    },
  );
};
