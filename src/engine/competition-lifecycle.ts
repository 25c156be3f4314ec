/**
 * Competition lifecycle (docs/dso-sandbox.md): on the injected clock, a published competition opens at `open` and closes at
 * `closed` (its phase is always derived from those times, competition.ts). This job announces each transition
 * exactly once, as webhook events in the outbox (src/db/repositories/webhooks.ts):
 *
 * | transition | event                         | to                                                            | data                                       |
 * |------------|-------------------------------|---------------------------------------------------------------|--------------------------------------------|
 * | opened     | `competition.opened`          | its system operator; providers with an `Entered` qualification | as `GET /competitions/v1/{id}/`            |
 * | opened     | `bidding_opportunity.created` | each provider with qualified, entered assets, while it is open | as one item of `GET /bidding-opportunities/v1/` |
 * | closed     | `competition.closed`          | its system operator; providers with an `Entered` qualification | as `GET /competitions/v1/{id}/`            |
 *
 * Providers see published competitions (visibility.ts), and only a provider that entered the competition is told
 * about it. Exactly once across processes and restarts: each (transition, competition) runs through `runOnce`
 * (kind `competition.opened` / `competition.closed`, key = the competition id) and its events are written in that
 * same transaction. A transition missed while no server ran is announced at the next tick (opened before closed);
 * a bidding opportunity is announced only if the competition is still open then.
 *
 * The engine starter also runs the DSO sandbox operator (dso-sandbox.ts) after each lifecycle pass, so a
 * competition's `competition.closed` is written before its sandbox results.
 */
import type { Transaction } from "kysely";
import { runOnce } from "../db/repositories/job-runs.js";
import { listQualifiableAssets } from "../db/repositories/marketplace/assets.js";
import {
  type CompetitionRecord,
  findCompetition,
  listCompetitionIdsWithTransitionDue,
} from "../db/repositories/marketplace/competitions.js";
import { listCompetitionQualifications } from "../db/repositories/marketplace/qualifications.js";
import { emitEvent } from "../db/repositories/webhooks.js";
import type { Database } from "../db/schema.js";
import type { Deps } from "../deps.js";
import { biddingOpportunities } from "../domain/marketplace/opportunities.js";
import type { EpochMs } from "../domain/time.js";
import { competitionToWire, opportunityToWire } from "../wire/marketplace.js";
import { runDsoSandbox } from "./dso-sandbox.js";
import { startTicker } from "./ticker.js";

export const OPENED_JOB = "competition.opened";
export const CLOSED_JOB = "competition.closed";
export const DEFAULT_LIFECYCLE_POLL_MS = 1_000;

export interface LifecycleRun {
  /** Ids of the competitions whose opening this call announced. */
  readonly opened: string[];
  readonly closed: string[];
}

/** Providers with at least one `Entered` qualification in the competition, sorted. */
async function enteredProviders(tx: Transaction<Database>, competitionId: string): Promise<string[]> {
  const rows = await listCompetitionQualifications(tx, competitionId);
  return [...new Set(rows.filter((r) => r.status === "Entered").map((r) => r.providerId))].sort();
}

async function announceCompetition(
  tx: Transaction<Database>,
  competition: CompetitionRecord,
  type: "competition.opened" | "competition.closed",
  providers: readonly string[],
  now: EpochMs,
): Promise<void> {
  const data = competitionToWire(competition, now);
  for (const organisationId of [competition.systemOperatorId, ...providers]) {
    await emitEvent(tx, { organisationId, type, data, at: now });
  }
}

/** One provider's opportunity in the competition now (undefined if none), as the GET list shows it. */
async function opportunityOf(
  tx: Transaction<Database>,
  competition: CompetitionRecord,
  providerId: string,
  now: EpochMs,
) {
  const [assets, entries] = await Promise.all([
    listQualifiableAssets(tx, providerId),
    listCompetitionQualifications(tx, competition.id),
  ]);
  const [o] = biddingOpportunities({
    now,
    competitions: [competition],
    assets,
    entries: entries.filter((e) => e.providerId === providerId),
  });
  return o === undefined ? undefined : opportunityToWire(o, competition);
}

async function announceOpened(tx: Transaction<Database>, competitionId: string, now: EpochMs): Promise<void> {
  const competition = await findCompetition(tx, competitionId);
  if (competition === undefined) return;
  const providers = await enteredProviders(tx, competitionId);
  await announceCompetition(tx, competition, OPENED_JOB, providers, now);
  for (const providerId of providers) {
    const data = await opportunityOf(tx, competition, providerId, now);
    if (data !== undefined) {
      await emitEvent(tx, { organisationId: providerId, type: "bidding_opportunity.created", data, at: now });
    }
  }
}

async function announceClosed(tx: Transaction<Database>, competitionId: string, now: EpochMs): Promise<void> {
  const competition = await findCompetition(tx, competitionId);
  if (competition === undefined) return;
  await announceCompetition(tx, competition, CLOSED_JOB, await enteredProviders(tx, competitionId), now);
}

/**
 * Announces every transition due at `now` that has not been announced (see the header). Safe to call from any
 * number of processes at once. A failing competition is logged and retried at the next call; others go on.
 */
export async function runCompetitionLifecycle(deps: Pick<Deps, "db" | "logger">, now: EpochMs): Promise<LifecycleRun> {
  const db = deps.db.kysely;
  const out: LifecycleRun = { opened: [], closed: [] };
  const ids = await listCompetitionIdsWithTransitionDue(db, now, { openedKind: OPENED_JOB, closedKind: CLOSED_JOB });
  for (const id of ids) {
    try {
      const opened = await runOnce(db, { kind: OPENED_JOB, key: id, now }, (tx) => announceOpened(tx, id, now));
      if (opened.ran) out.opened.push(id);
      const competition = await findCompetition(db, id);
      if (competition !== undefined && competition.closed <= now) {
        const closed = await runOnce(db, { kind: CLOSED_JOB, key: id, now }, (tx) => announceClosed(tx, id, now));
        if (closed.ran) out.closed.push(id);
      }
    } catch (error) {
      deps.logger.error({ err: error, competitionId: id }, "competition lifecycle failed");
    }
  }
  return out;
}

/** One pass of the marketplace engine at `now`: the lifecycle, then the DSO sandbox operator. */
export async function runMarketplaceEngine(
  deps: Pick<Deps, "db" | "logger">,
  now: EpochMs,
): Promise<LifecycleRun & { readonly sandboxPublished: string[] }> {
  const lifecycle = await runCompetitionLifecycle(deps, now);
  const sandbox = await runDsoSandbox(deps, now);
  return { ...lifecycle, sandboxPublished: sandbox.published };
}

/** The engine job: `runMarketplaceEngine` every `pollMs` of real time with the injected clock. Returns its stop. */
export function startCompetitionLifecycle(deps: Deps, options: { pollMs?: number } = {}): () => Promise<void> {
  return startTicker(deps, "competition-lifecycle", options.pollMs ?? DEFAULT_LIFECYCLE_POLL_MS, async (now) => {
    const run = await runMarketplaceEngine(deps, now);
    if (run.opened.length + run.closed.length + run.sandboxPublished.length > 0) {
      deps.logger.info(run, "marketplace engine");
    }
  });
}
