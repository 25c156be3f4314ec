/**
 * The obvious clearing, for tests: comparator sort (`compareOrders`), then a greedy walk down the merit order in
 * whole steps, stopping at the guide price. The property tests hold every mechanism's fast paths to it.
 */
import { compareOrders } from "./merit-order.js";
import type { ClearingInput, ClearingMechanism, ClearingResult } from "./types.js";

/** Clears `volume` (by default the activation volume if given, else the whole demand) the obvious way. */
export function referenceClearing(
  mechanism: ClearingMechanism,
  input: ClearingInput,
  volume: number = input.activationVolume ?? input.demand,
): ClearingResult {
  const step = input.step ?? mechanism.defaultStep;
  const guide = input.guidePrice ?? null;
  const sorted = [...input.orders].sort(compareOrders);
  let remaining = volume;
  let clearingPrice: number | null = null;
  const taken = sorted.map((o) => {
    if (guide !== null && o.price > guide) return 0;
    const take = Math.min(o.quantity, Math.floor(remaining / step) * step);
    remaining -= take;
    if (take > 0) clearingPrice = o.price;
    return take;
  });
  return {
    mechanism: mechanism.name,
    requested: volume,
    step,
    clearingPrice,
    acceptedTotal: volume - remaining,
    meritOrder: sorted.map((o) => o.id),
    awards: sorted.map((o, i) => ({
      id: o.id,
      rank: i + 1,
      accepted: taken[i]! > 0,
      acceptedQuantity: taken[i]!,
      pricePaid: taken[i]! > 0 ? (mechanism.settlement === "pay-as-bid" ? o.price : clearingPrice) : null,
      reason: taken[i]! > 0 ? null : guide !== null && o.price > guide ? "above guide price" : "capacity covered",
    })),
  };
}
