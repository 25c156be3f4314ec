/**
 * The transaction-level steps of a system operator's decisions (docs/marketplace.md): deciding one bid and
 * publishing a closed competition's results. A person's `/so/v1/` decisions (src/operations/marketplace/so-decide-bid.ts, so-publish-results.ts)
 * and the DSO sandbox operator (dso-sandbox.ts) both run these, so decisions, obligations and events are identical.
 *
 * Both run inside the caller's transaction serialised per competition (`lockKey("competition:"+id)`), throw
 * AppError on a broken rule (404 for another system operator's bid or competition) and change nothing then.
 *
 * Publishing results: every bid of an active ballot still undecided is rejected with reason "not selected"
 * (decided_by `auto`); each accepted bid becomes one obligation per occurrence of its service window
 * (`windowOccurrences`, Europe/London, DST included) at the accepted capacity and the bid's rates; the competition
 * becomes `results_published` and providers see the decisions in their bid results.
 */
import type { Transaction } from "kysely";
import { lockKey } from "../db/lock.js";
import { type AuditActor, recordAudit } from "../db/repositories/audit.js";
import { findBid, listActiveBallots, type StoredBallot } from "../db/repositories/marketplace/ballots.js";
import {
  type CompetitionRecord,
  findCompetition,
  markResultsPublished,
} from "../db/repositories/marketplace/competitions.js";
import {
  type DecisionRecord,
  findDecisions,
  insertObligations,
  type ObligationRecord,
  saveDecision,
} from "../db/repositories/marketplace/results.js";
import { loadOwnCompetition } from "../db/repositories/marketplace/visibility.js";
import type { Database } from "../db/schema.js";
import { AppError, unwrap } from "../domain/errors.js";
import { checkDecidable, serviceWindowsOf, windowOccurrences } from "../domain/marketplace/competition.js";
import { validateBidDecision } from "../domain/marketplace/decisions.js";
import type { Bid } from "../domain/marketplace/types.js";
import type { EpochMs } from "../domain/time.js";
import { newShortId } from "../ids.js";
import { announceResultsPublished } from "./announce-results.js";

/** Why publishing results rejects a bid nobody decided on. */
export const NOT_SELECTED = "not selected";

export interface DecideBidInput {
  readonly systemOperatorId: string;
  readonly bidId: string;
  /** The domain's decision body: `{status: "accepted" | "rejected", accepted_capacity?: "1.250", reason?}`. */
  readonly decision: unknown;
  /** Recorded as the decider; the system operator's id unless given (e.g. `auto`). */
  readonly decidedBy?: string;
  readonly actor: AuditActor;
}

/** Accepts (all or part of its capacity) or rejects one bid of an active ballot inside `tx`; a later decision replaces it. */
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

/** What publishing a competition's results did. */
export interface PublishedResults {
  readonly competitionId: string;
  readonly published: EpochMs;
  readonly accepted: number;
  readonly rejected: number;
  readonly obligations: number;
}

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

/** Publishes a closed competition's results inside `tx` (see the header). */
export async function publishResultsIn(
  tx: Transaction<Database>,
  input: { systemOperatorId: string; competitionId: string; actor: AuditActor },
  now: EpochMs,
): Promise<PublishedResults> {
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
  return { competitionId: competition.id, published: now, accepted, rejected, obligations: obligations.length };
}
