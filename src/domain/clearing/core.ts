/**
 * The shared merit-order allocation behind every mechanism. Mechanisms differ only in the volume they buy and in
 * how accepted orders are paid; everything else (validation, ranking, partial acceptance, guide price, reasons)
 * is here, once.
 *
 * Allocation: walk the merit order; an order priced above the guide price is rejected ("above guide price");
 * otherwise it takes `min(quantity, remaining rounded down to a whole step)`; once less than one step remains,
 * the rest is rejected ("capacity covered"). Accepted orders therefore form a prefix of the merit order and
 * at most the last of them is partial. The input is only read.
 */
import { meritOrderOf, readOrders } from "./merit-order.js";
import { type Award, type ClearingInput, ClearingInputError, type ClearingResult, type Settlement } from "./types.js";

export interface AllocationRule {
  readonly mechanism: string;
  readonly settlement: Settlement;
}

/** Validates the input-level fields; returns the step in force. Throws ClearingInputError. */
export function checkInput(input: ClearingInput, defaultStep: number): number {
  if (typeof input !== "object" || input === null) throw new ClearingInputError("input", "must be an object");
  if (!Number.isSafeInteger(input.demand) || input.demand < 0) {
    throw new ClearingInputError("demand", "must be a non-negative integer");
  }
  const step = input.step ?? defaultStep;
  if (!Number.isSafeInteger(step) || step < 1) throw new ClearingInputError("step", "must be a positive integer");
  const guide = input.guidePrice;
  if (guide !== undefined && guide !== null && !Number.isSafeInteger(guide)) {
    throw new ClearingInputError("guidePrice", "must be an integer or null");
  }
  return step;
}

/** Clears `input` against `volume` (≤ demand) under `rule`. */
export function allocate(input: ClearingInput, step: number, volume: number, rule: AllocationRule): ClearingResult {
  const orders = input.orders;
  const cols = readOrders(orders, step);
  const order = meritOrderOf(cols);
  const n = order.length;
  const { id: ids, price, quantity } = cols;
  const guide = input.guidePrice ?? null;

  // Pass 1: how much each rank takes (accepted orders are a prefix), the marginal price.
  const taken = new Float64Array(n);
  let remaining = volume;
  let acceptedCount = 0;
  let clearingPrice: number | null = null;
  for (let r = 0; r < n && remaining >= step; r++) {
    const j = order[r]!;
    const p = price[j]!;
    if (guide !== null && p > guide) break; // prices only rise from here: all above the guide price
    const q = quantity[j]!;
    const whole = remaining - (remaining % step);
    const take = Math.min(q, whole);
    taken[r] = take;
    remaining -= take;
    acceptedCount = r + 1;
    clearingPrice = p;
  }

  // Pass 2: the awards, in merit order.
  const awards: Award[] = new Array(n);
  const meritOrder: string[] = new Array(n);
  const payAsBid = rule.settlement === "pay-as-bid";
  for (let r = 0; r < n; r++) {
    const j = order[r]!;
    const id = ids[j]!;
    meritOrder[r] = id;
    if (r < acceptedCount) {
      awards[r] = {
        id,
        rank: r + 1,
        accepted: true,
        acceptedQuantity: taken[r]!,
        pricePaid: payAsBid ? price[j]! : clearingPrice,
        reason: null,
      };
    } else {
      const above = guide !== null && price[j]! > guide;
      awards[r] = {
        id,
        rank: r + 1,
        accepted: false,
        acceptedQuantity: 0,
        pricePaid: null,
        reason: above ? "above guide price" : "capacity covered",
      };
    }
  }

  return {
    mechanism: rule.mechanism,
    requested: volume,
    step,
    clearingPrice,
    acceptedTotal: volume - remaining,
    awards,
    meritOrder,
  };
}
