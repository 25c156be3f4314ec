/** The words a person reads for the API's codes: markets, control areas, rate types, amounts with their units. */
import { MARKET_CATALOGUE, type Market } from "../../src/domain/markets/catalogue.js";

/**
 * What the dashboard shows of each TSO market, from the market catalogue: its name, the unit of its main (merit
 * order) price, and whether it is an energy market (bids per quarter-hour, cleared against the activated volume)
 * rather than a capacity market.
 */
interface MarketLabel {
  readonly name: string;
  readonly priceUnit: string;
  readonly energy: boolean;
}
const MARKETS: Record<string, MarketLabel> = Object.fromEntries(
  MARKET_CATALOGUE.rows.map((r) => [
    r.name,
    {
      name: r.label,
      priceUnit: (r.prices[r.meritPrice] ?? "EUR/MW").replace(/^EUR\//, ""),
      energy: r.delivery === "quarter-hours",
    },
  ]),
);
const marketOf = (code: string): MarketLabel => MARKETS[code] ?? { name: code, priceUnit: "MW", energy: false };
export const marketName = (code: string): string => marketOf(code).name;
/** The name of a market's family, whose bids go in one request ("FCR", "aFRR"). */
export const familyName = (market: Market): string => MARKET_CATALOGUE.row(market).familyLabel;
/** The unit of the market's main price, after "EUR/". */
export const marketPriceUnit = (code: string): string => marketOf(code).priceUnit;
export const isEnergyMarket = (code: string): boolean => marketOf(code).energy;
/** Markets in the order of the table above (unknown ones last), for sorting. */
export const marketRank = (code: string): number => {
  const i = Object.keys(MARKETS).indexOf(code);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
};

/** German control areas by their EIC code (the area names are what the virtual-battery API answers). */
const CONTROL_AREAS: Record<string, string> = {
  "10YDE-VE-------2": "50Hertz",
  "10YDE-RWENET---I": "Amprion",
  "10YDE-EON------1": "TenneT",
  "10YDE-ENBW-----N": "TransnetBW",
};
export const zoneName = (zone: string): string => CONTROL_AREAS[zone] ?? zone;

const RATES: Record<string, { name: string; unit: string }> = {
  availability: { name: "Availability", unit: "£/MW/h" },
  utilisation: { name: "Utilisation", unit: "£/MWh" },
  service_fee: { name: "Service fee", unit: "£" },
};
export const rateName = (type: string): string => RATES[type]?.name ?? type.replace(/_/g, " ");
export const rateUnit = (type: string): string => RATES[type]?.unit ?? "£";

const gbp = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const grouped = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 3 });

/** A decimal string in £ → "£1,350.00" (display only: the exact string is what is sent). */
export const pounds = (value: string): string => {
  const n = Number(value);
  return Number.isFinite(n) ? `${n < 0 ? "−" : ""}£${gbp.format(Math.abs(n))}` : `£${value}`;
};

/** A rate as a person reads it: "Availability £12.00/MW/h", "Service fee £1,350.00". */
export function rateText(rate: { type: string; value: string }): string {
  const unit = rateUnit(rate.type);
  return `${rateName(rate.type)} ${pounds(rate.value)}${unit === "£" ? "" : unit.slice(1)}`;
}

export const percent = (value: number): string => `${value.toFixed(1)} %`;
export const kw = (value: number): string => `${grouped.format(value)} kW`;
export const kwh = (value: number): string => `${grouped.format(value)} kWh`;
export const mw = (kilowatts: number): string => `${grouped.format(kilowatts / 1000)} MW`;
export const eur = (value: number | null, unit = ""): string =>
  value === null ? "—" : `${grouped.format(value)} EUR${unit ? `/${unit}` : ""}`;

/** A status code as words: "results_published" → "results published". */
export const statusText = (status: string): string => status.replace(/_/g, " ");

/**
 * A virtual asset's name: the API gives none, and its ids are time-ordered (they share a prefix), so it is named by
 * its zone and size, with the end of its id to tell two alike apart.
 */
export function batteryName(va: { id: string; deliveryZone: string; energyCapacity: number }): string {
  return `${zoneName(va.deliveryZone)} battery ${grouped.format(va.energyCapacity / 1000)} MWh · …${va.id.slice(-6)}`;
}
