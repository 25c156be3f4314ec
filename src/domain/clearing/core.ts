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
import { rankOrders, readOrders } from "./merit-order.js";
import { type Award, type ClearingInput, ClearingInputError, type ClearingResult, type Settlement } from "./types.js";
import { borrowWorkspace, F64_TAKEN, returnWorkspace, type Workspace } from "./workspace.js";

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

/** Largest int32: values up to it are stored as small integers (no boxed doubles in the awards). */
const INT32_MAX = 0x7fffffff;

/** Clears `input` against `volume` (≤ demand) under `rule`. */
export function allocate(input: ClearingInput, step: number, volume: number, rule: AllocationRule): ClearingResult {
  const ws = borrowWorkspace();
  try {
    return allocateIn(ws, input, step, volume, rule);
  } finally {
    returnWorkspace(ws);
  }
}

function allocateIn(
  ws: Workspace,
  input: ClearingInput,
  step: number,
  volume: number,
  rule: AllocationRule,
): ClearingResult {
  const cols = readOrders(input.orders, step, ws);
  const { order, rankPrice } = rankOrders(cols, ws);
  const n = order.length;
  const quantity = cols.quantity;
  const guide = input.guidePrice ?? null;

  // Pass 1: how much each rank takes (accepted orders are a prefix), the marginal price.
  const taken = ws.f64(F64_TAKEN, n); // written for every accepted rank, read only for those
  const acceptedCount = takePrefix(order, rankPrice, quantity, step, volume, guide, taken);
  const acceptedTotal = sumOf(taken, acceptedCount); // exact: a sum of integers ≤ volume
  const clearingPrice = acceptedCount > 0 ? rankPrice[acceptedCount - 1]! : null;

  // Pass 2: the awards, in merit order.
  const outcome: Outcome = {
    ids: cols.id,
    order,
    rankPrice,
    taken,
    acceptedCount,
    clearingPrice,
    guide,
    payAsBid: rule.settlement === "pay-as-bid",
  };
  // Prices and quantities within int32 (every real market; accepted ≤ offered): written as small integers.
  const small = cols.minPrice >= -INT32_MAX - 1 && cols.maxPrice <= INT32_MAX && cols.maxQuantity <= INT32_MAX;
  const { awards, meritOrder } = small ? awardsInt32(outcome) : awardsAny(outcome);

  return {
    mechanism: rule.mechanism,
    requested: volume,
    step,
    clearingPrice,
    acceptedTotal,
    awards,
    meritOrder,
  };
}

/**
 * Pass 1: walks the merit order taking `min(quantity, remaining rounded down to a whole step)` until less than a
 * step remains or a price exceeds the guide price; writes each accepted rank's take; returns how many ranks.
 */
function takePrefix(
  order: Uint32Array,
  rankPrice: Float64Array,
  quantity: Float64Array,
  step: number,
  volume: number,
  guide: number | null,
  taken: Float64Array,
): number {
  const n = order.length;
  // Every take is a whole number of steps, so `remaining % step` never changes: computed once.
  const leftover = volume % step;
  let remaining = volume;
  let r = 0;
  for (; r < n && remaining >= step; r++) {
    if (guide !== null && rankPrice[r]! > guide) break; // prices only rise from here: all above the guide price
    const q = quantity[order[r]!]!;
    const whole = remaining - leftover;
    const take = q < whole ? q : whole;
    taken[r] = take;
    remaining -= take;
  }
  return r;
}

function sumOf(values: Float64Array, count: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i]!;
  return sum;
}

/**
 * The ids in merit order. A loop of its own: its random reads overlap one another, where inside the award loop
 * each would stall between allocations.
 */
function gatherIds(ids: readonly string[], order: Uint32Array): string[] {
  const n = order.length;
  const out: string[] = new Array(n);
  for (let r = 0; r < n; r++) out[r] = ids[order[r]!]!;
  return out;
}

/** What pass 1 decided, for pass 2. */
interface Outcome {
  readonly ids: readonly string[];
  readonly order: Uint32Array;
  readonly rankPrice: Float64Array;
  readonly taken: Float64Array;
  readonly acceptedCount: number;
  readonly clearingPrice: number | null;
  readonly guide: number | null;
  readonly payAsBid: boolean;
}

/**
 * The awards when every price and quantity is an int32: the same values as `awardsAny`, read through `| 0`
 * (exact in that range) so the engine stores them as small integers rather than one boxed double per award.
 */
function awardsInt32(o: Outcome): { awards: Award[]; meritOrder: string[] } {
  const { ids, order, rankPrice, taken, acceptedCount, guide, payAsBid } = o;
  const n = order.length;
  const clearingPrice = o.clearingPrice === null ? null : o.clearingPrice | 0;
  const meritOrder = gatherIds(ids, order);
  const awards: Award[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const id = meritOrder[r]!;
    if (r < acceptedCount) {
      awards[r] = {
        id,
        rank: r + 1,
        accepted: true,
        acceptedQuantity: taken[r]! | 0,
        pricePaid: payAsBid ? rankPrice[r]! | 0 : clearingPrice,
        reason: null,
      };
    } else {
      awards[r] = {
        id,
        rank: r + 1,
        accepted: false,
        acceptedQuantity: 0,
        pricePaid: null,
        reason: guide !== null && rankPrice[r]! > guide ? "above guide price" : "capacity covered",
      };
    }
  }
  return { awards, meritOrder };
}

/** The awards for any safe-integer prices and quantities. */
function awardsAny(o: Outcome): { awards: Award[]; meritOrder: string[] } {
  const { ids, order, rankPrice, taken, acceptedCount, clearingPrice, guide, payAsBid } = o;
  const n = order.length;
  const meritOrder = gatherIds(ids, order);
  const awards: Award[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const id = meritOrder[r]!;
    if (r < acceptedCount) {
      awards[r] = {
        id,
        rank: r + 1,
        accepted: true,
        acceptedQuantity: taken[r]!,
        pricePaid: payAsBid ? rankPrice[r]! : clearingPrice,
        reason: null,
      };
    } else {
      awards[r] = {
        id,
        rank: r + 1,
        accepted: false,
        acceptedQuantity: 0,
        pricePaid: null,
        reason: guide !== null && rankPrice[r]! > guide ? "above guide price" : "capacity covered",
      };
    }
  }
  return { awards, meritOrder };
}
