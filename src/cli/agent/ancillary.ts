/**
 * Virtual batteries: the prices the agent bids against and the planners that turn them into
 * `POST …/ancillary/bids` bodies.
 *
 * Planners (a `Planner` is any function; the agent takes one by injection), each with its prices file:
 * - `pricesPlanner(kW)` ("prices"): a CSV with a header, or a JSON array of objects, one row per product and
 *   delivery day: `deliveryDay` (YYYY-MM-DD, Europe/Berlin), `product` (e.g. NEGPOS_00_04, POS_08_12),
 *   `capacityPrice` (EUR/MW for FCR, EUR/MW/h for aFRR), `energyPrice` (EUR/MWh, aFRR only; empty / null for FCR).
 *   Offers `kW` in every product of the market that has a row for the day, at that price.
 * - `optimizerPlanner()` ("optimizer"): the prices.csv of `flexmarket optimize` (`time,wholesale,fcr,…` per
 *   quarter-hour); the delivery day's rows go to `POST /organisations/{org}/virtual-assets/{id}/optimize` and the
 *   plan's `bids.fcr` / `bids.afrr` bodies are what is bid: only what the plan replaces or adds (the bids the asset
 *   holds and keeps are not re-sent). For aFRR the FCR prices are left out, so the plan keeps the FCR bids as
 *   they are and its aFRR body is accepted on its own.
 */
import { readFileSync } from "node:fs";
import { Temporal } from "temporal-polyfill";
import { parseProductCode } from "../../domain/ancillary/products.js";
import { type DayAheadMarket, familyRank, takesPrice } from "../../domain/markets/catalogue.js";
import { BERLIN, startOfDay } from "../../domain/time.js";
import { type AncillaryBidProducts, dataOf, type FlexmarketClient, IDEMPOTENT } from "../../sdk/index.js";
import { parsePricesCsv } from "../optimize-command.js";

export interface PriceRow {
  readonly deliveryDay: string;
  readonly product: string;
  readonly capacityPrice: number;
  readonly energyPrice: number | null;
}

export type ProductBody = AncillaryBidProducts[number];

function num(value: unknown, where: string, nullable: boolean): number | null {
  if (value === null || value === undefined || value === "") {
    if (nullable) return null;
    throw new Error(`${where} is required`);
  }
  const n = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isFinite(n)) throw new Error(`${where} is not a number: ${String(value)}`);
  return n;
}

/** Parses a prices file's text (CSV or JSON, by its first character). */
export function parsePrices(text: string, name = "prices"): PriceRow[] {
  const trimmed = text.trim();
  let records: Record<string, unknown>[];
  if (trimmed.startsWith("[")) {
    records = JSON.parse(trimmed) as Record<string, unknown>[];
  } else {
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("#"));
    const header = (lines.shift() ?? "").split(",").map((h) => h.trim());
    records = lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [header[i] ?? `c${i}`, v.trim()])));
  }
  return records.map((r, i) => {
    const where = `${name} row ${i + 1}`;
    const deliveryDay = String(r.deliveryDay ?? "");
    if (deliveryDay !== ANY_DAY && !/^\d{4}-\d{2}-\d{2}$/.test(deliveryDay)) {
      throw new Error(`${where}: deliveryDay must be YYYY-MM-DD or * (every day)`);
    }
    const product = String(r.product ?? "");
    if (!parseProductCode(product).ok) throw new Error(`${where}: product "${product}" is not a product code`);
    return {
      deliveryDay,
      product,
      capacityPrice: num(r.capacityPrice, `${where}: capacityPrice`, false) as number,
      energyPrice: num(r.energyPrice, `${where}: energyPrice`, true),
    };
  });
}

/** The text of a prices source: a local file, or an http(s) URL (fetched each time it is needed). */
export async function readPricesText(source: string): Promise<string> {
  if (!/^https?:\/\//i.test(source)) return readFileSync(source, "utf8");
  const response = await fetch(source);
  if (!response.ok) throw new Error(`prices ${source}: HTTP ${response.status}`);
  return response.text();
}

export const readPrices = async (source: string): Promise<PriceRow[]> =>
  parsePrices(await readPricesText(source), source);

export interface PlanInput {
  readonly fm: FlexmarketClient;
  readonly organisationId: string;
  readonly virtualAssetId: string;
  readonly deliveryDay: string;
  readonly market: DayAheadMarket;
  /** The configured prices file or http(s) URL (each planner reads the format it documents). */
  readonly pricesFile: string;
}

/** Makes the products to bid for one virtual asset, delivery day and market (empty: nothing to bid yet). */
export type Planner = (input: PlanInput) => Promise<ProductBody[]>;

const marketOf = (product: string) => {
  const code = parseProductCode(product);
  return code.ok ? code.value.market : undefined;
};

/** A price row for every delivery day that has no row of its own for that product (a standing price). */
export const ANY_DAY = "*";

/** The day's price rows of a market: its own rows, and standing (`*`) rows for the products it has none for. */
export function pricesForDay(rows: readonly PriceRow[], deliveryDay: string, market: DayAheadMarket): PriceRow[] {
  const ofMarket = rows.filter((p) => marketOf(p.product) === market);
  const own = ofMarket.filter((p) => p.deliveryDay === deliveryDay);
  const priced = new Set(own.map((p) => p.product));
  return [...own, ...ofMarket.filter((p) => p.deliveryDay === ANY_DAY && !priced.has(p.product))];
}

/** Offers `offeredCapacityKw` in every product of the market that has a price row for the day, at that price. */
export function pricesPlanner(offeredCapacityKw: number): Planner {
  return async ({ deliveryDay, market, pricesFile }) =>
    pricesForDay(await readPrices(pricesFile), deliveryDay, market).map((p) => ({
      product: p.product,
      deliveryDay,
      bids: [
        {
          offeredCapacity: offeredCapacityKw,
          capacityPrice: p.capacityPrice,
          energyPrice: takesPrice(market, "energyPrice") ? p.energyPrice : null,
        },
      ],
    }));
}

/**
 * The rows of a `flexmarket optimize` prices.csv (`time,wholesale,fcr,…` per quarter-hour) that fall on one
 * delivery day (Europe/Berlin), with the header; undefined when the file has no complete row set for that day.
 */
export function pricesCsvForDay(text: string, deliveryDay: string): string | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  const header = lines.shift();
  if (header === undefined) return undefined;
  const timeColumn = header
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .indexOf("time");
  if (timeColumn < 0) return undefined;
  const day = Temporal.PlainDate.from(deliveryDay);
  const start = startOfDay(day, BERLIN);
  const end = startOfDay(day.add({ days: 1 }), BERLIN);
  const rows = lines.filter((l) => {
    const at = Date.parse(l.split(",")[timeColumn]?.trim() ?? "");
    return at >= start && at < end;
  });
  return rows.length === 0 ? undefined : [header, ...rows].join("\n");
}

/**
 * Asks the platform's optimizer (`POST /organisations/{org}/virtual-assets/{id}/optimize`) for the day, with the
 * day's rows of a `flexmarket optimize` prices.csv, and takes its `bids.fcr` / `bids.afrr` bodies for the market.
 */
export function optimizerPlanner(options: { timeLimitSeconds?: number } = {}): Planner {
  return async ({ fm, organisationId, virtualAssetId, deliveryDay, market, pricesFile }) => {
    const csv = pricesCsvForDay(await readPricesText(pricesFile), deliveryDay);
    if (csv === undefined) return [];
    const { horizon, prices } = parsePricesCsv(csv, deliveryDay);
    // The answer's requests go in the catalogue's family order, FCR first, then aFRR, and only the whole sequence is
    // accepted for sure. Bidding aFRR alone, FCR gets no price: the plan then leaves the asset's FCR bids as they
    // are, so the aFRR body stands alone.
    const request = familyRank(market);
    if (request > 0) delete (prices as { fcr?: unknown }).fcr;
    const plan = await dataOf(
      fm.api.POST("/organisations/{organisationID}/virtual-assets/{virtualAssetID}/optimize", {
        ...IDEMPOTENT, // it stores nothing
        params: { path: { organisationID: organisationId, virtualAssetID: virtualAssetId } },
        body: {
          horizon,
          prices: prices as { wholesale: number[] },
          ...(options.timeLimitSeconds !== undefined
            ? { options: { timeLimitSeconds: options.timeLimitSeconds } }
            : {}),
        },
      }),
    );
    const bodies = [plan.bids.fcr, plan.bids.afrr][request]!;
    return bodies.filter((p) => p.deliveryDay === deliveryDay && marketOf(p.product) === market);
  };
}
