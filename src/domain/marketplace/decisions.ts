/**
 * The system operator's side after a competition closes: bids of a service window ranked by price, and the
 * decision on one bid (accept some or all of its capacity, or reject it with a reason).
 *
 * Ranking (cheapest first, for the SO's merit-order view; never mutates its input):
 * | competition type           | price key                              |
 * |----------------------------|----------------------------------------|
 * | Availability               | availability rate                      |
 * | Utilisation                | utilisation rate                       |
 * | Availability & Utilisation | availability rate, then utilisation    |
 * | Service Fee                | service_fee rate                       |
 * Ties: earliest ballot (`ballotCreated`) first, then lowest bid id. Rank only bids of active ballots
 * (`activeBallots` in ballot.ts).
 *
 * Decision body (designed here, not public): `{status: "accepted", accepted_capacity?: "1.250", reason?}` or
 * `{status: "rejected", reason}`:
 * | rule                                                              | code                                   |
 * |-------------------------------------------------------------------|----------------------------------------|
 * | competition closed and its results not yet published              | competition_not_closed, results_already_published |
 * | an object with only status, accepted_capacity, reason             | validation_failed                      |
 * | accepted: 0 < accepted_capacity ≤ the bid's capacity (absent = all of it) | decimal_invalid, capacity_invalid |
 * | rejected: a non-blank reason (≤ 1000 characters), no accepted_capacity | validation_failed                 |
 */
import { fail, ok, type Result } from "../errors.js";
import type { EpochMs } from "../time.js";
import { formatMw, type MilliMw, parseMw } from "../units.js";
import { checkDecidable } from "./competition.js";
import { priceKey } from "./rates.js";
import type { Competition, CompetitionType, Rate } from "./types.js";

export interface RankableBid {
  readonly id: string;
  readonly serviceWindowId: string;
  /** When the bid's ballot was created. */
  readonly ballotCreated: EpochMs;
  readonly capacityMilliMw: MilliMw;
  readonly rates: readonly Rate[];
}

export interface RankedBid<T extends RankableBid> {
  /** 1 = cheapest. Positions are distinct even for equal prices (the tie-break decides). */
  readonly rank: number;
  /** The prices compared, in pence, in the order of the table above. */
  readonly priceKey: readonly number[];
  readonly bid: T;
}

const compareKeys = (a: readonly number[], b: readonly number[]): number => {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
};

/** The bids for `serviceWindowId` (others are ignored), ranked cheapest first. */
export function rankWindowBids<T extends RankableBid>(
  competitionType: CompetitionType,
  serviceWindowId: string,
  bids: readonly T[],
): RankedBid<T>[] {
  return bids
    .filter((bid) => bid.serviceWindowId === serviceWindowId)
    .map((bid) => ({ bid, key: priceKey(competitionType, bid.rates) }))
    .sort(
      (a, b) =>
        compareKeys(a.key, b.key) ||
        a.bid.ballotCreated - b.bid.ballotCreated ||
        (a.bid.id < b.bid.id ? -1 : a.bid.id > b.bid.id ? 1 : 0),
    )
    .map((x, i) => ({ rank: i + 1, priceKey: x.key, bid: x.bid }));
}

export type BidDecision =
  | { readonly status: "accepted"; readonly acceptedCapacityMilliMw: MilliMw; readonly reason: string | null }
  | { readonly status: "rejected"; readonly reason: string };

export interface DecisionContext {
  readonly competition: Competition;
  readonly now: EpochMs;
  /** The bid decided on. */
  readonly bid: { readonly id: string; readonly capacityMilliMw: MilliMw };
}

const MAX_REASON = 1000;

/** Validates the system operator's decision on one bid. */
export function validateBidDecision(body: unknown, ctx: DecisionContext): Result<BidDecision> {
  const decidable = checkDecidable(ctx.competition, ctx.now);
  if (!decidable.ok) return decidable;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return fail("validation_failed", "the decision must be a JSON object {status, accepted_capacity?, reason?}");
  }
  const o = body as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== "status" && key !== "accepted_capacity" && key !== "reason") {
      return fail("validation_failed", `unknown property "${key}"; allowed: status, accepted_capacity, reason`, key);
    }
  }
  const reason = o.reason;
  if (reason !== undefined && reason !== null) {
    if (typeof reason !== "string") return fail("validation_failed", "reason must be a string", "reason");
    if (reason.length > MAX_REASON) {
      return fail("validation_failed", `reason must be at most ${MAX_REASON} characters`, "reason");
    }
  }
  const reasonText = typeof reason === "string" && reason.trim() !== "" ? reason : null;

  if (o.status === "rejected") {
    if (o.accepted_capacity !== undefined && o.accepted_capacity !== null) {
      return fail("validation_failed", "a rejected bid has no accepted_capacity", "accepted_capacity");
    }
    if (reasonText === null) return fail("validation_failed", "rejecting a bid needs a reason", "reason");
    return ok({ status: "rejected", reason: reasonText });
  }
  if (o.status !== "accepted") {
    return fail("validation_failed", 'status must be "accepted" or "rejected"', "status");
  }
  let accepted = ctx.bid.capacityMilliMw;
  if (o.accepted_capacity !== undefined && o.accepted_capacity !== null) {
    const parsed = parseMw(o.accepted_capacity, "accepted_capacity", "accepted_capacity");
    if (!parsed.ok) return parsed;
    accepted = parsed.value;
  }
  if (accepted <= 0)
    return fail("capacity_invalid", "accepted_capacity must be greater than zero", "accepted_capacity");
  if (accepted > ctx.bid.capacityMilliMw) {
    return fail(
      "capacity_invalid",
      `accepted_capacity ${formatMw(accepted)} MW exceeds the bid's capacity (${formatMw(ctx.bid.capacityMilliMw)} MW)`,
      "accepted_capacity",
    );
  }
  return ok({ status: "accepted", acceptedCapacityMilliMw: accepted, reason: reasonText });
}
