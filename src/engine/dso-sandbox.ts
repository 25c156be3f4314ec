/**
 * The DSO sandbox operator (docs/dso-sandbox.md): for each system operator that opted in
 * (`PUT /so/v1/sandbox/`), every competition of its that has closed is decided automatically by the domain's rules
 * (src/domain/marketplace/sandbox.ts: cheapest bids per window until capacity_required is covered, the last one
 * partly; the rest rejected "above guide price" / "capacity covered") and its results are published.
 *
 * It goes through the SAME use cases as a person's `/so/v1/` decisions (`decideBidIn`, `publishResultsIn` of
 * competition-results.ts), so decisions, obligations and events are identical; the decider is recorded as
 * `sandbox`.
 *
 * Exactly once across processes and restarts: each competition runs through `runOnce` (kind `dso-sandbox`, key =
 * the competition id), decisions and publication in that one transaction, serialised with manual decisions by the
 * competition's lock. If, once locked, the opt-in is off or the competition is no longer decidable (its results were
 * published by hand meanwhile), the transaction rolls back and nothing is recorded: turning the sandbox on later
 * decides the competitions still waiting.
 */
import type { Transaction } from "kysely";
import { lockKey } from "../db/lock.js";
import { systemActor } from "../db/repositories/audit.js";
import { runOnce } from "../db/repositories/job-runs.js";
import { listActiveBallots } from "../db/repositories/marketplace/ballots.js";
import { findCompetition } from "../db/repositories/marketplace/competitions.js";
import { findSandboxSetting, listSandboxDueCompetitionIds } from "../db/repositories/marketplace/sandbox.js";
import type { Database } from "../db/schema.js";
import type { Deps } from "../deps.js";
import { checkDecidable } from "../domain/marketplace/competition.js";
import { decideSandboxBids } from "../domain/marketplace/sandbox.js";
import type { EpochMs } from "../domain/time.js";
import { formatMw } from "../domain/units.js";
import { decideBidIn, publishResultsIn } from "./competition-results.js";

export const SANDBOX_JOB = "dso-sandbox";
/** `decided_by` of the sandbox operator's decisions. */
export const SANDBOX_DECIDER = "sandbox";

/** Thrown inside the job's transaction to roll it back without recording the occurrence. */
class NotDue extends Error {}

/** Decides and publishes one competition inside `tx`; throws NotDue when it is not the sandbox's to decide. */
async function decideCompetition(tx: Transaction<Database>, competitionId: string, now: EpochMs) {
  await lockKey(tx, `competition:${competitionId}`);
  const competition = await findCompetition(tx, competitionId);
  if (competition === undefined || !checkDecidable(competition, now).ok) throw new NotDue();
  const setting = await findSandboxSetting(tx, competition.systemOperatorId, { lock: true });
  if (!setting.enabled) throw new NotDue();
  const systemOperatorId = competition.systemOperatorId;
  const actor = systemActor("sandbox", systemOperatorId, SANDBOX_DECIDER);
  const ballots = await listActiveBallots(tx, competitionId);
  const bids = ballots.flatMap((ballot) => ballot.bids.map((bid) => ({ ...bid, ballotCreated: ballot.created })));
  for (const d of decideSandboxBids(competition, bids)) {
    const decision =
      d.status === "accepted"
        ? { status: "accepted", accepted_capacity: formatMw(d.acceptedCapacityMilliMw!), reason: d.reason }
        : { status: "rejected", reason: d.reason };
    await decideBidIn(tx, { systemOperatorId, bidId: d.bidId, decision, decidedBy: SANDBOX_DECIDER, actor }, now);
  }
  return publishResultsIn(tx, { systemOperatorId, competitionId, actor }, now);
}

/**
 * Decides every closed competition of opted-in system operators that is still waiting. Returns the ids whose
 * results this call published. Safe to call from any number of processes at once.
 */
export async function runDsoSandbox(
  deps: Pick<Deps, "db" | "logger">,
  now: EpochMs,
): Promise<{ readonly published: string[] }> {
  const db = deps.db.kysely;
  const published: string[] = [];
  for (const id of await listSandboxDueCompetitionIds(db, now)) {
    try {
      const run = await runOnce(db, { kind: SANDBOX_JOB, key: id, now }, (tx) => decideCompetition(tx, id, now));
      if (run.ran) published.push(id);
    } catch (error) {
      if (error instanceof NotDue) continue;
      deps.logger.error({ err: error, competitionId: id }, "DSO sandbox failed");
    }
  }
  return { published };
}
