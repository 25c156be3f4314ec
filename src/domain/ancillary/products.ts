/**
 * Products of the German TSO ancillary markets (docs/domain.md §2; docs/wire-compatibility.md).
 *
 * Rules:
 * - Markets `FCR`, `AFRRCapacity`, `AFRREnergy`; directions `POS` (discharge), `NEG` (charge), `NEGPOS` (both).
 *   FCR is symmetric (NEGPOS only); aFRR is POS or NEG.
 * - FCR `NEGPOS_00_04` … `NEGPOS_20_24` and aFRR capacity `POS_00_04` … `NEG_20_24`: six 4-hour blocks of LOCAL
 *   Europe/Berlin time. On DST days the block holding the switch (00_04) lasts 3 h (spring) or 5 h (autumn) of real time.
 * - aFRR energy `POS_001` … / `NEG_001` …: the n-th real quarter-hour of the local day — 96, or 92 on the spring DST
 *   day, 100 on the autumn one.
 * - Intervals are half-open `[start, end)` in UTC epoch ms. The products of one market and direction tile their
 *   delivery day exactly.
 * - `productDateCode` = `<deliveryDay>_<product>`, e.g. `2026-05-30_NEGPOS_00_04`.
 * - The implicit aFRR energy products of an aFRR capacity block are the real quarter-hours inside the block: 16, and
 *   on DST days 12 (spring) or 20 (autumn) for the block 00_04 — the obligation covers the block's real duration.
 * - `productsOverlapping` selects a product when its interval overlaps `[start, end)`; at most 366 delivery days.
 *
 * The markets, their directions, delivery granularity and code grammar come from the market catalogue
 * (src/domain/markets/catalogue.ts); every function takes the catalogue last, the real one by default. A day's
 * products are computed once per catalogue and cached (frozen objects); delivery days given as strings must be
 * `YYYY-MM-DD` (validate wire input with `parseDeliveryDay` first). Codes and their grammar: product-codes.ts.
 */
import { Temporal } from "temporal-polyfill";
import { fail, ok, type Result } from "../errors.js";
import { type Catalogue, type Direction, MARKET_CATALOGUE, type Market } from "../markets/catalogue.js";
import { BERLIN, type EpochMs, localDate, QUARTER_HOUR_MS, startOfDay, zonedToEpoch } from "../time.js";
import {
  BLOCK_HOURS,
  BLOCKS_PER_DAY,
  type DeliveryDay,
  type DeliveryProduct,
  type Interval,
  parseProductCode,
  productCode,
  quote,
} from "./product-codes.js";

export {
  DIRECTIONS,
  type Direction,
  familyOf,
  MARKET_NAMES,
  MARKETS,
  type Market,
  type MarketFamily,
} from "../markets/catalogue.js";
export {
  BLOCK_HOURS,
  BLOCKS_PER_DAY,
  type DeliveryDay,
  type DeliveryProduct,
  type Interval,
  MAX_QUARTER_HOURS,
  type ProductCode,
  parseCommaList,
  parseDirections,
  parseMarkets,
  parseProductCode,
  quote,
} from "./product-codes.js";

export const MAX_OVERLAP_DAYS = 366;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

interface DayTable {
  readonly deliveryDay: string;
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly byMarket: ReadonlyMap<Market, readonly DeliveryProduct[]>;
  /** `<market>/<direction>` → the quarter-hour products of a quarter-hour market, in time order. */
  readonly quarterHours: ReadonlyMap<string, readonly DeliveryProduct[]>;
  readonly byCode: ReadonlyMap<string, DeliveryProduct>;
  /** Per code, its place in the day's listing order (market order, then code order). */
  readonly rank: ReadonlyMap<string, number>;
  /** The next delivery day, `YYYY-MM-DD`. */
  readonly next: string;
}

const CACHE_LIMIT = 1024;
const cachesOf = new WeakMap<Catalogue, Map<string, DayTable>>();
function cacheOf(catalogue: Catalogue): Map<string, DayTable> {
  let cache = cachesOf.get(catalogue);
  if (cache === undefined) {
    cache = new Map();
    cachesOf.set(catalogue, cache);
  }
  return cache;
}
const tables = cacheOf(MARKET_CATALOGUE);

function buildTable(date: Temporal.PlainDate, catalogue: Catalogue): DayTable {
  const deliveryDay = date.toString();
  const start = startOfDay(date, BERLIN);
  const end = startOfDay(date.add({ days: 1 }), BERLIN);
  const bounds: EpochMs[] = [];
  for (let i = 0; i < BLOCKS_PER_DAY; i++) {
    bounds.push(zonedToEpoch(date, new Temporal.PlainTime(i * BLOCK_HOURS), BERLIN));
  }
  bounds.push(end);
  const make = (code: string, market: Market, direction: Direction, index: number, from: EpochMs, to: EpochMs) =>
    Object.freeze({
      code,
      market,
      direction,
      index,
      deliveryDay,
      productDateCode: `${deliveryDay}_${code}`,
      start: from,
      end: to,
    });
  const count = (end - start) / QUARTER_HOUR_MS;
  const byMarket = new Map<Market, readonly DeliveryProduct[]>();
  const quarterHours = new Map<string, readonly DeliveryProduct[]>();
  const byCode = new Map<string, DeliveryProduct>();
  const rank = new Map<string, number>();
  for (const row of catalogue.rows) {
    const products: DeliveryProduct[] = [];
    for (const direction of row.directions) {
      if (row.delivery === "quarter-hours") {
        const list = Object.freeze(
          Array.from({ length: count }, (_, i) => {
            const from = start + i * QUARTER_HOUR_MS;
            return make(productCode(row, direction, i), row.name, direction, i, from, from + QUARTER_HOUR_MS);
          }),
        );
        quarterHours.set(`${row.name}/${direction}`, list);
        products.push(...list);
      } else {
        for (let i = 0; i < BLOCKS_PER_DAY; i++) {
          products.push(make(productCode(row, direction, i), row.name, direction, i, bounds[i]!, bounds[i + 1]!));
        }
      }
    }
    byMarket.set(row.name, Object.freeze(products));
    for (const p of products) {
      rank.set(p.code, byCode.size);
      byCode.set(p.code, p);
    }
  }
  const next = date.add({ days: 1 }).toString();
  return { deliveryDay, start, end, byMarket, quarterHours, byCode, rank, next };
}

function tableOf(day: DeliveryDay, catalogue: Catalogue = MARKET_CATALOGUE): DayTable {
  const key = typeof day === "string" ? day : day.toString();
  const cache = catalogue === MARKET_CATALOGUE ? tables : cacheOf(catalogue);
  let table = cache.get(key);
  if (table === undefined) {
    if (typeof day === "string" && !DAY_RE.test(day))
      throw new RangeError(`delivery day ${quote(day)} is not YYYY-MM-DD`);
    table = buildTable(typeof day === "string" ? Temporal.PlainDate.from(day, { overflow: "reject" }) : day, catalogue);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, table);
  }
  return table;
}

/** Validates a wire delivery day (`YYYY-MM-DD`, a real calendar date) and returns it. */
export function parseDeliveryDay(text: unknown, field = "deliveryDay"): Result<string> {
  if (typeof text === "string" && tables.has(text)) return ok(text);
  if (typeof text === "string" && DAY_RE.test(text)) {
    try {
      return ok(Temporal.PlainDate.from(text, { overflow: "reject" }).toString());
    } catch {
      // falls through to the rejection below
    }
  }
  return fail("delivery_day_invalid", `${field} ${quote(text)} is not a calendar date in the form YYYY-MM-DD`, field);
}

/** The products of a market on a delivery day, in code order (POS before NEG). */
export function productsOf(
  market: Market,
  deliveryDay: DeliveryDay,
  catalogue: Catalogue = MARKET_CATALOGUE,
): readonly DeliveryProduct[] {
  const products = tableOf(deliveryDay, catalogue).byMarket.get(market);
  if (products === undefined) throw new RangeError(`unknown market ${market}`);
  return products;
}

/** The product with this code on this delivery day, if it exists. */
export function findProduct(
  code: string,
  deliveryDay: DeliveryDay,
  catalogue: Catalogue = MARKET_CATALOGUE,
): DeliveryProduct | undefined {
  return tableOf(deliveryDay, catalogue).byCode.get(code);
}

/** A product code from the wire, checked to exist on the delivery day (`product_unknown` otherwise). */
export function resolveProduct(
  code: unknown,
  deliveryDay: DeliveryDay,
  field = "product",
  catalogue: Catalogue = MARKET_CATALOGUE,
): Result<DeliveryProduct> {
  const table = tableOf(deliveryDay, catalogue);
  const found = typeof code === "string" ? table.byCode.get(code) : undefined;
  if (found) return ok(found);
  const parsed = parseProductCode(code, field, catalogue);
  if (!parsed.ok) return parsed;
  const count = (table.end - table.start) / QUARTER_HOUR_MS;
  return fail(
    "product_unknown",
    `${field} ${parsed.value.code} does not exist on ${table.deliveryDay}: that day has ${count} quarter-hours`,
    field,
  );
}

/** The real interval `[start, end)` in UTC of a product on a delivery day. */
export function productInterval(code: string, deliveryDay: DeliveryDay): Result<Interval> {
  const product = resolveProduct(code, deliveryDay);
  return product.ok ? ok({ start: product.value.start, end: product.value.end }) : product;
}

/** `2026-05-30_NEGPOS_00_04`. */
export function productDateCode(code: string, deliveryDay: DeliveryDay): string {
  return `${typeof deliveryDay === "string" ? deliveryDay : deliveryDay.toString()}_${code}`;
}

/**
 * The aFRR energy products covered by an aFRR capacity block: the same direction's quarter-hours inside the block's
 * real interval (16; 12 or 20 for the block 00_04 on DST days). Empty for any other market.
 */
export function implicitEnergyProducts(
  capacity: DeliveryProduct,
  catalogue: Catalogue = MARKET_CATALOGUE,
): readonly DeliveryProduct[] {
  const energy = catalogue.row(capacity.market).implicitEnergy;
  if (energy === null) return [];
  const table = tableOf(capacity.deliveryDay, catalogue);
  const from = (capacity.start - table.start) / QUARTER_HOUR_MS;
  const to = (capacity.end - table.start) / QUARTER_HOUR_MS;
  return table.quarterHours.get(`${energy}/${capacity.direction}`)?.slice(from, to) ?? [];
}

/** The product a stored `productDateCode` (`2026-05-30_NEGPOS_00_04`) names; undefined when it names none. */
export function productOfDateCode(code: string, catalogue: Catalogue = MARKET_CATALOGUE): DeliveryProduct | undefined {
  const day = code.slice(0, 10);
  if (code.charCodeAt(10) !== 95 /* _ */ || !DAY_RE.test(day)) return undefined;
  let table: DayTable;
  try {
    table = tableOf(day, catalogue);
  } catch {
    return undefined;
  }
  return table.byCode.get(code.slice(11));
}

/** A product's place in listing order within its day: `productsOverlapping` orders by delivery day, then this. */
export function productRank(product: DeliveryProduct, catalogue: Catalogue = MARKET_CATALOGUE): number {
  return tableOf(product.deliveryDay, catalogue).rank.get(product.code)!;
}

export interface ProductFilter {
  readonly markets?: readonly Market[];
  readonly directions?: readonly Direction[];
}

/** Whether a product's interval overlaps `[start, end)` and it passes the filter (as `productsOverlapping` selects). */
export function productSelected(
  product: DeliveryProduct,
  start: EpochMs,
  end: EpochMs,
  filter: ProductFilter,
): boolean {
  return (
    product.start < end &&
    start < product.end &&
    (filter.markets === undefined || filter.markets.includes(product.market)) &&
    (filter.directions === undefined || filter.directions.includes(product.direction))
  );
}

/**
 * The first and last delivery day whose products can overlap `[start, end)`, without listing the products (a week is
 * 1,470 of them): `interval_invalid` exactly when `productsOverlapping` says so.
 */
export function deliveryDaysOverlapping(start: EpochMs, end: EpochMs): Result<{ firstDay: string; lastDay: string }> {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= end) {
    return fail("interval_invalid", "start must be before end", "start");
  }
  const firstTable = cachedTableAt(start);
  const lastTable = firstTable && cachedTableAt(end - 1);
  let firstDay: string;
  let lastDay: string;
  let span: number;
  if (firstTable && lastTable) {
    firstDay = firstTable.deliveryDay;
    lastDay = lastTable.deliveryDay;
    span = (Date.parse(lastDay) - Date.parse(firstDay)) / DAY_MS;
  } else {
    const first = localDate(start, BERLIN);
    const last = localDate(end - 1, BERLIN);
    firstDay = first.toString();
    lastDay = last.toString();
    span = first.until(last).days;
  }
  if (span >= MAX_OVERLAP_DAYS) {
    return fail("interval_invalid", `the interval may span at most ${MAX_OVERLAP_DAYS} delivery days`, "end");
  }
  return ok({ firstDay, lastDay });
}

/**
 * The products whose intervals overlap `[start, end)` (UTC), ordered by delivery day, then market, then code order.
 * `interval_invalid` unless start < end and the interval touches at most 366 delivery days.
 */
export function productsOverlapping(
  start: EpochMs,
  end: EpochMs,
  filter: ProductFilter = {},
  catalogue: Catalogue = MARKET_CATALOGUE,
): Result<readonly DeliveryProduct[]> {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start >= end) {
    return fail("interval_invalid", "start must be before end", "start");
  }
  const markets = filter.markets ?? catalogue.markets;
  const directions = filter.directions;
  const select = (table: DayTable, selected: DeliveryProduct[]) => {
    for (const market of catalogue.markets) {
      if (!markets.includes(market)) continue;
      for (const p of table.byMarket.get(market)!) {
        if (p.start < end && start < p.end && (directions === undefined || directions.includes(p.direction))) {
          selected.push(p);
        }
      }
    }
  };
  const firstTable = cachedTableAt(start, catalogue);
  const lastTable = firstTable && cachedTableAt(end - 1, catalogue);
  if (firstTable && lastTable) {
    // The same walk over the cached day tables, without calendar arithmetic.
    if ((Date.parse(lastTable.deliveryDay) - Date.parse(firstTable.deliveryDay)) / DAY_MS >= MAX_OVERLAP_DAYS) {
      return fail("interval_invalid", `the interval may span at most ${MAX_OVERLAP_DAYS} delivery days`, "end");
    }
    const selected: DeliveryProduct[] = [];
    for (let table = firstTable; ; table = tableOf(table.next, catalogue)) {
      select(table, selected);
      if (table === lastTable || table.deliveryDay >= lastTable.deliveryDay) break;
    }
    return ok(selected);
  }
  const first = localDate(start, BERLIN);
  const last = localDate(end - 1, BERLIN);
  if (first.until(last).days >= MAX_OVERLAP_DAYS) {
    return fail("interval_invalid", `the interval may span at most ${MAX_OVERLAP_DAYS} delivery days`, "end");
  }
  const selected: DeliveryProduct[] = [];
  for (let day = first; Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
    select(tableOf(day, catalogue), selected);
  }
  return ok(selected);
}

const DAY_MS = 86_400_000;
const TWO_HOURS_MS = 7_200_000;

/** The UTC calendar date of an instant as `YYYY-MM-DD`, or undefined outside the years 1000…9999. */
function utcDay(ms: EpochMs): string | undefined {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) return undefined;
  return date.toISOString().slice(0, 10);
}

/**
 * The table of the delivery day holding an instant, found without Temporal: Europe/Berlin is UTC+1 or UTC+2, so
 * the local day is the UTC day of `ms + 2 h` or the day before it. Undefined when neither holds the instant (other
 * offsets in history, far years): the caller then takes the calendar path.
 */
function cachedTableAt(ms: EpochMs, catalogue: Catalogue = MARKET_CATALOGUE): DayTable | undefined {
  for (const shifted of [ms + TWO_HOURS_MS, ms + TWO_HOURS_MS - DAY_MS]) {
    const day = utcDay(shifted);
    if (day === undefined) return undefined;
    const table = tableOf(day, catalogue);
    if (table.start <= ms && ms < table.end) return table;
  }
  return undefined;
}
