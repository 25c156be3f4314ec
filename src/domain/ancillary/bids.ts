/**
 * Rules for the body of `POST …/virtual-assets/{va}/ancillary/bids` (docs/domain.md §2; docs/wire-compatibility.md). The body (already
 * JSON-parsed) is a non-empty array of `{product, deliveryDay, bids: [{offeredCapacity, capacityPrice, energyPrice}]}`
 * and nothing else. Products are checked in request order, rules in the order below; the first broken rule is
 * returned with its code and field (e.g. `[0].bids[0].offeredCapacity`). Nothing is clamped.
 *
 * | rule                                                                          | code                      |
 * |-------------------------------------------------------------------------------|---------------------------|
 * | a non-empty array of objects with only the properties above; `bids` non-empty | validation_failed         |
 * | deliveryDay a calendar date `YYYY-MM-DD`                                      | delivery_day_invalid      |
 * | the product exists on that delivery day (the code says the market)            | product_unknown           |
 * | FCR and aFRR (capacity and energy are one family) never in one request        | markets_mixed             |
 * | one bid per product per asset: a product twice (implicit energy bids count),  | duplicate_product         |
 * |   or two bids in one product's `bids`                                         |                           |
 * | the product's interval lies inside the virtual asset's lifetime               | product_outside_lifetime  |
 * | FCR: delivery day ≤ today (Berlin) + 7 days                                   | delivery_day_too_far      |
 * | now before the product's platform gate (gates.ts)                             | gate_closed               |
 * | offeredCapacity a number ≥ 0 (kW; a fraction of a kW is floored)             | capacity_invalid          |
 * | offeredCapacity ≥ 1 MW                                                        | capacity_below_minimum    |
 * | offeredCapacity whole MW                                                      | capacity_not_whole_mw     |
 * | FCR capacityPrice only; aFRR capacity both prices; aFRR energy energyPrice    | price_field_invalid       |
 * |   only — numbers in EUR, ≤ 2 decimals; the other field null or absent         |                           |
 * | prices within −15,000 … 15,000 EUR                                            | price_out_of_range        |
 * | FCR ≤ 80 % of min(rated charge, rated discharge) power                        | capacity_exceeds_asset    |
 * | FCR: offered × 15 min ≤ half the available energy capacity, both ways (the    | capacity_exceeds_asset    |
 * |   platform's operating point is 50 % SoC, bounds 0 and the available          |                           |
 * |   capacity; efficiency losses not counted)                                    |                           |
 * | the live bid a product replaces is not `pending` (implicit energy bids too)   | bid_pending               |
 * | repricing an implicit energy bid never lowers its capacity while its capacity | implicit_capacity_reduced |
 * |   bid is accepted or undecided; once that is rejected, the implicit bid is    |                           |
 * |   rejected too and a new bid on its product stands alone                      |                           |
 * | every quarter-hour: the asset's bids together ≤ rated discharge (POS) and     | capacity_exceeds_asset    |
 * |   charge (NEG) power. FCR counts both ways, aFRR capacity through its         |                           |
 * |   implicit energy bids, aFRR energy its way; rejected and replaced bids don't |                           |
 * |   count. `existing` must hold the asset's bids on the request's delivery days |                           |
 *
 * Output: the bids in exact units (kW, euro-cents), each with the id of the live bid it replaces; every aFRR capacity
 * bid carries its implicit aFRR energy bids (its capacity and energyPrice, one per real quarter-hour of the block),
 * which replace whatever live energy bid those products had.
 */
import { fail, ok, type Result } from "../errors.js";
import {
  type Catalogue,
  MARKET_CATALOGUE,
  type MarketFamily,
  type MarketRow,
  type PriceField,
  type ReserveRule,
} from "../markets/catalogue.js";
import { toIso } from "../time.js";
import { type EuroCents, eurToCents, type Kw, kwFromWire } from "../units.js";
import {
  type BidContext,
  type ExistingBid,
  type ImplicitEnergyBid,
  KW_PER_MW,
  MAX_PRICE_CENTS,
  MIN_OFFER_KW,
  type Replacement,
  type ValidatedBid,
  type ValidatedBids,
} from "./bid-types.js";
import { isRejected, NEW, repriceImplicitEnergyBid } from "./existing-bids.js";
import { checkGate, checkHorizon } from "./gates.js";
import { type DeliveryProduct, implicitEnergyProducts, parseDeliveryDay, quote, resolveProduct } from "./products.js";
import { checkSimultaneousPower } from "./simultaneous-power.js";
import { PPM, type VirtualAssetSpec } from "./virtual-asset.js";

export * from "./bid-types.js";
export { implicitBidsRejectedWith, repriceImplicitEnergyBid } from "./existing-bids.js";

const ITEM_KEYS: ReadonlySet<string> = new Set(["product", "deliveryDay", "bids"]);
const BID_KEYS: ReadonlySet<string> = new Set(["offeredCapacity", "capacityPrice", "energyPrice"]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

interface State {
  readonly catalogue: Catalogue;
  family: MarketFamily | undefined;
  /** productDateCode → where the request already claims it (for duplicate_product). */
  readonly claimed: Map<string, string>;
  readonly byId: ReadonlyMap<string, ExistingBid>;
  /** productDateCode → the live existing bid (a rejected one only when nothing else is there). */
  readonly live: ReadonlyMap<string, ExistingBid>;
}

function checkKeys(value: Record<string, unknown>, allowed: ReadonlySet<string>, at: string): Result<void> {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      const hint = key === "market" ? " (the product code says the market)" : "";
      return fail(
        "validation_failed",
        `unknown property ${quote(key)}${hint}; allowed: ${[...allowed].join(", ")}`,
        `${at}.${key}`,
      );
    }
  }
  return ok(undefined);
}

function claim(state: State, product: DeliveryProduct, as: string, field: string): Result<void> {
  const earlier = state.claimed.get(product.productDateCode);
  if (earlier !== undefined) {
    return fail(
      "duplicate_product",
      `one bid per product per asset: ${product.code} on ${product.deliveryDay} is already bid at ${earlier}`,
      field,
    );
  }
  state.claimed.set(product.productDateCode, as);
  return ok(undefined);
}

function parseOffer(value: unknown, field: string): Result<Kw> {
  const kw = kwFromWire(value, field);
  if (!kw.ok) return kw;
  if (kw.value < MIN_OFFER_KW) {
    return fail(
      "capacity_below_minimum",
      `offeredCapacity ${quote(value)} kW is below the minimum of 1 MW (1000 kW)`,
      field,
    );
  }
  if (kw.value % KW_PER_MW !== 0) {
    return fail(
      "capacity_not_whole_mw",
      `offeredCapacity must be whole MW: ${kw.value} kW is not a multiple of 1000 kW (fractions of a kW are dropped)`,
      field,
    );
  }
  return kw;
}

function parsePrice(
  row: MarketRow,
  bid: Record<string, unknown>,
  name: PriceField,
  at: string,
): Result<EuroCents | null> {
  const value = bid[name];
  const field = `${at}.${name}`;
  const unit = row.prices[name];
  const absent = value === undefined || value === null;
  if (unit === undefined) {
    if (absent) return ok(null);
    return fail("price_field_invalid", `${row.label} bids take no ${name}: send null or leave it out`, field);
  }
  if (absent) return fail("price_field_invalid", `${row.label} bids need a ${name} in ${unit}`, field);
  const cents = eurToCents(value, field, name);
  if (!cents.ok) return cents;
  if (Math.abs(cents.value) > MAX_PRICE_CENTS) {
    return fail("price_out_of_range", `${name} ${quote(value)} is outside −15,000 … 15,000 EUR`, field);
  }
  return cents;
}

/**
 * A symmetric reserve (FCR): ≤ its share of the smaller rated power (80 %), and its minutes at full power (15) both
 * ways from the 50 % operating point.
 */
function checkReserve(
  label: string,
  rule: ReserveRule,
  offeredKw: Kw,
  asset: VirtualAssetSpec,
  field: string,
): Result<void> {
  const ratedKw = Math.min(asset.ratedChargePowerKw, asset.ratedDischargePowerKw);
  // kW × 15 min = kW × 250 Wh; each way it must fit in half the available energy capacity.
  const reserveWhPerKw = (rule.fullPowerMinutes * 1000) / 60;
  const maxByPower = Math.floor((ratedKw * rule.maxSharePpm) / PPM);
  const maxByEnergy = Math.floor(asset.availableEnergyCapacityWh / 2 / reserveWhPerKw);
  const maxMw = Math.floor(Math.min(maxByPower, maxByEnergy) / KW_PER_MW);
  if (offeredKw * PPM > ratedKw * rule.maxSharePpm) {
    return fail(
      "capacity_exceeds_asset",
      `${label} offers at most ${rule.maxSharePpm / 10_000} % of the rated power (the smaller of charge and discharge, ` +
        `${ratedKw} kW): ${offeredKw} kW is too much; this asset can offer at most ${maxMw} MW`,
      field,
    );
  }
  if (offeredKw * reserveWhPerKw * 2 > asset.availableEnergyCapacityWh) {
    return fail(
      "capacity_exceeds_asset",
      `${label} holds ${rule.fullPowerMinutes} minutes at full power in reserve both ways from 50 % state of charge: ` +
        `${offeredKw} kW needs ${(offeredKw * reserveWhPerKw) / 1000} kWh each way, but half the available energy ` +
        `capacity is ${asset.availableEnergyCapacityWh / 2000} kWh; this asset can offer at most ${maxMw} MW`,
      field,
    );
  }
  return ok(undefined);
}

function replacementOf(
  existing: ExistingBid | undefined,
  offeredKw: Kw,
  state: State,
  at: string,
): Result<Replacement> {
  if (existing === undefined || isRejected(existing, state.byId)) return ok(NEW);
  if (existing.status === "pending") {
    return fail(
      "bid_pending",
      `the bid ${existing.bidId} for ${existing.product} on ${existing.deliveryDay} is still being placed with the TSO ` +
        "(pending) and cannot be replaced yet",
      `${at}.product`,
    );
  }
  if (existing.parentBidId === undefined) return ok({ kind: "replace", bidId: existing.bidId, parentBidId: null });
  return repriceImplicitEnergyBid(
    existing,
    state.byId.get(existing.parentBidId),
    offeredKw,
    `${at}.bids[0].offeredCapacity`,
  );
}

function validateItem(item: unknown, at: string, ctx: BidContext, state: State): Result<ValidatedBid> {
  if (!isRecord(item))
    return fail("validation_failed", "each product must be an object {product, deliveryDay, bids}", at);
  const keys = checkKeys(item, ITEM_KEYS, at);
  if (!keys.ok) return keys;
  const day = parseDeliveryDay(item.deliveryDay, `${at}.deliveryDay`);
  if (!day.ok) return day;
  const { catalogue } = state;
  const resolved = resolveProduct(item.product, day.value, `${at}.product`, catalogue);
  if (!resolved.ok) return resolved;
  const product = resolved.value;
  const row = catalogue.row(product.market);
  const family = row.family;
  state.family ??= family;
  if (family !== state.family) {
    return fail(
      "markets_mixed",
      `FCR and aFRR bids go in separate requests: ${product.code} is ${family}, the products before it are ${state.family}`,
      `${at}.product`,
    );
  }
  const claimed = claim(state, product, at, `${at}.product`);
  if (!claimed.ok) return claimed;
  const { asset, now } = ctx;
  if (product.start < asset.start || product.end > asset.end) {
    return fail(
      "product_outside_lifetime",
      `${product.code} on ${product.deliveryDay} (${toIso(product.start)} – ${toIso(product.end)}) is outside the ` +
        `virtual asset's lifetime ${toIso(asset.start)} – ${toIso(asset.end)}`,
      `${at}.deliveryDay`,
    );
  }
  const horizon = checkHorizon(product, now, `${at}.deliveryDay`, catalogue);
  if (!horizon.ok) return horizon;
  const gate = checkGate(product, now, `${at}.product`, catalogue);
  if (!gate.ok) return gate;

  const list = item.bids;
  if (!Array.isArray(list) || list.length === 0) {
    return fail("validation_failed", "bids must be an array holding the product's bid", `${at}.bids`);
  }
  if (list.length > 1) {
    return fail(
      "duplicate_product",
      `one bid per product per asset: ${product.code} on ${product.deliveryDay} has ${list.length} bids`,
      `${at}.bids[1]`,
    );
  }
  const bidAt = `${at}.bids[0]`;
  const bid: unknown = list[0];
  if (!isRecord(bid)) {
    return fail("validation_failed", "a bid must be an object {offeredCapacity, capacityPrice, energyPrice}", bidAt);
  }
  const bidKeys = checkKeys(bid, BID_KEYS, bidAt);
  if (!bidKeys.ok) return bidKeys;
  const offered = parseOffer(bid.offeredCapacity, `${bidAt}.offeredCapacity`);
  if (!offered.ok) return offered;
  const capacityPrice = parsePrice(row, bid, "capacityPrice", bidAt);
  if (!capacityPrice.ok) return capacityPrice;
  const energyPrice = parsePrice(row, bid, "energyPrice", bidAt);
  if (!energyPrice.ok) return energyPrice;
  const offeredKw = offered.value;
  if (row.reserve !== null) {
    const fits = checkReserve(row.label, row.reserve, offeredKw, asset, `${bidAt}.offeredCapacity`);
    if (!fits.ok) return fits;
  }
  const replacement = replacementOf(state.live.get(product.productDateCode), offeredKw, state, at);
  if (!replacement.ok) return replacement;

  const implicitEnergyBids: ImplicitEnergyBid[] = [];
  if (row.implicitEnergy !== null) {
    for (const energy of implicitEnergyProducts(product, catalogue)) {
      const taken = claim(state, energy, `${at} (implicit energy bid of ${product.code})`, `${at}.product`);
      if (!taken.ok) return taken;
      // The capacity bid is re-placed before its gate, so its implicit bids are replaced whatever their capacity.
      const old = state.live.get(energy.productDateCode);
      const live = old !== undefined && !isRejected(old, state.byId) ? old : undefined;
      if (live?.status === "pending") {
        return fail(
          "bid_pending",
          `the energy bid ${live.bidId} for ${energy.code} on ${energy.deliveryDay}, covered by ${product.code}, is ` +
            "still being placed with the TSO (pending) and cannot be replaced yet",
          `${at}.product`,
        );
      }
      implicitEnergyBids.push({
        product: energy,
        offeredKw,
        energyPriceCents: energyPrice.value!,
        replacesBidId: live?.bidId ?? null,
      });
    }
  }
  const r = replacement.value;
  return ok({
    product,
    offeredKw,
    capacityPriceCents: capacityPrice.value,
    energyPriceCents: energyPrice.value,
    replacesBidId: r.kind === "replace" ? r.bidId : null,
    parentBidId: r.kind === "replace" ? r.parentBidId : null,
    implicitEnergyBids,
  });
}

/** Validates and normalises the body of `POST …/ancillary/bids` for one virtual asset (rules in the header). */
export function validateAncillaryBids(
  body: unknown,
  ctx: BidContext,
  catalogue: Catalogue = MARKET_CATALOGUE,
): Result<ValidatedBids> {
  if (!Array.isArray(body) || body.length === 0) {
    return fail(
      "validation_failed",
      "the body must be a non-empty JSON array of products {product, deliveryDay, bids}",
    );
  }
  const byId = new Map(ctx.existing.map((b) => [b.bidId, b] as const));
  const live = new Map<string, ExistingBid>();
  for (const b of ctx.existing) {
    const key = `${b.deliveryDay}_${b.product}`;
    const held = live.get(key);
    if (held === undefined || isRejected(held, byId)) live.set(key, b);
  }
  const state: State = { catalogue, family: undefined, claimed: new Map(), byId, live };
  const bids: ValidatedBid[] = [];
  for (let i = 0; i < body.length; i++) {
    const bid = validateItem(body[i], `[${i}]`, ctx, state);
    if (!bid.ok) return bid;
    bids.push(bid.value);
  }
  const power = checkSimultaneousPower(bids, ctx, byId, catalogue);
  if (!power.ok) return power;
  return ok({ family: state.family!, bids });
}
