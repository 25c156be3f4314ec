/**
 * The DSO sandbox operator's decisions (docs/dso-sandbox.md): what an automatic system operator decides for a closed
 * competition, one service window at a time, cleared by the registry's `dso-window` mechanism. Pure: the engine job (src/engine/dso-sandbox.ts) records these
 * decisions through the same use cases as a person's `/so/v1/` decisions.
 *
 * Per service window, bids ranked cheapest first by the competition's price rates (`rankWindowBids`: the type's
 * rates in order, ties by earliest ballot, then lowest bid id):
 * | case                                                                  | decision | accepted capacity      | reason                                 |
 * |-----------------------------------------------------------------------|----------|------------------------|----------------------------------------|
 * | a rate of the bid is above the competition's guide price for that type | rejected | —                      | "above guide price"                    |
 * | capacity_required already covered by cheaper bids                     | rejected | —                      | "capacity covered"                     |
 * | the bid fits in what is still required                                | accepted | the bid's capacity     | "cheapest bids up to capacity required" |
 * | the bid is larger than what is still required                         | accepted | what is still required | "partially accepted: capacity covered"  |
 * A rate type without a guide price (null) is never "above" it. Accepted capacity per window never exceeds
 * `capacity_required`; every bid of a known window gets exactly one decision; bids of unknown windows are ignored.
 * The result is independent of the order of `bids` (determinism) and the input is never mutated.
 */
import { clear } from "../clearing/registry.js";
import type { MilliMw, Pence } from "../units.js";
import { serviceWindowsOf } from "./competition.js";
import { type RankableBid, rankWindowBids } from "./decisions.js";
import { requiredRateTypes } from "./rates.js";
import type { Competition, RateType } from "./types.js";

export const ABOVE_GUIDE_PRICE = "above guide price";
export const CAPACITY_COVERED = "capacity covered";
export const ACCEPTED_IN_MERIT_ORDER = "cheapest bids up to capacity required";
export const PARTIALLY_ACCEPTED = "partially accepted: capacity covered";

export type SandboxCompetition = Pick<
  Competition,
  "type" | "availabilityGuidePricePence" | "utilisationGuidePricePence" | "serviceFeePence" | "servicePeriods"
>;

export interface SandboxDecision {
  readonly bidId: string;
  readonly serviceWindowId: string;
  /** 1 = cheapest in its window. */
  readonly rank: number;
  readonly status: "accepted" | "rejected";
  /** Null when rejected. */
  readonly acceptedCapacityMilliMw: MilliMw | null;
  readonly reason: string;
}

/** The competition's guide price for a rate type, in pence; null = no guide. */
export function guidePriceOf(c: SandboxCompetition, type: RateType): Pence | null {
  switch (type) {
    case "availability":
      return c.availabilityGuidePricePence;
    case "utilisation":
      return c.utilisationGuidePricePence;
    case "service_fee":
      return c.serviceFeePence;
  }
}

/** Whether one of the bid's ranked rates is above the competition's guide price for its type. */
export function isAboveGuidePrice(c: SandboxCompetition, bid: Pick<RankableBid, "rates">): boolean {
  return requiredRateTypes(c.type).some((type) => {
    const guide = guidePriceOf(c, type);
    const rate = bid.rates.find((r) => r.type === type);
    return guide !== null && rate !== undefined && rate.pence > guide;
  });
}

/**
 * The sandbox operator's decision on every bid, window by window (in authoring order), each window by rank: each
 * window is cleared by the registry's `dso-window` mechanism (src/domain/clearing/dso-window.ts). The competition
 * ranks on several rates in order (`rankWindowBids`) and checks each against its own guide, so the orders the
 * mechanism gets carry the bid's rank as their price, and a bid above a guide a price above every rank, with the
 * guide price between them: the mechanism's merit order, guide rule and partial acceptance are then the rules above.
 */
export function decideSandboxBids(competition: SandboxCompetition, bids: readonly RankableBid[]): SandboxDecision[] {
  const out: SandboxDecision[] = [];
  for (const { window } of serviceWindowsOf(competition)) {
    const ranked = rankWindowBids(competition.type, window.id, bids);
    const above = ranked.map(({ bid }) => isAboveGuidePrice(competition, bid));
    const result = clear("dso-window", {
      demand: window.capacityRequiredMilliMw,
      guidePrice: above.includes(true) ? ranked.length : null,
      step: 1,
      orders: ranked.map(({ rank, bid }, i) => ({
        id: bid.id,
        price: above[i] ? ranked.length + rank : rank,
        quantity: bid.capacityMilliMw,
        submittedAt: 0,
      })),
    });
    const awards = new Map(result.awards.map((a) => [a.id, a]));
    for (const { rank, bid } of ranked) {
      const award = awards.get(bid.id)!;
      const base = { bidId: bid.id, serviceWindowId: window.id, rank };
      if (award.accepted) {
        out.push({
          ...base,
          status: "accepted",
          acceptedCapacityMilliMw: award.acceptedQuantity,
          reason: award.acceptedQuantity < bid.capacityMilliMw ? PARTIALLY_ACCEPTED : ACCEPTED_IN_MERIT_ORDER,
        });
      } else {
        const reason = award.reason === "above guide price" ? ABOVE_GUIDE_PRICE : CAPACITY_COVERED;
        out.push({ ...base, status: "rejected", acceptedCapacityMilliMw: null, reason });
      }
    }
  }
  return out;
}
