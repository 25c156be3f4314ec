/**
 * dso-window — the marketplace's DSO sandbox (docs/domain.md §1), one service window at a time: accept the cheapest
 * bids until `capacity_required` is covered, the last one partially (step 1 milli-MW), each accepted bid paid its
 * own rate (pay-as-bid: the obligation carries the bid's price); the rest are rejected with the reason
 * "capacity covered", and bids priced above the competition's guide price are rejected "above guide price" and
 * never accepted (no guide price, no such rule).
 *
 * Units: quantities in milli-MW, prices in pence of the rate the competition ranks on (chosen by the caller).
 * Ties: earliest ballot (`submittedAt` = the ballot's creation time), then lowest bid id.
 */
import type { EpochMs } from "../time.js";
import type { MilliMw, Pence } from "../units.js";
import { allocate, checkInput } from "./core.js";
import type { ClearingInput, ClearingMechanism, ClearingResult } from "./types.js";

const NAME = "dso-window";
const DEFAULT_STEP = 1;

export function clearDsoWindow(input: ClearingInput): ClearingResult {
  const step = checkInput(input, DEFAULT_STEP);
  return allocate(input, step, input.demand, { mechanism: NAME, settlement: "pay-as-bid" });
}

export const dsoWindow: ClearingMechanism = {
  name: NAME,
  description: "DSO service window: cheapest bids up to capacity_required, pay-as-bid, guide price enforced",
  settlement: "pay-as-bid",
  settlementPrice: "none",
  defaultStep: DEFAULT_STEP,
  clear: clearDsoWindow,
};

/** One bid of one service window, in exact units. */
export interface ServiceWindowBid {
  readonly bidId: string;
  readonly capacity: MilliMw;
  /** The bid's rate the competition ranks on, in pence. */
  readonly price: Pence;
  /** When the bid's ballot was created. */
  readonly ballotCreatedAt: EpochMs;
}

export interface ServiceWindowAuction {
  readonly serviceWindowId: string;
  readonly capacityRequired: MilliMw;
  /** In pence, same rate as the bids' price; null = no guide price. */
  readonly guidePrice: Pence | null;
  readonly bids: readonly ServiceWindowBid[];
}

/** The dso-window input for one service window. */
export function toDsoWindowInput(window: ServiceWindowAuction): ClearingInput {
  return {
    demand: window.capacityRequired,
    guidePrice: window.guidePrice,
    step: DEFAULT_STEP,
    orders: window.bids.map((b) => ({
      id: b.bidId,
      price: b.price,
      quantity: b.capacity,
      submittedAt: b.ballotCreatedAt,
    })),
  };
}

/** Clears each service window independently; results in the order of `windows`. */
export function clearServiceWindows(
  windows: readonly ServiceWindowAuction[],
): readonly { readonly serviceWindowId: string; readonly result: ClearingResult }[] {
  return windows.map((w) => ({ serviceWindowId: w.serviceWindowId, result: clearDsoWindow(toDsoWindowInput(w)) }));
}
