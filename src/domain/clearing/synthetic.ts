/**
 * Synthetic TSO sandbox markets: for one product, a demand and N competing bids with plausible prices, drawn
 * deterministically from a seed (same options → identical market). Integer units throughout: kW in whole MW,
 * euro-cents. Prices are skewed towards the cheap end (the product of two uniform draws), as real merit orders
 * are: many cheap bids and a thin expensive tail.
 *
 * Each market's band and default demand is its row of the market catalogue (src/domain/markets/catalogue.ts):
 *
 * | market        | price unit (wire)  | default range     | default demand |
 * |---------------|--------------------|-------------------|----------------|
 * | FCR           | EUR/MW per 4-h block | 20–160 (5–40 EUR/MW/h × 4) | 100 MW |
 * | AFRRCapacity  | EUR/MW/h           | 2–30              | 80 MW          |
 * | AFRREnergy    | EUR/MWh            | 50–300            | 40 MW (max activation; the volume is drawn) |
 */
import { type Catalogue, MARKET_CATALOGUE, type Market } from "../markets/catalogue.js";
import type { EpochMs } from "../time.js";
import type { EuroCents, Kw } from "../units.js";
import { createRandom } from "./random.js";
import { drawsActivation, type MechanismName } from "./registry.js";
import type { ClearingInput, Order } from "./types.js";

/** 2026-01-01T00:00:00Z: the default start of the submission window (any fixed instant would do). */
export const SYNTHETIC_DEFAULT_SUBMITTED_FROM: EpochMs = 1_767_225_600_000;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface SyntheticMarketOptions {
  readonly seed: number;
  readonly market: Market;
  /** Number of competing bids; default 40. */
  readonly bidCount?: number;
  /** Demand in whole MW; default per market (table above). */
  readonly demandMw?: number;
  /** Largest bid in whole MW (bids are 1…maxBidMw MW, uniform); default 10. */
  readonly maxBidMw?: number;
  /** Price range in euro-cents, inclusive; default per market (table above). */
  readonly priceRangeCents?: readonly [EuroCents, EuroCents];
  /** Submission times are uniform in [submittedFrom, submittedUntil); default a week from 2026-01-01. */
  readonly submittedFrom?: EpochMs;
  readonly submittedUntil?: EpochMs;
}

export interface SyntheticMarket {
  readonly market: Market;
  readonly mechanism: MechanismName;
  readonly seed: number;
  /** Ready to clear with `mechanism`; for an activated market (aFRR energy) it carries a `seed` so the activation volume is drawn. */
  readonly input: ClearingInput;
}

const KW_PER_MW: Kw = 1000;

/** Generates a synthetic sandbox market. Throws RangeError for nonsensical options (a caller bug). */
export function generateSyntheticMarket(
  options: SyntheticMarketOptions,
  catalogue: Catalogue = MARKET_CATALOGUE,
): SyntheticMarket {
  const { seed, market } = options;
  const row = catalogue.row(market);
  const bidCount = options.bidCount ?? 40;
  const demandMw = options.demandMw ?? row.synthetic.demandMw;
  const maxBidMw = options.maxBidMw ?? 10;
  const [minPrice, maxPrice] = options.priceRangeCents ?? row.synthetic.priceRangeCents;
  const from = options.submittedFrom ?? SYNTHETIC_DEFAULT_SUBMITTED_FROM;
  const until = options.submittedUntil ?? from + WEEK_MS;
  if (!Number.isSafeInteger(bidCount) || bidCount < 0) throw new RangeError("bidCount must be an integer ≥ 0");
  if (!Number.isSafeInteger(demandMw) || demandMw < 0) throw new RangeError("demandMw must be an integer ≥ 0");
  if (!Number.isSafeInteger(maxBidMw) || maxBidMw < 1) throw new RangeError("maxBidMw must be an integer ≥ 1");
  if (!Number.isSafeInteger(minPrice) || !Number.isSafeInteger(maxPrice) || minPrice > maxPrice) {
    throw new RangeError("priceRangeCents must be integers [min, max] with min ≤ max");
  }
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(until) || until <= from) {
    throw new RangeError("submittedFrom < submittedUntil, integer epoch ms");
  }
  const span = maxPrice - minPrice;
  if (span * span > Number.MAX_SAFE_INTEGER) throw new RangeError("priceRangeCents too wide");

  const rng = createRandom(seed);
  const orders: Order[] = new Array(bidCount);
  for (let n = 0; n < bidCount; n++) {
    const a = rng.nextInt(0, span);
    const b = rng.nextInt(0, span);
    const price = minPrice + (span === 0 ? 0 : Math.floor((a * b) / span));
    const quantity = rng.nextInt(1, maxBidMw) * KW_PER_MW;
    const submittedAt = rng.nextInt(from, until - 1);
    orders[n] = { id: `syn-${seed}-${n + 1}`, price, quantity, submittedAt };
  }
  const demand = demandMw * KW_PER_MW;
  const input: ClearingInput = drawsActivation(row.mechanism)
    ? { demand, orders, step: KW_PER_MW, seed: rng.nextInt(0, 0xffffffff) }
    : { demand, orders, step: KW_PER_MW };
  return { market, mechanism: row.mechanism, seed, input };
}
