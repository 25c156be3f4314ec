/**
 * After a competition closes, its system operator reviews the active ballots' bids, decides each bid, and publishes
 * the results. `decideBid` and `publishResults` are also what the market engine's automatic ("sandbox") system
 * operator calls:
 *
 *   decideBid(db, { systemOperatorId, bidId, decision: { status: "accepted", accepted_capacity: "1.000" } }, now)
 *   publishResults(db, { systemOperatorId, competitionId }, now)
 *
 * Both run in one transaction serialised per competition (`lockKey("competition:"+id)`), throw AppError on a broken
 * rule (404 for another system operator's bid or competition) and change nothing then.
 *
 * Publishing results: every bid of an active ballot still undecided is rejected with reason "not selected"
 * (decided_by `auto`); each accepted bid becomes one obligation per occurrence of its service window
 * (`windowOccurrences`, Europe/London, DST included) at the accepted capacity and the bid's rates; the competition
 * becomes `results_published` and providers see the decisions in their bid results.
 */

import type { Transaction } from "kysely";
import { type Static, Type } from "typebox";
import type { Db } from "../../db/connect.js";
import { lockKey } from "../../db/lock.js";
import { findBid, listActiveBallots, type StoredBallot } from "../../db/repositories/marketplace/ballots.js";
import {
  type CompetitionRecord,
  findCompetition,
  markResultsPublished,
} from "../../db/repositories/marketplace/competitions.js";
import {
  type DecisionRecord,
  findDecisions,
  insertObligations,
  type ObligationRecord,
  saveDecision,
} from "../../db/repositories/marketplace/results.js";
import { type Executor, findOrganisation } from "../../db/repositories/organisations.js";
import type { Database } from "../../db/schema.js";
import { AppError, unwrap } from "../../domain/errors.js";
import {
  checkDecidable,
  competitionPhase,
  serviceWindowsOf,
  windowOccurrences,
} from "../../domain/marketplace/competition.js";
import { rankWindowBids, validateBidDecision } from "../../domain/marketplace/decisions.js";
import { formatMaxRuntime } from "../../domain/marketplace/max-runtime.js";
import type { Bid, RateType } from "../../domain/marketplace/types.js";
import { type EpochMs, toIso } from "../../domain/time.js";
import { formatGbp, formatMw } from "../../domain/units.js";
import { announceResultsPublished } from "../../engine/announce-results.js";
import { newShortId } from "../../ids.js";
import { Instant, mwOrNull, NullableString, signedGbp } from "../../wire/marketplace.js";
import { type AuditActor, recordAudit } from "../audit-trail.js";
import { loadOwnCompetition } from "./visibility.js";

/** Why publishing results rejects a bid nobody decided on. */
export const NOT_SELECTED = "not selected";

// --- decisions ---

export const DecisionWire = Type.Object({
  bid_id: Type.String(),
  competition_id: Type.String(),
  status: Type.String({ description: "accepted or rejected" }),
  accepted_capacity: NullableString({ description: "MW accepted; null when rejected" }),
  reason: NullableString(),
  decided: Instant("When decided"),
});

export const decisionToWire = (d: DecisionRecord): Static<typeof DecisionWire> => ({
  bid_id: d.bidId,
  competition_id: d.competitionId,
  status: d.status,
  accepted_capacity: mwOrNull(d.acceptedCapacityMilliMw),
  reason: d.reason,
  decided: toIso(d.decided),
});

export interface DecideBidInput {
  readonly systemOperatorId: string;
  readonly bidId: string;
  /** The domain's decision body: `{status: "accepted" | "rejected", accepted_capacity?: "1.250", reason?}`. */
  readonly decision: unknown;
  /** Recorded as the decider; the system operator's id unless given (e.g. `auto`). */
  readonly decidedBy?: string;
  readonly actor: AuditActor;
}

/** Accepts (all or part of its capacity) or rejects one bid of an active ballot; a later decision replaces it. */
export async function decideBid(db: Db, input: DecideBidInput, now: EpochMs): Promise<DecisionRecord> {
  return db.kysely.transaction().execute((tx) => decideBidIn(tx, input, now));
}

/** `decideBid` inside the caller's transaction (the sandbox operator's job runs it with its own). */
export async function decideBidIn(
  tx: Transaction<Database>,
  input: DecideBidInput,
  now: EpochMs,
): Promise<DecisionRecord> {
  const notFound = new AppError("not_found", `No bid ${input.bidId}.`);
  const found = await findBid(tx, input.bidId);
  if (found === undefined) throw notFound;
  await lockKey(tx, `competition:${found.competitionId}`);
  const competition = await findCompetition(tx, found.competitionId);
  if (competition === undefined || competition.systemOperatorId !== input.systemOperatorId) throw notFound;
  const decision = unwrap(validateBidDecision(input.decision, { competition, now, bid: found.bid }));
  if (found.ballotStatus !== "active") {
    throw new AppError(
      "bid_superseded",
      `bid ${found.bid.id} belongs to a superseded ballot; only the bids of a provider's active ballot are decided`,
    );
  }
  const record: DecisionRecord = {
    bidId: found.bid.id,
    competitionId: competition.id,
    status: decision.status,
    acceptedCapacityMilliMw: decision.status === "accepted" ? decision.acceptedCapacityMilliMw : null,
    reason: decision.reason,
    decidedBy: input.decidedBy ?? input.systemOperatorId,
    decided: now,
  };
  await saveDecision(tx, record);
  await recordAudit(tx, input.actor, "bid.decided", record.bidId, { status: record.status });
  return record;
}

// --- publishing results ---

export const ResultsWire = Type.Object({
  competition_id: Type.String(),
  results_published: Instant("When the results were published"),
  accepted: Type.Integer({ description: "Bids accepted" }),
  rejected: Type.Integer({ description: "Bids rejected (including those rejected as not selected)" }),
  obligations: Type.Integer({ description: "Obligations created" }),
});

function obligationsOf(
  competition: CompetitionRecord,
  ballot: StoredBallot,
  bid: Bid,
  acceptedMilliMw: number,
  now: EpochMs,
): ObligationRecord[] {
  const pw = serviceWindowsOf(competition).find((x) => x.window.id === bid.serviceWindowId);
  if (pw === undefined) throw new Error(`bid ${bid.id}: window ${bid.serviceWindowId} is not in its competition`);
  return windowOccurrences(pw.period, pw.window).map((occurrence) => ({
    id: newShortId(),
    competitionId: competition.id,
    providerId: ballot.providerId,
    ballotId: ballot.id,
    bidId: bid.id,
    serviceWindowId: bid.serviceWindowId,
    start: occurrence.start,
    end: occurrence.end,
    capacityMilliMw: acceptedMilliMw,
    rates: bid.rates,
    created: now,
  }));
}

/** Publishes a closed competition's results (see the header). */
export async function publishResults(
  db: Db,
  input: { systemOperatorId: string; competitionId: string; actor: AuditActor },
  now: EpochMs,
): Promise<Static<typeof ResultsWire>> {
  return db.kysely.transaction().execute((tx) => publishResultsIn(tx, input, now));
}

/** `publishResults` inside the caller's transaction (the sandbox operator's job runs it with its own). */
export async function publishResultsIn(
  tx: Transaction<Database>,
  input: { systemOperatorId: string; competitionId: string; actor: AuditActor },
  now: EpochMs,
): Promise<Static<typeof ResultsWire>> {
  await lockKey(tx, `competition:${input.competitionId}`);
  const competition = await loadOwnCompetition(tx, input.systemOperatorId, input.competitionId);
  unwrap(checkDecidable(competition, now));
  const ballots = await listActiveBallots(tx, competition.id);
  const decisions = await findDecisions(
    tx,
    ballots.flatMap((b) => b.bids.map((bid) => bid.id)),
  );
  let accepted = 0;
  let rejected = 0;
  const obligations: ObligationRecord[] = [];
  for (const ballot of ballots) {
    for (const bid of ballot.bids) {
      const decision = decisions.get(bid.id);
      if (decision === undefined) {
        await saveDecision(tx, {
          bidId: bid.id,
          competitionId: competition.id,
          status: "rejected",
          acceptedCapacityMilliMw: null,
          reason: NOT_SELECTED,
          decidedBy: "auto",
          decided: now,
        });
        rejected++;
      } else if (decision.status === "rejected") {
        rejected++;
      } else {
        accepted++;
        obligations.push(...obligationsOf(competition, ballot, bid, decision.acceptedCapacityMilliMw!, now));
      }
    }
  }
  await insertObligations(tx, obligations);
  await markResultsPublished(tx, competition.id, now);
  await announceResultsPublished(tx, { ballots, obligations, now });
  await recordAudit(tx, input.actor, "results.published", competition.id, { accepted, rejected });
  return {
    competition_id: competition.id,
    results_published: toIso(now),
    accepted,
    rejected,
    obligations: obligations.length,
  };
}

// --- the system operator's view of the bids ---

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
  db: Executor,
  input: { systemOperatorId: string; competitionId: string },
  now: EpochMs,
): Promise<Static<typeof WindowBidsWire>[]> {
  const { competition, windows, decisions } = await rankSealedBids(db, input, now);
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
