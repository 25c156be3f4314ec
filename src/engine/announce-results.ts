/**
 * Writes the webhook events of published results to the outbox, in the publishing transaction (the events and their
 * `data` are src/wire/events.ts's). Beside the engine's jobs because the DSO sandbox publishes results too.
 */
import type { StoredBallot } from "../db/repositories/marketplace/ballots.js";
import { findDecisions, type ObligationRecord } from "../db/repositories/marketplace/results.js";
import type { Executor } from "../db/repositories/organisations.js";
import { emitEvent } from "../db/repositories/webhooks.js";
import type { EpochMs } from "../domain/time.js";
import { resultsPublishedEvents } from "../wire/events.js";

/**
 * Announces a competition's published results (`bid_result.published`, `obligation.created`). Call it in the
 * publishing transaction after the decisions and obligations are written (the decisions are read back there).
 */
export async function announceResultsPublished(
  tx: Executor,
  input: {
    readonly ballots: readonly StoredBallot[];
    readonly obligations: readonly ObligationRecord[];
    readonly now: EpochMs;
  },
): Promise<void> {
  const decisions = await findDecisions(
    tx,
    input.ballots.flatMap((b) => b.bids.map((bid) => bid.id)),
  );
  for (const event of resultsPublishedEvents({ ...input, decisions })) await emitEvent(tx, event);
}
