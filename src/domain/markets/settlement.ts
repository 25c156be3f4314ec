/**
 * The settlement price a TSO bid's result records, from its market's clearing mechanism (the market catalogue's row,
 * src/domain/clearing/registry.ts): pay-as-cleared records the auction's uniform clearing price; pay-as-bid and
 * marginal-energy record none (docs/domain.md §2, "Clearing"; docs/tso-sandbox.md).
 */
import { CLEARING_MECHANISMS } from "../clearing/registry.js";
import type { EuroCents } from "../units.js";
import { type Catalogue, MARKET_CATALOGUE, type Market } from "./catalogue.js";

/** Whether a market's results carry a settlement price (its mechanism settles at one uniform price). */
export function recordsSettlementPrice(market: Market, catalogue: Catalogue = MARKET_CATALOGUE): boolean {
  return CLEARING_MECHANISMS[catalogue.row(market).mechanism].settlementPrice === "uniform";
}

/** The settlement price a result of this market records: the given price, or null when its mechanism has none. */
export function settlementPriceOf(
  market: Market,
  priceCents: EuroCents | null,
  catalogue: Catalogue = MARKET_CATALOGUE,
): EuroCents | null {
  return recordsSettlementPrice(market, catalogue) ? priceCents : null;
}
