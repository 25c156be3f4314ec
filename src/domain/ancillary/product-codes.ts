/**
 * Product codes of the TSO ancillary markets (docs/domain.md §2), their grammar read from the market catalogue
 * (src/domain/markets/catalogue.ts): a market of 4-hour blocks has codes `<direction>_<hh>_<hh>` (FCR `NEGPOS_00_04`,
 * aFRR capacity `POS_00_04`), a market of quarter-hours `<direction>_<nnn>` (aFRR energy `POS_001` … `POS_100`);
 * the direction and the grammar say the market. Also the query-parameter lists of markets and directions.
 */
import type { Temporal } from "temporal-polyfill";
import { fail, ok, type Result } from "../errors.js";
import {
  type Catalogue,
  DIRECTIONS,
  type Direction,
  MARKET_CATALOGUE,
  MARKETS,
  type Market,
  type MarketRow,
} from "../markets/catalogue.js";
import type { EpochMs } from "../time.js";

/** A delivery day, `YYYY-MM-DD` in Europe/Berlin, or a Temporal date. */
export type DeliveryDay = Temporal.PlainDate | string;

export interface Interval {
  readonly start: EpochMs;
  readonly end: EpochMs;
}

/** A product code, independent of the day: `index` is 0-based (block 0…5; POS_001 → 0). */
export interface ProductCode {
  readonly code: string;
  readonly market: Market;
  readonly direction: Direction;
  readonly index: number;
}

/** A product on one delivery day, with its real interval. */
export interface DeliveryProduct extends ProductCode, Interval {
  readonly deliveryDay: string;
  readonly productDateCode: string;
}

export const BLOCKS_PER_DAY = 6;
export const BLOCK_HOURS = 4;
/** The most quarter-hours a local day can have (autumn DST day). */
export const MAX_QUARTER_HOURS = 100;

/** Quotes user input for a message, cut short so that a huge value never floods a response. */
export const quote = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** The code of a market's `index`-th product (0-based) in a direction: `NEGPOS_00_04`, `POS_001`. */
export function productCode(row: MarketRow, direction: Direction, index: number): string {
  return row.delivery === "quarter-hours"
    ? `${row.codePrefix}${direction}_${pad(index + 1, 3)}`
    : `${row.codePrefix}${direction}_${pad(index * BLOCK_HOURS, 2)}_${pad((index + 1) * BLOCK_HOURS, 2)}`;
}

interface Grammar {
  readonly row: MarketRow;
  readonly pattern: RegExp;
}
const grammars = new WeakMap<Catalogue, { readonly rules: readonly Grammar[]; readonly hint: string }>();

function grammarOf(catalogue: Catalogue) {
  let grammar = grammars.get(catalogue);
  if (grammar === undefined) {
    const rules = catalogue.rows.map((row) => {
      const prefix = row.codePrefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const tail = row.delivery === "quarter-hours" ? "_(\\d{3})" : "_(\\d{2})_(\\d{2})";
      return { row, pattern: new RegExp(`^${prefix}(${row.directions.join("|")})${tail}$`) };
    });
    const examples = catalogue.rows.map((r) => `${productCode(r, r.directions[0]!, 0)} (${r.label})`);
    const hint =
      examples.length > 1 ? `${examples.slice(0, -1).join(", ")} or ${examples[examples.length - 1]}` : examples[0]!;
    grammar = { rules, hint: `a product code such as ${hint}` };
    grammars.set(catalogue, grammar);
  }
  return grammar;
}

/** Parses a product code (without a day: `POS_100` parses; whether it exists depends on the day). */
export function parseProductCode(
  code: unknown,
  field = "product",
  catalogue: Catalogue = MARKET_CATALOGUE,
): Result<ProductCode> {
  const { rules, hint } = grammarOf(catalogue);
  if (typeof code === "string") {
    for (const { row, pattern } of rules) {
      const m = pattern.exec(code);
      if (!m) continue;
      const direction = m[1] as Direction;
      if (row.delivery === "quarter-hours") {
        const n = Number(m[2]);
        if (n >= 1 && n <= MAX_QUARTER_HOURS) return ok({ code, market: row.name, direction, index: n - 1 });
      } else {
        const from = Number(m[2]);
        const to = Number(m[3]);
        if (from % BLOCK_HOURS === 0 && from < 24 && to === from + BLOCK_HOURS) {
          return ok({ code, market: row.name, direction, index: from / BLOCK_HOURS });
        }
      }
    }
  }
  return fail("product_unknown", `${field} ${quote(code)} is not ${hint}`, field);
}

/** A comma separated query parameter, case sensitive, each item one of `allowed`; absent = undefined. */
export function parseCommaList<T extends string>(
  text: unknown,
  allowed: readonly T[],
  field: string,
): Result<readonly T[] | undefined> {
  if (text === undefined) return ok(undefined);
  if (typeof text !== "string") return fail("validation_failed", `${field} must be a comma separated list`, field);
  const items = text.split(",");
  for (const item of items) {
    if (!allowed.includes(item as T)) {
      return fail(
        "validation_failed",
        `${field}: ${quote(item)} is not one of ${allowed.join(", ")} (case sensitive)`,
        field,
      );
    }
  }
  return ok(items as T[]);
}

/** The `markets` query parameter: a comma separated list, case sensitive; absent = all markets. */
export const parseMarkets = (text: unknown, field = "markets"): Result<readonly Market[] | undefined> =>
  parseCommaList(text, MARKETS, field);
/** The `productDirections` query parameter: a comma separated list, case sensitive; absent = all directions. */
export const parseDirections = (text: unknown, field = "productDirections"): Result<readonly Direction[] | undefined> =>
  parseCommaList(text, DIRECTIONS, field);
