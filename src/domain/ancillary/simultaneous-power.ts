/**
 * The bid rule over every quarter-hour (docs/domain.md §2; bids.ts, last row of its table): the asset's live bids
 * together stay within its rated discharge (POS) and charge (NEG) power. A symmetric product counts both ways; a
 * market with implicit energy bids holds power only through them; rejected and replaced bids hold nothing.
 */
import { fail, ok, type Result } from "../errors.js";
import { type Catalogue, hasImplicitEnergy } from "../markets/catalogue.js";
import { QUARTER_HOUR_MS, toIso } from "../time.js";
import type { Kw } from "../units.js";
import type { BidContext, ExistingBid, ValidatedBid } from "./bid-types.js";
import { isRejected } from "./existing-bids.js";
import { type DeliveryProduct, findProduct } from "./products.js";

/** The products a bid holds power on: its own, or (aFRR capacity) those of its implicit energy bids. */
const powerProducts = (bid: ValidatedBid, catalogue: Catalogue): readonly DeliveryProduct[] =>
  hasImplicitEnergy(bid.product.market, catalogue) ? bid.implicitEnergyBids.map((e) => e.product) : [bid.product];

/** Every quarter-hour touched by the new bids: the asset's live bids together within its rated power each way. */
export function checkSimultaneousPower(
  bids: readonly ValidatedBid[],
  ctx: BidContext,
  byId: ReadonlyMap<string, ExistingBid>,
  catalogue: Catalogue,
): Result<void> {
  const days = new Set(bids.map((b) => b.product.deliveryDay));
  const replaced = new Set<string>();
  for (const b of bids) {
    if (b.replacesBidId !== null) replaced.add(b.replacesBidId);
    for (const e of b.implicitEnergyBids) if (e.replacesBidId !== null) replaced.add(e.replacesBidId);
  }
  // Power held per quarter-hour, each way, in arrays over the quarter-hours the products span (they all start and
  // end on quarter-hours).
  const held: [DeliveryProduct, Kw][] = [];
  for (const old of ctx.existing) {
    if (!days.has(old.deliveryDay) || replaced.has(old.bidId) || isRejected(old, byId)) continue;
    const p = findProduct(old.product, old.deliveryDay, catalogue);
    if (p === undefined)
      throw new Error(`existing bid ${old.bidId} has unknown product ${old.product} on ${old.deliveryDay}`);
    if (!hasImplicitEnergy(p.market, catalogue)) held.push([p, old.offeredKw]);
  }
  for (const b of bids) for (const p of powerProducts(b, catalogue)) held.push([p, b.offeredKw]);
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const [p] of held) {
    if (p.start < from) from = p.start;
    if (p.end > to) to = p.end;
  }
  if (held.length === 0) return ok(undefined);
  const slots = (to - from) / QUARTER_HOUR_MS;
  const pos = new Float64Array(slots);
  const neg = new Float64Array(slots);
  for (const [p, kw] of held) {
    const last = (p.end - from) / QUARTER_HOUR_MS;
    for (let j = (p.start - from) / QUARTER_HOUR_MS; j < last; j++) {
      if (p.direction !== "NEG") pos[j]! += kw;
      if (p.direction !== "POS") neg[j]! += kw;
    }
  }
  const { ratedDischargePowerKw, ratedChargePowerKw } = ctx.asset;
  for (let i = 0; i < bids.length; i++) {
    for (const p of powerProducts(bids[i]!, catalogue)) {
      for (let t = p.start; t < p.end; t += QUARTER_HOUR_MS) {
        const j = (t - from) / QUARTER_HOUR_MS;
        const over =
          p.direction !== "NEG" && pos[j]! > ratedDischargePowerKw
            ? { way: "positive (discharge)", kw: pos[j]!, rated: ratedDischargePowerKw, name: "discharge" }
            : p.direction !== "POS" && neg[j]! > ratedChargePowerKw
              ? { way: "negative (charge)", kw: neg[j]!, rated: ratedChargePowerKw, name: "charge" }
              : undefined;
        if (over !== undefined) {
          return fail(
            "capacity_exceeds_asset",
            `with the asset's other bids, ${over.kw} kW of ${over.way} capacity would be offered at ${toIso(t)}, ` +
              `above its rated ${over.name} power of ${over.rated} kW`,
            `[${i}].bids[0].offeredCapacity`,
          );
        }
      }
    }
  }
  return ok(undefined);
}
