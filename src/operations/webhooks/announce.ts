/**
 * The webhook events of changes made by the API and the engine, built in the shape of the corresponding GET and
 * written to the outbox with `emitEvent` INSIDE the transaction that makes the change (so a rolled-back change
 * announces nothing). One event per affected organisation; only that organisation's subscriptions receive it.
 *
 * | event | emitted by | `data` |
 * |---|---|---|
 * | `bid_result.published` | `publishResults` (src/operations/marketplace/so-results-use-cases.ts) | the provider's `GET /bid-results/v1/{competition_id}/` array |
 * | `obligation.created` | `publishResults`, for a provider with accepted bids | its new obligations, as `GET /obligations/v1/?competition_id=` |
 * | `ancillary_bid.submitted` | `submitPendingBids` (src/engine/ancillary-submission.ts) | the products as `GET …/ancillary/bids`, each with its `virtualAssetID` |
 *
 * Other areas emit their own events the same way: build `data` with their GET's mapper and call
 * `emitEvent(tx, {organisationId, type, data, at: now})` from src/db/repositories/webhooks.ts.
 */
import type { StoredBallot } from "../../db/repositories/marketplace/ballots.js";
import {
  type DecisionRecord,
  findDecisions,
  type ObligationRecord,
} from "../../db/repositories/marketplace/results.js";
import type { Executor } from "../../db/repositories/organisations.js";
import type { StoredBid } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { emitEvent } from "../../db/repositories/webhooks.js";
import { formatMaxRuntime } from "../../domain/marketplace/max-runtime.js";
import { type EpochMs, toIso } from "../../domain/time.js";
import { formatMw } from "../../domain/units.js";
import { assetIdsToWire, mwOrNull, ratesToWire } from "../marketplace/wire.js";
import { bidToWire } from "../virtual-battery/wire.js";

/** One provider's bid results, as `GET /bid-results/v1/{competition_id}/` answers once results are published. */
export function bidResultsData(
  ballot: StoredBallot,
  decisions: ReadonlyMap<string, DecisionRecord>,
  resultsPublishedAt: EpochMs,
) {
  return ballot.bids.map((bid) => {
    const d = decisions.get(bid.id);
    return {
      bid_id: bid.id,
      ballot_id: ballot.id,
      competition_id: ballot.competitionId,
      service_window_id: bid.serviceWindowId,
      capacity: formatMw(bid.capacityMilliMw),
      max_runtime: formatMaxRuntime(bid.maxRuntimeSeconds),
      rates: ratesToWire(bid.rates),
      status: d?.status ?? "pending",
      accepted_capacity: mwOrNull(d?.acceptedCapacityMilliMw ?? null),
      reason: d?.reason ?? null,
      decided: d === undefined ? null : toIso(d.decided),
      results_published: toIso(resultsPublishedAt),
      ballot_created: toIso(ballot.created),
    };
  });
}

/** Obligations as `GET /obligations/v1/` answers them (by start, then id); `assets` are their ballot's. */
export function obligationsData(obligations: readonly ObligationRecord[], ballot: StoredBallot) {
  return [...obligations]
    .sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((o) => ({
      id: o.id,
      competition_id: o.competitionId,
      bid_id: o.bidId,
      ballot_id: o.ballotId,
      service_window_id: o.serviceWindowId,
      start: toIso(o.start),
      end: toIso(o.end),
      capacity: formatMw(o.capacityMilliMw),
      rates: ratesToWire(o.rates),
      assets: assetIdsToWire(ballot.assets),
      created: toIso(o.created),
    }));
}

/**
 * Announces a competition's published results: to each provider with an active ballot, `bid_result.published`
 * (all its bids' results) and, when it has accepted bids, `obligation.created` (its new obligations). Call it in
 * the publishing transaction after the decisions and obligations are written (the decisions are read back there).
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
  for (const ballot of input.ballots) {
    await emitEvent(tx, {
      organisationId: ballot.providerId,
      type: "bid_result.published",
      data: bidResultsData(ballot, decisions, input.now),
      at: input.now,
    });
    const own = input.obligations.filter((o) => o.ballotId === ballot.id);
    if (own.length > 0) {
      await emitEvent(tx, {
        organisationId: ballot.providerId,
        type: "obligation.created",
        data: obligationsData(own, ballot),
        at: input.now,
      });
    }
  }
}

/** Ancillary bids grouped as `GET …/ancillary/bids` groups them, each product with its virtual asset's id. */
export function submittedBidsData(bids: readonly StoredBid[]) {
  const groups = new Map<string, StoredBid[]>();
  for (const bid of bids) {
    const key = `${bid.virtualAssetId}\u0000${bid.productDateCode}\u0000${bid.market}`;
    const list = groups.get(key);
    if (list) list.push(bid);
    else groups.set(key, [bid]);
  }
  const order = (a: StoredBid, b: StoredBid) =>
    a.virtualAssetId.localeCompare(b.virtualAssetId) ||
    a.deliveryDay.localeCompare(b.deliveryDay) ||
    a.market.localeCompare(b.market) ||
    a.product.localeCompare(b.product);
  return [...groups.values()]
    .sort((a, b) => order(a[0]!, b[0]!))
    .map((list) => ({
      virtualAssetID: list[0]!.virtualAssetId,
      market: list[0]!.market,
      product: list[0]!.product,
      deliveryDay: list[0]!.deliveryDay,
      bids: list.map(bidToWire),
    }));
}

/** Announces bids that became `submitted`: one `ancillary_bid.submitted` per organisation. */
export async function announceAncillaryBidsSubmitted(
  tx: Executor,
  bids: readonly StoredBid[],
  now: EpochMs,
): Promise<void> {
  const byOrganisation = new Map<string, StoredBid[]>();
  for (const bid of bids) {
    const list = byOrganisation.get(bid.organisationId);
    if (list) list.push(bid);
    else byOrganisation.set(bid.organisationId, [bid]);
  }
  for (const [organisationId, list] of byOrganisation) {
    await emitEvent(tx, { organisationId, type: "ancillary_bid.submitted", data: submittedBidsData(list), at: now });
  }
}
