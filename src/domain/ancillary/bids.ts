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
import { type EpochMs, QUARTER_HOUR_MS, toIso } from "../time.js";
import { type EuroCents, eurToCents, type Kw, kwFromWire } from "../units.js";
import { checkGate, checkHorizon } from "./gates.js";
import {
  type DeliveryProduct,
  familyOf,
  findProduct,
  implicitEnergyProducts,
  MARKET_NAMES,
  type Market,
  type MarketFamily,
  parseDeliveryDay,
  quote,
  resolveProduct,
} from "./products.js";
import type { VirtualAssetSpec } from "./virtual-asset.js";

export const KW_PER_MW = 1000;
export const MIN_OFFER_KW = 1000;
/** ±15,000 EUR. */
export const MAX_PRICE_CENTS = 1_500_000;
export const FCR_MAX_SHARE_PERCENT = 80;
/** FCR holds the energy for this long at full offered power in reserve, both ways. */
export const FCR_RESERVE_MINUTES = 15;

export type BidStatus = "pending" | "submitted";

/** A bid this virtual asset already has (as stored), implicit aFRR energy bids included. */
export interface ExistingBid {
  readonly bidId: string;
  /** Product code, e.g. `POS_00_04`. */
  readonly product: string;
  /** `YYYY-MM-DD`. */
  readonly deliveryDay: string;
  readonly status: BidStatus;
  readonly offeredKw: Kw;
  /** The TSO's result: true accepted, false rejected, absent while unknown. */
  readonly accepted?: boolean;
  /** Implicit aFRR energy bids only: the aFRR capacity bid that created them. */
  readonly parentBidId?: string;
}

export interface BidContext {
  readonly asset: VirtualAssetSpec;
  readonly now: EpochMs;
  /** The asset's bids on (at least) the delivery days of the request; products tile their day, so others never overlap. */
  readonly existing: readonly ExistingBid[];
}

export interface ImplicitEnergyBid {
  readonly product: DeliveryProduct;
  readonly offeredKw: Kw;
  readonly energyPriceCents: EuroCents;
  readonly replacesBidId: string | null;
}

export interface ValidatedBid {
  readonly product: DeliveryProduct;
  readonly offeredKw: Kw;
  readonly capacityPriceCents: EuroCents | null;
  readonly energyPriceCents: EuroCents | null;
  /** The live bid of this product that this one replaces, if any. */
  readonly replacesBidId: string | null;
  /** An aFRR energy bid repricing an implicit one keeps its aFRR capacity bid. */
  readonly parentBidId: string | null;
  /** aFRR capacity only: its implicit aFRR energy bids; empty otherwise. */
  readonly implicitEnergyBids: readonly ImplicitEnergyBid[];
}

export interface ValidatedBids {
  readonly family: MarketFamily;
  readonly bids: readonly ValidatedBid[];
}

/** What a new bid does to the live bid of its product. */
export type Replacement =
  | { readonly kind: "new" }
  | { readonly kind: "replace"; readonly bidId: string; readonly parentBidId: string | null };

const NEW: Replacement = { kind: "new" };

const ITEM_KEYS: ReadonlySet<string> = new Set(["product", "deliveryDay", "bids"]);
const BID_KEYS: ReadonlySet<string> = new Set(["offeredCapacity", "capacityPrice", "energyPrice"]);

type PriceField = "capacityPrice" | "energyPrice";
/** Per market, the unit of each price it requires; a field absent here must be null or left out. */
const PRICE_UNITS: Readonly<Record<Market, Partial<Record<PriceField, string>>>> = {
  FCR: { capacityPrice: "EUR/MW" },
  AFRRCapacity: { capacityPrice: "EUR/MW/h", energyPrice: "EUR/MWh" },
  AFRREnergy: { energyPrice: "EUR/MWh" },
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A bid counts as rejected when the TSO rejected it or (implicit energy bids) its aFRR capacity bid. */
function isRejected(bid: ExistingBid, byId: ReadonlyMap<string, ExistingBid>): boolean {
  if (bid.accepted === false) return true;
  return bid.parentBidId !== undefined && byId.get(bid.parentBidId)?.accepted === false;
}

/**
 * A new aFRR energy bid on the product of an implicit energy bid (terralayr API; docs/wire-compatibility.md):
 * - its aFRR capacity bid was rejected → the implicit bid is rejected too; the new bid stands alone (`new`);
 * - accepted, or no result yet → the implicit bid is repriced (`replace`, keeping its capacity bid), but its offered
 *   capacity is never reduced (`implicit_capacity_reduced`).
 */
export function repriceImplicitEnergyBid(
  implicit: ExistingBid,
  parent: ExistingBid | undefined,
  offeredKw: Kw,
  field: string,
): Result<Replacement> {
  if (implicit.accepted === false || parent?.accepted === false) return ok(NEW);
  const parentBidId = implicit.parentBidId ?? parent?.bidId ?? null;
  if (offeredKw < implicit.offeredKw) {
    const why = parent?.accepted === true ? "was accepted" : "has no result yet";
    return fail(
      "implicit_capacity_reduced",
      `${implicit.product} on ${implicit.deliveryDay} is an implicit energy bid of an aFRR capacity bid that ${why}: ` +
        `its offered capacity may not drop below ${implicit.offeredKw} kW (got ${offeredKw} kW)`,
      field,
    );
  }
  return ok({ kind: "replace", bidId: implicit.bidId, parentBidId });
}

/** When an aFRR capacity bid is rejected, its implicit energy bids are rejected too: the ids to mark rejected. */
export function implicitBidsRejectedWith(parent: ExistingBid, existing: readonly ExistingBid[]): readonly string[] {
  if (parent.accepted !== false) return [];
  return existing.filter((b) => b.parentBidId === parent.bidId && b.accepted !== false).map((b) => b.bidId);
}

interface State {
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
  market: Market,
  bid: Record<string, unknown>,
  name: PriceField,
  at: string,
): Result<EuroCents | null> {
  const value = bid[name];
  const field = `${at}.${name}`;
  const unit = PRICE_UNITS[market][name];
  const absent = value === undefined || value === null;
  if (unit === undefined) {
    if (absent) return ok(null);
    return fail(
      "price_field_invalid",
      `${MARKET_NAMES[market]} bids take no ${name}: send null or leave it out`,
      field,
    );
  }
  if (absent) return fail("price_field_invalid", `${MARKET_NAMES[market]} bids need a ${name} in ${unit}`, field);
  const cents = eurToCents(value, field, name);
  if (!cents.ok) return cents;
  if (Math.abs(cents.value) > MAX_PRICE_CENTS) {
    return fail("price_out_of_range", `${name} ${quote(value)} is outside −15,000 … 15,000 EUR`, field);
  }
  return cents;
}

/** FCR: ≤ 80 % of the smaller rated power, and 15 minutes at full power both ways from the 50 % operating point. */
function checkFcrAsset(offeredKw: Kw, asset: VirtualAssetSpec, field: string): Result<void> {
  const ratedKw = Math.min(asset.ratedChargePowerKw, asset.ratedDischargePowerKw);
  // kW × 15 min = kW × 250 Wh; each way it must fit in half the available energy capacity.
  const reserveWhPerKw = (FCR_RESERVE_MINUTES * 1000) / 60;
  const maxByPower = Math.floor((ratedKw * FCR_MAX_SHARE_PERCENT) / 100);
  const maxByEnergy = Math.floor(asset.availableEnergyCapacityWh / 2 / reserveWhPerKw);
  const maxMw = Math.floor(Math.min(maxByPower, maxByEnergy) / KW_PER_MW);
  if (offeredKw * 100 > ratedKw * FCR_MAX_SHARE_PERCENT) {
    return fail(
      "capacity_exceeds_asset",
      `FCR offers at most ${FCR_MAX_SHARE_PERCENT} % of the rated power (the smaller of charge and discharge, ` +
        `${ratedKw} kW): ${offeredKw} kW is too much; this asset can offer at most ${maxMw} MW`,
      field,
    );
  }
  if (offeredKw * reserveWhPerKw * 2 > asset.availableEnergyCapacityWh) {
    return fail(
      "capacity_exceeds_asset",
      `FCR holds ${FCR_RESERVE_MINUTES} minutes at full power in reserve both ways from 50 % state of charge: ` +
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
  const resolved = resolveProduct(item.product, day.value, `${at}.product`);
  if (!resolved.ok) return resolved;
  const product = resolved.value;
  const family = familyOf(product.market);
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
  const horizon = checkHorizon(product, now, `${at}.deliveryDay`);
  if (!horizon.ok) return horizon;
  const gate = checkGate(product, now, `${at}.product`);
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
  const capacityPrice = parsePrice(product.market, bid, "capacityPrice", bidAt);
  if (!capacityPrice.ok) return capacityPrice;
  const energyPrice = parsePrice(product.market, bid, "energyPrice", bidAt);
  if (!energyPrice.ok) return energyPrice;
  const offeredKw = offered.value;
  if (product.market === "FCR") {
    const fits = checkFcrAsset(offeredKw, asset, `${bidAt}.offeredCapacity`);
    if (!fits.ok) return fits;
  }
  const replacement = replacementOf(state.live.get(product.productDateCode), offeredKw, state, at);
  if (!replacement.ok) return replacement;

  const implicitEnergyBids: ImplicitEnergyBid[] = [];
  if (product.market === "AFRRCapacity") {
    for (const energy of implicitEnergyProducts(product)) {
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

/** The products a bid holds power on: FCR and aFRR energy themselves, aFRR capacity through its implicit bids. */
const powerProducts = (bid: ValidatedBid): readonly DeliveryProduct[] =>
  bid.product.market === "AFRRCapacity" ? bid.implicitEnergyBids.map((e) => e.product) : [bid.product];

/** Every quarter-hour touched by the new bids: the asset's live bids together within its rated power each way. */
function checkSimultaneousPower(bids: readonly ValidatedBid[], ctx: BidContext, state: State): Result<void> {
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
    if (!days.has(old.deliveryDay) || replaced.has(old.bidId) || isRejected(old, state.byId)) continue;
    const p = findProduct(old.product, old.deliveryDay);
    if (p === undefined)
      throw new Error(`existing bid ${old.bidId} has unknown product ${old.product} on ${old.deliveryDay}`);
    if (p.market !== "AFRRCapacity") held.push([p, old.offeredKw]);
  }
  for (const b of bids) for (const p of powerProducts(b)) held.push([p, b.offeredKw]);
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
    for (const p of powerProducts(bids[i]!)) {
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

/** Validates and normalises the body of `POST …/ancillary/bids` for one virtual asset (rules in the header). */
export function validateAncillaryBids(body: unknown, ctx: BidContext): Result<ValidatedBids> {
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
  const state: State = { family: undefined, claimed: new Map(), byId, live };
  const bids: ValidatedBid[] = [];
  for (let i = 0; i < body.length; i++) {
    const bid = validateItem(body[i], `[${i}]`, ctx, state);
    if (!bid.ok) return bid;
    bids.push(bid.value);
  }
  const power = checkSimultaneousPower(bids, ctx, state);
  if (!power.ok) return power;
  return ok({ family: state.family!, bids });
}
