/**
 * The one shape every clearing mechanism speaks (after the ASSUME framework's clearing registry): `clear(input) → result`.
 *
 * A clearing is a **procurement auction**: the operator (a TSO, or a DSO for one service window) buys `demand`
 * from sellers, cheapest first. Units are exact integers chosen by the caller and never mixed inside one run:
 * - TSO markets: quantity in kW (whole MW, step 1000), price in euro-cents;
 * - marketplace (DSO) windows: quantity in milli-MW (step 1), price in pence of the competition's ranking rate.
 */
import type { EpochMs } from "../time.js";

/** A sell order. `price` is an integer (euro-cents or pence), `quantity` an integer (kW or milli-MW). */
export interface Order {
  /** Unique within one clearing input (precondition, see README.md). */
  readonly id: string;
  /** Integer price per unit; may be negative (the provider pays). Ranks the order in the merit order. */
  readonly price: number;
  /** Integer quantity offered, > 0 and a whole multiple of the input's `step`. Divisible in whole steps. */
  readonly quantity: number;
  /** When the order (bid, ballot) was submitted; breaks price ties, earliest first. */
  readonly submittedAt: EpochMs;
}

export interface ClearingInput {
  /** What the operator wants to buy, integer ≥ 0 in the orders' quantity unit. Accepted never exceeds it. */
  readonly demand: number;
  readonly orders: readonly Order[];
  /** Divisibility of orders; the marginal order is accepted rounded down to a whole step. Default per mechanism. */
  readonly step?: number;
  /**
   * Orders priced strictly above this are rejected ("above guide price") and never accepted. No guide price
   * (undefined / null) = no such rule. Used by the marketplace's guide prices; honoured by every mechanism.
   */
  readonly guidePrice?: number | null;
  /**
   * marginal-energy only: the activated volume for the quarter-hour, integer in [0, demand].
   * Takes precedence over `seed`.
   */
  readonly activationVolume?: number;
  /**
   * marginal-energy only: seed of the generator that draws the activated volume uniformly in whole steps
   * from [0, demand] (sandbox simulation). Without `activationVolume` or `seed` the whole demand is activated.
   */
  readonly seed?: number;
}

/** Why an order was not accepted. */
export type RejectionReason = "capacity covered" | "above guide price";

/** One order's outcome. Awards are listed in merit order: `awards[i].rank === i + 1`. */
export interface Award {
  readonly id: string;
  /** 1-based position in the merit order (price → submittedAt → id), for accepted and rejected orders alike. */
  readonly rank: number;
  /** True when any quantity was accepted (possibly part of the order). */
  readonly accepted: boolean;
  /** Accepted quantity, a whole number of steps; 0 when rejected. */
  readonly acceptedQuantity: number;
  /**
   * The price paid per unit (settlement): the clearing price under pay-as-cleared / marginal pricing,
   * the order's own price under pay-as-bid; null when rejected.
   */
  readonly pricePaid: number | null;
  /** Null when accepted. */
  readonly reason: RejectionReason | null;
}

export interface ClearingResult {
  /** Name of the mechanism that produced this result (a registry key). */
  readonly mechanism: string;
  /** The volume this run bought against: `demand`, or the activated volume for marginal-energy. */
  readonly requested: number;
  /** The step used. */
  readonly step: number;
  /** Price of the last (most expensive) accepted order = the marginal price; null when nothing was accepted. */
  readonly clearingPrice: number | null;
  /** Sum of accepted quantities; ≤ requested ≤ demand. */
  readonly acceptedTotal: number;
  /** Every order's outcome, in merit order. */
  readonly awards: readonly Award[];
  /** Order ids in merit order (same order as `awards`). */
  readonly meritOrder: readonly string[];
}

/** How accepted orders are paid. */
export type Settlement = "pay-as-cleared" | "pay-as-bid";

/** A clearing mechanism: one pure, deterministic function behind a name. */
export interface ClearingMechanism {
  readonly name: string;
  readonly description: string;
  readonly settlement: Settlement;
  /**
   * What a TSO bid's result records as its settlement price: `uniform` — the auction's one clearing price, paid to
   * every accepted order (pay-as-cleared); `none` — each accepted order is paid its own price (pay-as-bid), or the
   * price belongs to each quarter-hour's activation rather than to the bid (marginal-energy).
   */
  readonly settlementPrice: "uniform" | "none";
  /** Step used when the input gives none (1000 kW = 1 MW for TSO markets, 1 milli-MW for DSO windows). */
  readonly defaultStep: number;
  clear(input: ClearingInput): ClearingResult;
}

/**
 * Thrown (never returned) when a clearing input breaks its preconditions: a bug upstream, since bids are
 * validated when they are submitted. `field` names the offending path, e.g. `orders[3].quantity`.
 */
export class ClearingInputError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "ClearingInputError";
    this.field = field;
  }
}
