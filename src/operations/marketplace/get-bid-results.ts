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
import { formatMaxRuntime } from "../../domain/marketplace/max-runtime.js";
import { toIso } from "../../domain/time.js";
import { formatMw } from "../../domain/units.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { sendPage } from "../../http/paging.js";
import { errorResponses, Id } from "../../http/schemas.js";
import { Instant, mwOrNull, NullableString, RateWire, ratesToWire } from "./wire.js";

const BidResultWire = Type.Object({
  bid_id: Type.String(),
  ballot_id: Type.String(),
  competition_id: Type.String(),
  service_window_id: Type.String(),
  capacity: Type.String({ description: "MW bid" }),
  max_runtime: Type.String(),
  rates: Type.Array(RateWire),
  status: Type.String({ description: "pending, accepted or rejected" }),
  accepted_capacity: NullableString({ description: "MW accepted (≤ capacity); null unless accepted" }),
  reason: NullableString({ description: "The system operator's reason" }),
  decided: Type.Unsafe<string | null>({ type: ["string", "null"], format: "date-time" }),
  results_published: Type.Unsafe<string | null>({ type: ["string", "null"], format: "date-time" }),
  ballot_created: Instant("When the ballot was submitted"),
});

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
      const publishedAt = competition.resultsPublishedAt === null ? null : toIso(competition.resultsPublishedAt);
      const results = active.bids.map((bid) => {
        const d = decisions.get(bid.id);
        return {
          bid_id: bid.id,
          ballot_id: active.id,
          competition_id: competition.id,
          service_window_id: bid.serviceWindowId,
          capacity: formatMw(bid.capacityMilliMw),
          max_runtime: formatMaxRuntime(bid.maxRuntimeSeconds),
          rates: ratesToWire(bid.rates),
          status: d?.status ?? "pending",
          accepted_capacity: mwOrNull(d?.acceptedCapacityMilliMw ?? null),
          reason: d?.reason ?? null,
          decided: d === undefined ? null : toIso(d.decided),
          results_published: publishedAt,
          ballot_created: toIso(active.created),
        };
      });
      return sendPage(reply, results, results.length);
    },
  );
};
