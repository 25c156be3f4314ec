/**
 * Internal virtual-asset auctions (docs/domain.md §2, "Internal auctions"; docs/tso-sandbox.md): the platform auctions a
 * virtual asset to traders. Sealed bids in EUR; pure rules here, the scheduler is src/engine/internal-auctions.ts.
 *
 * | rule | |
 * |---|---|
 * | phase | `NOT_STARTED` before `start`; `RUNNING` in `[start, end)`; `PENDING` from `end` until the scheduler decides; then closed |
 * | bids | only while RUNNING; `price` a JSON number or decimal string in EUR, > 0, ≤ 10,000,000, at most 2 decimals |
 * | which bid counts | the latest bid of each bidder (a new bid replaces the bidder's earlier one) |
 * | winner | the highest price; ties to the earliest bid, then the lowest organisation id |
 * | status a bidder sees once decided | `WON` (its bid won), `LOST` (it bid, another won), `NO_BIDS_SUBMITTED` (it did not bid) |
 */
import { Decimal } from "decimal.js";
import { fail, ok, type Result } from "../errors.js";
import type { EpochMs } from "../time.js";
import type { EuroCents } from "../units.js";

export const MAX_AUCTION_PRICE_CENTS: EuroCents = 1_000_000_000; // 10,000,000 EUR

export type AuctionPhase = "NOT_STARTED" | "RUNNING" | "PENDING" | "DECIDED";
export type AuctionStatus = "NOT_STARTED" | "RUNNING" | "PENDING" | "WON" | "LOST" | "NO_BIDS_SUBMITTED";

export interface AuctionTimes {
  readonly start: EpochMs;
  readonly end: EpochMs;
  /** When the scheduler decided it; null until then. */
  readonly decidedAt: EpochMs | null;
}

/** The auction's phase at `now`. */
export function phaseAt(auction: AuctionTimes, now: EpochMs): AuctionPhase {
  if (auction.decidedAt !== null) return "DECIDED";
  if (now < auction.start) return "NOT_STARTED";
  if (now < auction.end) return "RUNNING";
  return "PENDING";
}

/** The status one organisation sees. */
export function statusFor(
  phase: AuctionPhase,
  viewer: { readonly organisationId: string; readonly hasBid: boolean },
  winnerOrganisationId: string | null,
): AuctionStatus {
  if (phase !== "DECIDED") return phase;
  if (winnerOrganisationId !== null && winnerOrganisationId === viewer.organisationId) return "WON";
  return viewer.hasBid ? "LOST" : "NO_BIDS_SUBMITTED";
}

/** A bid's price from the wire: a JSON number or a decimal string in EUR → euro-cents. */
export function parseAuctionPrice(value: unknown, field = "price"): Result<EuroCents> {
  let d: Decimal;
  if (typeof value === "number" && Number.isFinite(value)) d = new Decimal(String(value));
  else if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) d = new Decimal(value);
  else return fail("auction_price_invalid", `${field} must be a positive amount in EUR, e.g. 1250.50`, field);
  const cents = d.times(100);
  if (!cents.isInteger()) return fail("auction_price_invalid", `${field} has more than 2 decimal places`, field);
  if (cents.lte(0)) return fail("auction_price_invalid", `${field} must be more than 0 EUR`, field);
  if (cents.gt(MAX_AUCTION_PRICE_CENTS)) {
    return fail("auction_price_invalid", `${field} must be at most 10,000,000 EUR`, field);
  }
  return ok(cents.toNumber());
}

/** `auction_not_running` unless the auction takes bids at `now`. */
export function checkAuctionRunning(auction: AuctionTimes, now: EpochMs): Result<void> {
  const phase = phaseAt(auction, now);
  if (phase === "RUNNING") return ok(undefined);
  const why = phase === "NOT_STARTED" ? "has not started" : "has ended";
  return fail("auction_not_running", `the auction ${why}: bids are taken only while it is running`, "price");
}

export interface AuctionBid {
  readonly organisationId: string;
  readonly priceCents: EuroCents;
  /** When the bidder's latest bid was placed. */
  readonly placedAt: EpochMs;
}

/** The winning bid among each bidder's latest bid (see the header), or null without bids. Pure, input untouched. */
export function decideAuction(bids: readonly AuctionBid[]): AuctionBid | null {
  let best: AuctionBid | null = null;
  for (const b of bids) {
    if (
      best === null ||
      b.priceCents > best.priceCents ||
      (b.priceCents === best.priceCents &&
        (b.placedAt < best.placedAt || (b.placedAt === best.placedAt && b.organisationId < best.organisationId)))
    ) {
      best = b;
    }
  }
  return best;
}
