/**
 * `GET /so/v1/competitions/{id}/decisions/` — the system operator's view of the outcome of one of its closed
 * competitions: per service window (authoring order), every bid of an active ballot ranked cheapest first (the
 * domain's `rankWindowBids`: the competition type's rates, ties by earliest ballot then lowest id), each with its
 * decision (`pending` until decided, then `accepted` / `rejected`), reason, accepted capacity and who decided
 * (the system operator's id, `sandbox` for the DSO sandbox operator, `auto` for "not selected" at publication).
 * While bidding is open the bids are sealed (`competition_not_closed`); another system operator's id → 404.
 */
import { type Static, Type } from "typebox";
import { toIso } from "../../domain/time.js";
import { formatMw } from "../../domain/units.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { sendPage } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { IdParams, Instant, mwOrNull, NullableString, RateWire, ratesToWire } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { rankSealedBids } from "./so-list-bids.js";

const DecidedBidWire = Type.Object({
  rank: Type.Integer({ description: "1 = cheapest in its window" }),
  bid_id: Type.String(),
  ballot_id: Type.String(),
  provider_id: Type.String(),
  ballot_created: Instant("When the ballot was submitted"),
  capacity: Type.String({ description: "MW bid" }),
  rates: Type.Array(RateWire),
  decision: Type.String({ description: "pending, accepted or rejected" }),
  accepted_capacity: NullableString({ description: "MW accepted; null unless accepted" }),
  reason: NullableString(),
  decided_by: NullableString({ description: "The deciding organisation, `sandbox` or `auto`; null while pending" }),
  decided: Type.Unsafe<string | null>({ type: ["string", "null"], format: "date-time" }),
});

const WindowDecisionsWire = Type.Object({
  service_period_id: Type.String(),
  service_window_id: Type.String(),
  service_window_name: Type.String(),
  capacity_required: Type.String({ description: "MW" }),
  accepted_capacity: Type.String({ description: "MW accepted in this window" }),
  results_published: Type.Unsafe<string | null>({ type: ["string", "null"], format: "date-time" }),
  bids: Type.Array(DecidedBidWire),
});

/** The decisions view of a competition (see the header). */
export async function listCompetitionDecisions(
  ctx: UseCaseContext,
  input: { systemOperatorId: string; competitionId: string },
): Promise<Static<typeof WindowDecisionsWire>[]> {
  const { competition, windows, decisions } = await rankSealedBids(ctx.db.kysely, input, ctx.now);
  const published = competition.resultsPublishedAt === null ? null : toIso(competition.resultsPublishedAt);
  return windows.map(({ period, window, ranked, acceptedMilliMw }) => {
    return {
      service_period_id: period.id,
      service_window_id: window.id,
      service_window_name: window.name,
      capacity_required: formatMw(window.capacityRequiredMilliMw),
      accepted_capacity: formatMw(acceptedMilliMw),
      results_published: published,
      bids: ranked.map(({ rank, bid }) => {
        const d = decisions.get(bid.id);
        return {
          rank,
          bid_id: bid.id,
          ballot_id: bid.ballot.id,
          provider_id: bid.ballot.providerId,
          ballot_created: toIso(bid.ballotCreated),
          capacity: formatMw(bid.capacityMilliMw),
          rates: ratesToWire(bid.rates),
          decision: d?.status ?? "pending",
          accepted_capacity: mwOrNull(d?.acceptedCapacityMilliMw ?? null),
          reason: d?.reason ?? null,
          decided_by: d?.decidedBy ?? null,
          decided: d === undefined ? null : toIso(d.decided),
        };
      }),
    };
  });
}

export const soListDecisions: Operation = (app, deps) => {
  app.get(
    "/so/v1/competitions/:id/decisions/",
    {
      schema: {
        tags: ["system operator"],
        summary: "The outcome per service window: each bid ranked, with its decision, reason and accepted capacity",
        params: IdParams,
        response: { 200: Type.Array(WindowDecisionsWire), ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const windows = await listCompetitionDecisions(contextOf(deps), {
        systemOperatorId: organisationId,
        competitionId: request.params.id,
      });
      return sendPage(reply, windows, windows.length);
    },
  );
};
