/**
 * Places pending ancillary bids with the TSO: a bid written through the API is `pending`; after `delayMs` of the
 * injected clock (default 30 s) it becomes `submitted`. The TSO connection itself is simulated by the delay.
 *
 * Exactly once with any number of processes on one database: the transition is one conditional UPDATE
 * (`status = 'pending' AND created_at <= now − delay`), which PostgreSQL re-checks row by row after a concurrent
 * update; a second run finds nothing left to do. Tests call `submitPendingBids` directly and never sleep.
 * The same transaction announces the submitted bids (`ancillary_bid.submitted`, one webhook event per organisation).
 */
import { markPendingBidsSubmittedReturning } from "../db/repositories/virtual-battery/ancillary-bids.js";
import { emitEvent } from "../db/repositories/webhooks.js";
import type { Deps } from "../deps.js";
import type { EpochMs } from "../domain/time.js";
import { ancillaryBidsSubmittedEvents } from "../wire/events.js";
import { startTicker } from "./ticker.js";

export const DEFAULT_SUBMISSION_DELAY_MS = 30_000;
export const DEFAULT_SUBMISSION_POLL_MS = 1_000;

export interface SubmissionOptions {
  /** How long a bid stays pending, in clock milliseconds. */
  readonly delayMs?: number;
  /** How often the job looks for due bids, in real milliseconds. */
  readonly pollMs?: number;
}

/** Marks every pending bid created at or before `now − delayMs` submitted. Returns how many this call submitted. */
export async function submitPendingBids(
  deps: Pick<Deps, "db">,
  now: EpochMs,
  delayMs: number = DEFAULT_SUBMISSION_DELAY_MS,
): Promise<number> {
  return deps.db.kysely.transaction().execute(async (tx) => {
    const bids = await markPendingBidsSubmittedReturning(tx, now - delayMs, now);
    for (const event of ancillaryBidsSubmittedEvents(bids, now)) await emitEvent(tx, event);
    return bids.length;
  });
}

/** The engine job (an `EngineStarter` with options): returns its stop function, which waits for a running pass. */
export function startAncillarySubmission(deps: Deps, options: SubmissionOptions = {}): () => Promise<void> {
  const delayMs = options.delayMs ?? DEFAULT_SUBMISSION_DELAY_MS;
  return startTicker(deps, "ancillary-submission", options.pollMs ?? DEFAULT_SUBMISSION_POLL_MS, async (now) => {
    const n = await submitPendingBids(deps, now, delayMs);
    if (n > 0) deps.logger.info({ submitted: n }, "ancillary bids submitted");
  });
}
