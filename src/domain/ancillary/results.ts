/**
 * The TSO's results on ancillary bids as they are stored (docs/domain.md §2, "Status" and "Clearing"). The
 * repository reads the bids and their live implicit energy bids, this decides, the repository stores the outcome:
 *
 * - a bid has one result per report; accepted capacity defaults to all of the offer when accepted, 0 when rejected,
 *   and never exceeds the offer;
 * - the settlement price is kept only for a market whose mechanism settles at one uniform price (FCR's
 *   pay-as-cleared, src/domain/markets/settlement.ts), null otherwise;
 * - rejecting a bid of a market with implicit energy bids (aFRR capacity) rejects its live implicit energy bids too.
 *
 * A broken report (a bid twice, an unknown bid, an impossible capacity or price) is a bug of the caller, not client
 * input: it throws.
 */
import { type Catalogue, hasImplicitEnergy, MARKET_CATALOGUE, type Market } from "../markets/catalogue.js";
import { settlementPriceOf } from "../markets/settlement.js";
import type { EpochMs } from "../time.js";
import type { EuroCents, Kw } from "../units.js";
import type { ExistingBid } from "./bid-types.js";
import { implicitBidsRejectedWith } from "./existing-bids.js";

/** A TSO decision on one bid, as the market engine reports it. */
export interface ReportedResult {
  readonly bidId: string;
  readonly accepted: boolean;
  /** Accepted kW (≤ offered); default: all of it when accepted, 0 when rejected. */
  readonly acceptedKw?: number;
  /** Pay-as-cleared markets only (FCR): the clearing price, euro-cents per MW. */
  readonly settlementPriceCents?: number | null;
  readonly decidedAt: EpochMs;
}

/** A result row to store. */
export interface ResultToStore {
  readonly bidId: string;
  readonly accepted: boolean;
  readonly acceptedKw: Kw;
  readonly settlementPriceCents: EuroCents | null;
  readonly decidedAt: EpochMs;
}

/** A reported bid as stored: its market and offer, and how the bid rules see it. */
export interface ReportedBid {
  readonly market: Market;
  readonly offeredKw: Kw;
  readonly existing: ExistingBid;
}

/** The ids of the reported results, each once; throws when a bid appears twice. */
export function reportedBidIds(results: readonly ReportedResult[]): readonly string[] {
  const ids = [...new Set(results.map((r) => r.bidId))];
  if (ids.length !== results.length) throw new Error("recordAncillaryResults: a bid appears twice");
  return ids;
}

/**
 * Whether a result's rejection rejects the bid's live implicit energy bids too: a rejected bid of a market with
 * implicit energy bids (aFRR capacity).
 */
export const rejectsImplicitEnergy = (
  result: ReportedResult,
  market: Market,
  catalogue: Catalogue = MARKET_CATALOGUE,
): boolean => !result.accepted && hasImplicitEnergy(market, catalogue);

/**
 * The rows to store for reported results: the reported ones, then the implicit energy bids rejected with them.
 * `bids` holds every reported bid by id; `children` the live implicit energy bids of the rejected ones.
 */
export function resultsToStore(
  results: readonly ReportedResult[],
  bids: ReadonlyMap<string, ReportedBid>,
  children: readonly ExistingBid[],
  catalogue: Catalogue = MARKET_CATALOGUE,
): ResultToStore[] {
  const ids = new Set(reportedBidIds(results));
  const rows = results.map((r): ResultToStore => {
    const bid = bids.get(r.bidId);
    if (!bid) throw new Error(`recordAncillaryResults: unknown bid ${r.bidId}`);
    const acceptedKw = r.acceptedKw ?? (r.accepted ? bid.offeredKw : 0);
    if (
      !Number.isSafeInteger(acceptedKw) ||
      acceptedKw < 0 ||
      acceptedKw > bid.offeredKw ||
      (!r.accepted && acceptedKw !== 0)
    ) {
      throw new Error(`recordAncillaryResults: accepted capacity ${acceptedKw} kW is invalid for bid ${r.bidId}`);
    }
    const price = r.settlementPriceCents ?? null;
    if (price !== null && !Number.isSafeInteger(price)) {
      throw new Error(`recordAncillaryResults: settlement price of bid ${r.bidId} is not whole euro-cents`);
    }
    return {
      bidId: r.bidId,
      accepted: r.accepted,
      acceptedKw,
      settlementPriceCents: settlementPriceOf(bid.market, price, catalogue),
      decidedAt: r.decidedAt,
    };
  });
  const childrenOf = new Map<string, ExistingBid[]>();
  for (const c of children) {
    if (c.parentBidId === undefined) continue;
    const list = childrenOf.get(c.parentBidId);
    if (list) list.push(c);
    else childrenOf.set(c.parentBidId, [c]);
  }
  const cascaded: ResultToStore[] = [];
  for (const r of results) {
    const bid = bids.get(r.bidId)!;
    if (!rejectsImplicitEnergy(r, bid.market, catalogue)) continue;
    const own = childrenOf.get(r.bidId) ?? [];
    for (const id of implicitBidsRejectedWith({ ...bid.existing, accepted: false }, own)) {
      if (!ids.has(id)) {
        cascaded.push({
          bidId: id,
          accepted: false,
          acceptedKw: 0,
          settlementPriceCents: null,
          decidedAt: r.decidedAt,
        });
      }
    }
  }
  return [...rows, ...cascaded];
}
