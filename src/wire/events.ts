/**
 * The webhook events of changes made by the API and the engine. Each event's `data` is built by the mapper of the
 * corresponding GET (nothing here maps a record itself); the caller writes the events to the outbox with
 * `emitEvent` (src/db/repositories/webhooks.ts) INSIDE the transaction that makes the change, so a rolled-back
 * change announces nothing. One event per affected organisation; only that organisation's subscriptions receive it.
 *
 * | event | emitted by | `data` |
 * |---|---|---|
 * | `competition.opened`, `competition.closed` | src/engine/competition-lifecycle.ts | `competitionToWire`, as `GET /competitions/v1/{id}/` |
 * | `bidding_opportunity.created` | src/engine/competition-lifecycle.ts | `opportunityToWire`, as one item of `GET /bidding-opportunities/v1/` |
 * | `bid_result.published` | `announceResultsPublished` (src/engine/announce-results.ts) | `bidResultsToWire`, the provider's `GET /bid-results/v1/{competition_id}/` array |
 * | `obligation.created` | `announceResultsPublished`, for a provider with accepted bids | `obligationToWire`, its new obligations as `GET /obligations/v1/?competition_id=` |
 * | `ancillary_bid.submitted` | src/engine/ancillary-submission.ts | `ancillaryBidsToWire` per product as `GET …/ancillary/bids`, each with its `virtualAssetID` |
 * | `ancillary_bid.result` | src/engine/tso-auctions.ts | `ancillaryResultsToWire` per product as `GET …/ancillary/results`, each with its `virtualAssetID` |
 *
 * Another area emits its own events the same way: `data` from its GET's mapper.
 */
import type { StoredBallot } from "../db/repositories/marketplace/ballots.js";
import type { DecisionRecord, ObligationRecord } from "../db/repositories/marketplace/results.js";
import type { StoredBid } from "../db/repositories/virtual-battery/ancillary-bids.js";
import type { EmitEventInput } from "../db/repositories/webhooks.js";
import type { EpochMs } from "../domain/time.js";
import { bidResultsToWire, obligationToWire } from "./marketplace.js";
import { ancillaryBidsToWire, ancillaryResultsToWire } from "./virtual-battery.js";

/**
 * A competition's published results: to each provider with an active ballot, `bid_result.published` (all its bids'
 * results) and, when it has accepted bids, `obligation.created` (its new obligations, by start, then id).
 */
export function resultsPublishedEvents(input: {
  readonly ballots: readonly StoredBallot[];
  readonly obligations: readonly ObligationRecord[];
  /** The decisions of the ballots' bids, as written by the publishing transaction. */
  readonly decisions: ReadonlyMap<string, DecisionRecord>;
  readonly now: EpochMs;
}): EmitEventInput[] {
  const at = input.now;
  return input.ballots.flatMap((ballot): EmitEventInput[] => {
    const organisationId = ballot.providerId;
    const results: EmitEventInput = {
      organisationId,
      type: "bid_result.published",
      data: bidResultsToWire(ballot, input.decisions, at),
      at,
    };
    const own = input.obligations
      .filter((o) => o.ballotId === ballot.id)
      .sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (own.length === 0) return [results];
    const data = own.map((o) => obligationToWire(o, ballot.assets));
    return [results, { organisationId, type: "obligation.created", data, at }];
  });
}

/** Stored bids grouped per organisation, in order of first appearance. */
function byOrganisation(bids: readonly StoredBid[]): Map<string, StoredBid[]> {
  const out = new Map<string, StoredBid[]>();
  for (const bid of bids) {
    const list = out.get(bid.organisationId);
    if (list) list.push(bid);
    else out.set(bid.organisationId, [bid]);
  }
  return out;
}

/** Stored bids grouped per virtual asset and product, in the order of their first bids. */
function byAssetProduct(bids: readonly StoredBid[]): StoredBid[][] {
  const groups = new Map<string, StoredBid[]>();
  for (const bid of bids) {
    const key = `${bid.virtualAssetId}\u0000${bid.productDateCode}\u0000${bid.market}`;
    const list = groups.get(key);
    if (list) list.push(bid);
    else groups.set(key, [bid]);
  }
  return [...groups.values()];
}

/** Bids that became `submitted`: one `ancillary_bid.submitted` per organisation. */
export function ancillaryBidsSubmittedEvents(bids: readonly StoredBid[], now: EpochMs): EmitEventInput[] {
  const order = (a: StoredBid, b: StoredBid) =>
    a.virtualAssetId.localeCompare(b.virtualAssetId) ||
    a.deliveryDay.localeCompare(b.deliveryDay) ||
    a.market.localeCompare(b.market) ||
    a.product.localeCompare(b.product);
  return [...byOrganisation(bids)].map(([organisationId, list]) => ({
    organisationId,
    type: "ancillary_bid.submitted",
    data: byAssetProduct(list)
      .sort((a, b) => order(a[0]!, b[0]!))
      .map((group) => ({
        virtualAssetID: group[0]!.virtualAssetId,
        ...ancillaryBidsToWire(group[0]!, group),
      })),
    at: now,
  }));
}

/** Bids the TSO decided (cascaded implicit ones included): one `ancillary_bid.result` per organisation, by id. */
export function ancillaryResultEvents(decided: readonly StoredBid[], now: EpochMs): EmitEventInput[] {
  const key = (b: StoredBid) =>
    `${b.virtualAssetId}\u0000${b.deliveryDay}\u0000${b.market}\u0000${b.start}\u0000${b.product}`;
  /** The groups in `key` order of their first bids, each key built once (an auction may decide 100,000 bids). */
  const sorted = (groups: StoredBid[][]) =>
    groups
      .map((group) => ({ key: key(group[0]!), group }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map((g) => g.group);
  return [...byOrganisation(decided)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([organisationId, list]) => ({
      organisationId,
      type: "ancillary_bid.result",
      data: sorted(byAssetProduct(list)).map((group) => ({
        virtualAssetID: group[0]!.virtualAssetId,
        ...ancillaryResultsToWire(group[0]!, group),
      })),
      at: now,
    }));
}
