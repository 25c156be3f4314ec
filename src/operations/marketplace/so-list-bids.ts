/**
 * `GET /so/v1/competitions/{id}/bids/` — after close, every active ballot's bids per service window, ranked cheapest
 * first, each rate set against the guide price, with the decision so far. `rankSealedBids` is shared with the
 * decisions view (so-list-decisions.ts).
 */
import { type Static, Type } from "typebox";
import { listActiveBallots } from "../../db/repositories/marketplace/ballots.js";
import type { CompetitionRecord } from "../../db/repositories/marketplace/competitions.js";
import { findDecisions } from "../../db/repositories/marketplace/results.js";
import { loadOwnCompetition } from "../../db/repositories/marketplace/visibility.js";
import { type Executor, findOrganisation } from "../../db/repositories/organisations.js";
import { AppError } from "../../domain/errors.js";
import { competitionPhase, serviceWindowsOf } from "../../domain/marketplace/competition.js";
import { rankWindowBids } from "../../domain/marketplace/decisions.js";
import { formatMaxRuntime } from "../../domain/marketplace/max-runtime.js";
import type { RateType } from "../../domain/marketplace/types.js";
import { type EpochMs, toIso } from "../../domain/time.js";
import { formatGbp, formatMw } from "../../domain/units.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { sendPage } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { IdParams, Instant, NullableString, signedGbp } from "../../wire/marketplace.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { DecisionWire, decisionToWire } from "./so-decide-bid.js";

const TAG = "system operator";

const RankedRateWire = Type.Object({
  type: Type.String(),
  value: Type.String({ description: "£" }),
  guide_price: NullableString({ description: "The competition's guide price for this rate type, £" }),
  difference: NullableString({ description: "value − guide_price, £ (negative = below the guide)" }),
});

const RankedBidWire = Type.Object({
  rank: Type.Integer({ description: "1 = cheapest" }),
  bid_id: Type.String(),
  ballot_id: Type.String(),
  provider_id: Type.String(),
  provider_name: Type.String({ description: "The provider organisation's name" }),
  ballot_created: Instant("When the ballot was submitted"),
  capacity: Type.String({ description: "MW" }),
  max_runtime: Type.String(),
  rates: Type.Array(RankedRateWire),
  assets: Type.Object({ flex: Type.Array(Type.String()), planned: Type.Array(Type.String()) }),
  decision: Type.Union([DecisionWire, Type.Null()]),
});

export const WindowBidsWire = Type.Object({
  service_period_id: Type.String(),
  service_window_id: Type.String(),
  service_window_name: Type.String(),
  capacity_required: Type.String({ description: "MW" }),
  accepted_capacity: Type.String({ description: "MW accepted so far in this window" }),
  bids: Type.Array(RankedBidWire),
});

const GUIDE: Record<RateType, (c: CompetitionRecord) => number | null> = {
  availability: (c) => c.availabilityGuidePricePence,
  utilisation: (c) => c.utilisationGuidePricePence,
  service_fee: (c) => c.serviceFeePence,
};

/**
 * Every active ballot's bids of a closed competition, per service window, ranked cheapest first by the domain
 * (`rankWindowBids`), each rate set against the guide price, with the decision so far. Sealed while bidding is open
 * (`competition_not_closed`).
 */
export async function listCompetitionBids(
  ctx: UseCaseContext,
  input: { systemOperatorId: string; competitionId: string },
): Promise<Static<typeof WindowBidsWire>[]> {
  const db = ctx.db.kysely;
  const { competition, windows, decisions } = await rankSealedBids(db, input, ctx.now);
  const providerIds = [...new Set(windows.flatMap((w) => w.ranked.map(({ bid }) => bid.ballot.providerId)))];
  const providers = await Promise.all(providerIds.map((id) => findOrganisation(db, id)));
  const providerName = new Map(providerIds.map((id, i) => [id, providers[i]?.name ?? id]));
  return windows.map(({ period, window, ranked, acceptedMilliMw }) => {
    return {
      service_period_id: period.id,
      service_window_id: window.id,
      service_window_name: window.name,
      capacity_required: formatMw(window.capacityRequiredMilliMw),
      accepted_capacity: formatMw(acceptedMilliMw),
      bids: ranked.map(({ rank, bid }) => {
        const decision = decisions.get(bid.id);
        return {
          rank,
          bid_id: bid.id,
          ballot_id: bid.ballot.id,
          provider_id: bid.ballot.providerId,
          provider_name: providerName.get(bid.ballot.providerId) ?? bid.ballot.providerId,
          ballot_created: toIso(bid.ballotCreated),
          capacity: formatMw(bid.capacityMilliMw),
          max_runtime: formatMaxRuntime(bid.maxRuntimeSeconds),
          rates: bid.rates.map((r) => {
            const guide = GUIDE[r.type](competition);
            return {
              type: r.type,
              value: formatGbp(r.pence),
              guide_price: guide === null ? null : formatGbp(guide),
              difference: guide === null ? null : signedGbp(r.pence - guide),
            };
          }),
          assets: { flex: [...bid.ballot.assets.flex], planned: [...bid.ballot.assets.planned] },
          decision: decision === undefined ? null : decisionToWire(decision),
        };
      }),
    };
  });
}

/**
 * A closed competition of the system operator's, its active ballots' bids ranked cheapest first per service window
 * (the domain's `rankWindowBids`), with the decisions so far and the capacity accepted per window. Sealed while
 * bidding is open (`competition_not_closed`); another system operator's competition → 404. Shared by the bids and
 * decisions views.
 */
export async function rankSealedBids(
  db: Executor,
  input: { systemOperatorId: string; competitionId: string },
  now: EpochMs,
) {
  const competition = await loadOwnCompetition(db, input.systemOperatorId, input.competitionId);
  const phase = competitionPhase(competition, now);
  if (phase !== "closed" && phase !== "results_published") {
    throw new AppError(
      "competition_not_closed",
      `competition ${competition.id} is ${phase}; bids are sealed until it closes`,
    );
  }
  const ballots = await listActiveBallots(db, competition.id);
  const bids = ballots.flatMap((ballot) =>
    ballot.bids.map((bid) => ({ ...bid, ballotCreated: ballot.created, ballot })),
  );
  const decisions = await findDecisions(
    db,
    bids.map((b) => b.id),
  );
  const windows = serviceWindowsOf(competition).map(({ period, window }) => {
    const ranked = rankWindowBids(competition.type, window.id, bids);
    const acceptedMilliMw = ranked.reduce((sum, r) => sum + (decisions.get(r.bid.id)?.acceptedCapacityMilliMw ?? 0), 0);
    return { period, window, ranked, acceptedMilliMw };
  });
  return { competition, windows, decisions };
}

export const soListBids: Operation = (app, deps) => {
  app.get(
    "/so/v1/competitions/:id/bids/",
    {
      schema: {
        tags: [TAG],
        summary: "The bids of every active ballot, per service window, ranked by price against the guide price",
        params: IdParams,
        response: { 200: Type.Array(WindowBidsWire), ...errorResponses(400, 401, 403, 404) },
      },
      config: { auth: "system_operator" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const windows = await listCompetitionBids(contextOf(deps), {
        systemOperatorId: organisationId,
        competitionId: request.params.id,
      });
      return sendPage(reply, windows, windows.length);
    },
  );
};
