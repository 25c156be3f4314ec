/**
 * The market catalogue: every fact of a German TSO ancillary market (docs/domain.md §2) that the code relies on, one
 * row per market. Products, gates, bid rules, clearing, the TSO sandbox, the optimizer, the CLI agent and the
 * dashboard read these rows; no code outside src/domain/markets/ compares against a market's name. Adding a market
 * is a row here plus a migration for the stored market names (docs/markets.md).
 *
 * | row field      | FCR                        | AFRRCapacity                 | AFRREnergy                       |
 * |----------------|----------------------------|------------------------------|----------------------------------|
 * | label          | FCR                        | aFRR capacity                | aFRR energy                      |
 * | family         | FCR (its own requests)     | AFRR                         | AFRR                             |
 * | delivery       | 4-hour blocks              | 4-hour blocks                | quarter-hours                    |
 * | directions     | NEGPOS                     | POS, NEG                     | POS, NEG                         |
 * | implicitEnergy | —                          | AFRREnergy (one per quarter-hour of the block) | —              |
 * | gates          | D-1 07:30 / 08:00 / 08:20  | D-1 08:30 / 09:00 / 09:30    | quarter-hour start − 25 min      |
 * | horizonDays    | 7                          | — (the asset's lifetime)     | —                                |
 * | clearsAt       | TSO gate                   | TSO gate                     | expected result (quarter-hour end) |
 * | prices         | capacityPrice EUR/MW       | capacityPrice EUR/MW/h, energyPrice EUR/MWh | energyPrice EUR/MWh |
 * | meritPrice     | capacityPrice              | capacityPrice                | energyPrice                      |
 * | reserve        | ≤ 80 % of rated power, 15 min full power both ways | —    | —                                |
 * | mechanism      | pay-as-cleared             | pay-as-bid                   | marginal-energy                  |
 * | synthetic      | 20–160 EUR/MW, 100 MW      | 2–30 EUR/MW/h, 80 MW         | 50–300 EUR/MWh, 40 MW            |
 *
 * Functions that read the catalogue take it as their last parameter, the real one by default, so a test can run
 * them on a catalogue with another market (markets.test.ts).
 */
import type { MechanismName } from "../clearing/registry.js";
import type { EuroCents } from "../units.js";

/** The markets' names as the wire and the database spell them, in listing order. */
export const MARKETS = ["FCR", "AFRRCapacity", "AFRREnergy"] as const;
export type Market = (typeof MARKETS)[number];
export const DIRECTIONS = ["POS", "NEG", "NEGPOS"] as const;
/** `POS` discharge, `NEG` charge, `NEGPOS` both (symmetric). */
export type Direction = (typeof DIRECTIONS)[number];
/** Markets of one family go in one request (FCR and aFRR apart). */
export type MarketFamily = string;
export type PriceField = "capacityPrice" | "energyPrice";

/** A wall-clock time in Europe/Berlin. */
export interface LocalTime {
  readonly hour: number;
  readonly minute: number;
}

/** When bids close: on the day before delivery at fixed times, or some minutes before each product starts. */
export type GateRule =
  | {
      readonly kind: "day before";
      /** The platform takes bids until (excluding) this time. */
      readonly platform: LocalTime;
      readonly tso: LocalTime;
      readonly expectedResult: LocalTime;
    }
  | {
      /** The platform's and the TSO's gate coincide; the result is known at the product's end. */
      readonly kind: "before start";
      readonly minutes: number;
    };

/** A share of rated power a symmetric reserve may offer, and the full-power energy it holds both ways. */
export interface ReserveRule {
  /** Of the smaller of rated charge and discharge power, in ppm (800,000 = 80 %). */
  readonly maxSharePpm: number;
  /** Minutes at full offered power held in reserve each way from 50 % state of charge. */
  readonly fullPowerMinutes: number;
}

export interface MarketRow {
  readonly name: Market;
  /** The market's name in messages and on the dashboard. */
  readonly label: string;
  readonly family: MarketFamily;
  /** The family's name in messages and on the dashboard. */
  readonly familyLabel: string;
  /** Products: six 4-hour blocks of the local day, or its real quarter-hours (92, 96 or 100). */
  readonly delivery: "4-hour blocks" | "quarter-hours";
  /** In code order. */
  readonly directions: readonly Direction[];
  /** Put before the direction in its product codes (empty for the markets the wire knows). */
  readonly codePrefix: string;
  /** The quarter-hour market in which each bid creates implicit energy bids over its block; null for none. */
  readonly implicitEnergy: Market | null;
  readonly gates: GateRule;
  /** Bids open this many days ahead of delivery (Berlin); null: no horizon but the asset's lifetime. */
  readonly horizonDays: number | null;
  /** When the sandbox clears a product: at the TSO gate, or at the expected result. */
  readonly clearsAt: "tso gate" | "expected result";
  /** The prices a bid carries, each with its wire unit; a field absent here must be null or left out. */
  readonly prices: Readonly<Partial<Record<PriceField, string>>>;
  /** The price the merit order ranks on. */
  readonly meritPrice: PriceField;
  /** A symmetric reserve's limits on what one asset may offer; null for none beyond its rated power. */
  readonly reserve: ReserveRule | null;
  /** The clearing mechanism (src/domain/clearing/registry.ts). */
  readonly mechanism: MechanismName;
  /** The TSO sandbox's synthetic competitors: price band (inclusive, euro-cents) and default demand (whole MW). */
  readonly synthetic: { readonly priceRangeCents: readonly [EuroCents, EuroCents]; readonly demandMw: number };
}

export interface Catalogue {
  /** In listing order. */
  readonly rows: readonly MarketRow[];
  readonly markets: readonly Market[];
  /** The row of a market; throws RangeError for a market the catalogue does not hold (a caller bug). */
  row(market: Market): MarketRow;
  has(market: string): market is Market;
}

/** A catalogue of these rows, in this order. */
export function defineCatalogue(rows: readonly MarketRow[]): Catalogue {
  const byName = new Map(rows.map((r) => [r.name as string, r] as const));
  if (byName.size !== rows.length) throw new RangeError("a market appears twice in the catalogue");
  return Object.freeze({
    rows: Object.freeze([...rows]),
    markets: Object.freeze(rows.map((r) => r.name)),
    row(market: Market): MarketRow {
      const row = byName.get(market);
      if (row === undefined) throw new RangeError(`unknown market ${market}`);
      return row;
    },
    has: (market: string): market is Market => byName.has(market),
  });
}

const FOUR_HOUR_BLOCKS = "4-hour blocks";

export const MARKET_CATALOGUE: Catalogue = defineCatalogue([
  {
    name: "FCR",
    label: "FCR",
    family: "FCR",
    familyLabel: "FCR",
    delivery: FOUR_HOUR_BLOCKS,
    directions: ["NEGPOS"],
    codePrefix: "",
    implicitEnergy: null,
    gates: {
      kind: "day before",
      platform: { hour: 7, minute: 30 },
      tso: { hour: 8, minute: 0 },
      expectedResult: { hour: 8, minute: 20 },
    },
    horizonDays: 7,
    clearsAt: "tso gate",
    prices: { capacityPrice: "EUR/MW" },
    meritPrice: "capacityPrice",
    reserve: { maxSharePpm: 800_000, fullPowerMinutes: 15 },
    mechanism: "pay-as-cleared",
    // 5–40 EUR/MW/h × 4 h
    synthetic: { priceRangeCents: [2_000, 16_000], demandMw: 100 },
  },
  {
    name: "AFRRCapacity",
    label: "aFRR capacity",
    family: "AFRR",
    familyLabel: "aFRR",
    delivery: FOUR_HOUR_BLOCKS,
    directions: ["POS", "NEG"],
    codePrefix: "",
    implicitEnergy: "AFRREnergy",
    gates: {
      kind: "day before",
      platform: { hour: 8, minute: 30 },
      tso: { hour: 9, minute: 0 },
      expectedResult: { hour: 9, minute: 30 },
    },
    horizonDays: null,
    clearsAt: "tso gate",
    prices: { capacityPrice: "EUR/MW/h", energyPrice: "EUR/MWh" },
    meritPrice: "capacityPrice",
    reserve: null,
    mechanism: "pay-as-bid",
    synthetic: { priceRangeCents: [200, 3_000], demandMw: 80 },
  },
  {
    name: "AFRREnergy",
    label: "aFRR energy",
    family: "AFRR",
    familyLabel: "aFRR",
    delivery: "quarter-hours",
    directions: ["POS", "NEG"],
    codePrefix: "",
    implicitEnergy: null,
    gates: { kind: "before start", minutes: 25 },
    horizonDays: null,
    clearsAt: "expected result",
    prices: { energyPrice: "EUR/MWh" },
    meritPrice: "energyPrice",
    reserve: null,
    mechanism: "marginal-energy",
    // the demand is the quarter-hour's maximum activation; the activated volume is drawn
    synthetic: { priceRangeCents: [5_000, 30_000], demandMw: 40 },
  },
]);

/** The row of a market in the real catalogue. */
export const marketRow = (market: Market, catalogue: Catalogue = MARKET_CATALOGUE): MarketRow => catalogue.row(market);

/** The markets' names in messages. */
export const MARKET_NAMES: Readonly<Record<Market, string>> = Object.freeze(
  Object.fromEntries(MARKET_CATALOGUE.rows.map((r) => [r.name, r.label])) as Record<Market, string>,
);

export const familyOf = (market: Market, catalogue: Catalogue = MARKET_CATALOGUE): MarketFamily =>
  catalogue.row(market).family;

/** A family's place in request order (FCR's requests go before aFRR's). */
export function familyRank(market: Market, catalogue: Catalogue = MARKET_CATALOGUE): number {
  const family = catalogue.row(market).family;
  return [...new Set(catalogue.rows.map((r) => r.family))].indexOf(family);
}

/** Whether a market's bids create implicit energy bids (and hold power only through them). */
export const hasImplicitEnergy = (market: Market, catalogue: Catalogue = MARKET_CATALOGUE): boolean =>
  catalogue.row(market).implicitEnergy !== null;

/** Whether a market's bids carry this price. */
export const takesPrice = (market: Market, field: PriceField, catalogue: Catalogue = MARKET_CATALOGUE): boolean =>
  catalogue.row(market).prices[field] !== undefined;

/** The price of a bid the merit order ranks on, euro-cents. */
export function meritPriceCents(
  market: Market,
  bid: { readonly capacityPriceCents: EuroCents | null; readonly energyPriceCents: EuroCents | null },
  catalogue: Catalogue = MARKET_CATALOGUE,
): EuroCents | null {
  return catalogue.row(market).meritPrice === "energyPrice" ? bid.energyPriceCents : bid.capacityPriceCents;
}

/** The markets bid per delivery day, before a day-ahead gate: what the optimizer plans and the CLI agent bids. */
export type DayAheadMarket = "FCR" | "AFRRCapacity";
/** The day-ahead markets, in listing order (the rows whose gates are on the day before delivery). */
export const DAY_AHEAD_MARKETS: readonly DayAheadMarket[] = Object.freeze(
  MARKET_CATALOGUE.rows.filter((r) => r.gates.kind === "day before").map((r) => r.name as DayAheadMarket),
);

/** The furthest ahead any market opens (days after today in Berlin). */
export const MAX_HORIZON_DAYS: number = Math.max(...MARKET_CATALOGUE.rows.map((r) => r.horizonDays ?? 0));

/** The symmetric reserve row of the catalogue (the optimizer's and the bid rules' reserve limits). */
export function reserveRuleOf(market: Market, catalogue: Catalogue = MARKET_CATALOGUE): ReserveRule | null {
  return catalogue.row(market).reserve;
}
