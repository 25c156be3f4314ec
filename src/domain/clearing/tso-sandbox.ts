/**
 * The TSO sandbox market (docs/tso-sandbox.md): one auction per product and delivery day. Pure: the engine
 * (src/engine/tso-auctions.ts) reads the bids, calls `runTsoAuction`, and writes the outcome. What differs between
 * markets (when they clear, the price ranked on, the mechanism and its settlement) is their row of the market
 * catalogue (src/domain/markets/catalogue.ts); each function takes the catalogue last, the real one by default.
 *
 * | market       | when it clears (`auctionTimeOf`)           | ranked by                 | settlement                     |
 * |--------------|--------------------------------------------|---------------------------|--------------------------------|
 * | FCR          | the TSO gate, D-1 08:00 Europe/Berlin        | capacityPrice (EUR/MW)    | pay-as-cleared (marginal price) |
 * | AFRRCapacity | the TSO gate, D-1 09:00 Europe/Berlin        | capacityPrice (EUR/MW/h)  | pay-as-bid, per direction (each product is one direction) |
 * | AFRREnergy   | the quarter-hour's end (activation known)   | energyPrice (EUR/MWh)     | marginal price of the activated volume |
 *
 * - The seed is derived from the product date code alone (`seedOfProductDateCode`, FNV-1a), so the same day and
 *   product always draw the same demand, the same synthetic competitors and the same activation: results are
 *   reproducible, byte for byte.
 * - Demand: configurable per market (MW); by default drawn from the seed uniformly in [75 %, 125 %] of the market's
 *   default (synthetic.ts). aFRR energy: the demand is the quarter-hour's maximum activation; the activated volume is
 *   drawn from the seed in whole MW (marginal-energy.ts) unless given.
 * - Synthetic competitors (synthetic.ts) are submitted uniformly in the week before the auction, so ties between a
 *   real and a synthetic bid break on real submission times, then ids.
 * - Whole-MW divisibility (step 1000 kW); ties by earliest submission, then lowest id (merit-order.ts).
 */
import { gatesOf } from "../ancillary/gates.js";
import type { DeliveryProduct } from "../ancillary/products.js";
import { type Catalogue, MARKET_CATALOGUE, type Market } from "../markets/catalogue.js";
import type { EpochMs } from "../time.js";
import type { EuroCents, Kw } from "../units.js";
import { createRandom } from "./random.js";
import { CLEARING_MECHANISMS, drawsActivation, type MechanismName } from "./registry.js";
import { generateSyntheticMarket } from "./synthetic.js";
import type { ClearingInput, Settlement } from "./types.js";

export const TSO_STEP_KW: Kw = 1000;
export const DEFAULT_SYNTHETIC_BID_COUNT = 40;
const WEEK_MS = 7 * 24 * 3600_000;

/** A real (provider) bid in an auction, in exact units. */
export interface TsoAuctionBid {
  readonly id: string;
  /** The price the market ranks on, euro-cents (capacityPrice for FCR / aFRR capacity, energyPrice for energy). */
  readonly priceCents: EuroCents;
  /** Whole MW in kW, > 0. */
  readonly quantityKw: Kw;
  readonly submittedAt: EpochMs;
}

export interface TsoAuctionSpec {
  readonly market: Market;
  /** `2026-06-02_NEGPOS_00_04`: names the auction and seeds it. */
  readonly productDateCode: string;
  /** When the auction clears (synthetic bids are submitted in the week before). */
  readonly auctionAt: EpochMs;
  readonly bids: readonly TsoAuctionBid[];
  /** Demand in whole MW; default drawn from the seed. */
  readonly demandMw?: number | undefined;
  /** aFRR energy only: the activated volume in whole MW (≤ demand); default drawn from the seed. */
  readonly activationMw?: number | undefined;
  /** Number of synthetic competitors; default 40. */
  readonly syntheticBidCount?: number | undefined;
}

/** One line of the merit order (real and synthetic bids alike). */
export interface TsoMeritEntry {
  readonly rank: number;
  readonly id: string;
  readonly synthetic: boolean;
  readonly priceCents: EuroCents;
  readonly offeredKw: Kw;
  readonly submittedAt: EpochMs;
  readonly accepted: boolean;
  readonly acceptedKw: Kw;
  /** What the accepted bid is paid per unit (clearing price or own price); null when rejected. */
  readonly pricePaidCents: EuroCents | null;
}

export interface TsoAuctionOutcome {
  readonly market: Market;
  readonly productDateCode: string;
  readonly mechanism: MechanismName;
  readonly settlement: Settlement;
  readonly seed: number;
  readonly demandKw: Kw;
  /** The activated volume for aFRR energy; the demand otherwise. */
  readonly requestedKw: Kw;
  readonly acceptedKw: Kw;
  readonly clearingPriceCents: EuroCents | null;
  readonly realBidCount: number;
  readonly syntheticBidCount: number;
  readonly meritOrder: readonly TsoMeritEntry[];
}

/** A bid's result as the virtual-battery results carry it. */
export interface TsoBidResult {
  readonly bidId: string;
  readonly accepted: boolean;
  readonly acceptedKw: Kw;
  /** Pay-as-cleared (FCR): the clearing price; null for the other mechanisms (see docs/tso-sandbox.md). */
  readonly settlementPriceCents: EuroCents | null;
}

/**
 * When a product's sandbox auction clears: the TSO gate for FCR and aFRR capacity; the end of the quarter-hour for
 * aFRR energy (its gate is 25 minutes before the start, but the activation and so the marginal price are known only
 * once the quarter-hour has been delivered).
 */
export function auctionTimeOf(product: DeliveryProduct, catalogue: Catalogue = MARKET_CATALOGUE): EpochMs {
  const gates = gatesOf(product, catalogue);
  return catalogue.row(product.market).clearsAt === "expected result" ? gates.expectedResult : gates.tso;
}

/** A 31-bit seed from a product date code (FNV-1a over UTF-16 code units): stable across platforms and runs. */
export function seedOfProductDateCode(code: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) {
    h ^= code.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}

/** The demand the seed draws for a market: uniform in whole MW over [75 %, 125 %] of its default. */
export function seededDemandMw(market: Market, seed: number, catalogue: Catalogue = MARKET_CATALOGUE): number {
  const base = catalogue.row(market).synthetic.demandMw;
  return createRandom(seed).nextInt(Math.ceil(base * 0.75), Math.floor(base * 1.25));
}

function checkWholeMw(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${field} must be a whole number of MW ≥ 0`);
}

/** Clears one product: synthetic competitors and demand from the seed, the real bids, the market's mechanism. */
export function runTsoAuction(spec: TsoAuctionSpec, catalogue: Catalogue = MARKET_CATALOGUE): TsoAuctionOutcome {
  const { market, productDateCode, auctionAt } = spec;
  const seed = seedOfProductDateCode(productDateCode);
  const demandMw = spec.demandMw ?? seededDemandMw(market, seed, catalogue);
  checkWholeMw(demandMw, "demandMw");
  const synthetic = generateSyntheticMarket(
    {
      // a different stream from the demand's: both derive from the same product date code
      seed: createRandom(seed).fork().nextInt(0, 0x7fffffff),
      market,
      bidCount: spec.syntheticBidCount ?? DEFAULT_SYNTHETIC_BID_COUNT,
      demandMw,
      submittedFrom: auctionAt - WEEK_MS,
      submittedUntil: auctionAt,
    },
    catalogue,
  );
  const mechanismName = catalogue.row(market).mechanism;
  const mechanism = CLEARING_MECHANISMS[mechanismName];
  const real = new Set<string>();
  const orders = [...synthetic.input.orders];
  for (const b of spec.bids) {
    real.add(b.id);
    orders.push({ id: b.id, price: b.priceCents, quantity: b.quantityKw, submittedAt: b.submittedAt });
  }
  let input: ClearingInput = { demand: demandMw * TSO_STEP_KW, orders, step: TSO_STEP_KW };
  if (drawsActivation(mechanismName)) {
    if (spec.activationMw !== undefined) {
      checkWholeMw(spec.activationMw, "activationMw");
      input = { ...input, activationVolume: Math.min(spec.activationMw, demandMw) * TSO_STEP_KW };
    } else if (synthetic.input.seed !== undefined) {
      input = { ...input, seed: synthetic.input.seed };
    }
  }
  const result = mechanism.clear(input);
  const byId = new Map(orders.map((o) => [o.id, o]));
  const meritOrder = result.awards.map((a): TsoMeritEntry => {
    const o = byId.get(a.id)!;
    return {
      rank: a.rank,
      id: a.id,
      synthetic: !real.has(a.id),
      priceCents: o.price,
      offeredKw: o.quantity,
      submittedAt: o.submittedAt,
      accepted: a.accepted,
      acceptedKw: a.acceptedQuantity,
      pricePaidCents: a.pricePaid,
    };
  });
  return {
    market,
    productDateCode,
    mechanism: mechanismName,
    settlement: mechanism.settlement,
    seed,
    demandKw: input.demand,
    requestedKw: result.requested,
    acceptedKw: result.acceptedTotal,
    clearingPriceCents: result.clearingPrice,
    realBidCount: real.size,
    syntheticBidCount: synthetic.input.orders.length,
    meritOrder,
  };
}

/** The real bids' results, in merit order; a settlement price when the mechanism settles at one uniform price. */
export function bidResultsOf(outcome: TsoAuctionOutcome): TsoBidResult[] {
  const uniform = CLEARING_MECHANISMS[outcome.mechanism].settlementPrice === "uniform";
  return outcome.meritOrder
    .filter((e) => !e.synthetic)
    .map((e) => ({
      bidId: e.id,
      accepted: e.accepted,
      acceptedKw: e.acceptedKw,
      settlementPriceCents: uniform && e.accepted ? outcome.clearingPriceCents : null,
    }));
}
