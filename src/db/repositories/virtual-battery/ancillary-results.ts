/**
 * The TSO's results on ancillary bids (one row per decided bid) and the reads of the TSO sandbox market
 * (src/engine/tso-auctions.ts). What a report stores — accepted capacity, settlement price, the implicit energy
 * bids rejected with their capacity bid — is decided by the domain (src/domain/ancillary/results.ts); this stores it.
 */
import type { ExistingBid } from "../../../domain/ancillary/bids.js";
import {
  type ReportedBid,
  type ReportedResult,
  rejectsImplicitEnergy,
  reportedBidIds,
  resultsToStore,
} from "../../../domain/ancillary/results.js";
import { insertRows } from "../../bulk.js";
import type { AncillaryResultTable } from "../../schema.js";
import type { Executor } from "../organisations.js";
import {
  type BidRow,
  INSERT_BATCH,
  type StoredBid,
  selectBids,
  toExistingBid,
  toStoredBid,
} from "./ancillary-bid-rows.js";
import { isoOf } from "./virtual-assets.js";

const RESULT_COLUMNS = [
  "bid_id",
  "accepted",
  "accepted_kw",
  "settlement_price_cents",
  "decided_at",
] as const satisfies readonly (keyof AncillaryResultTable)[];

/** A TSO decision on one bid, as the market engine reports it. */
export type AncillaryResultInput = ReportedResult;

async function writeResults(
  db: Executor,
  results: readonly AncillaryResultInput[],
  known: ReadonlyMap<string, StoredBid>,
): Promise<StoredBid[]> {
  const ids = reportedBidIds(results);
  if (ids.length === 0) return [];
  const bids = new Map<string, ReportedBid>();
  /** Every bid this step saw, by id: what the decided bids are built from. */
  const seen = new Map<string, StoredBid>();
  const reported = (bid: StoredBid) => {
    seen.set(bid.id, bid);
    bids.set(bid.id, { market: bid.market, offeredKw: bid.offeredKw, existing: toExistingBid(bid) });
  };
  const unknown: string[] = [];
  for (const id of ids) {
    const bid = known.get(id);
    if (bid === undefined) unknown.push(id);
    else reported(bid);
  }
  for (let i = 0; i < unknown.length; i += INSERT_BATCH) {
    const rows = (await selectBids(db)
      .where("b.id", "in", unknown.slice(i, i + INSERT_BATCH))
      .execute()) as BidRow[];
    for (const row of rows) reported(toStoredBid(row));
  }
  // The live implicit energy bids of the rejected ones: the domain decides which are rejected with them. Only bids of
  // a market with implicit energy bids have any (an unknown bid is left in, for the domain to refuse).
  const rejected = results
    .filter((r) => {
      const market = bids.get(r.bidId)?.market;
      return market === undefined ? !r.accepted : rejectsImplicitEnergy(r, market);
    })
    .map((r) => r.bidId);
  const children: ExistingBid[] = [];
  for (let i = 0; i < rejected.length; i += INSERT_BATCH) {
    const rows = (await selectBids(db)
      .where("b.parent_bid_id", "in", rejected.slice(i, i + INSERT_BATCH))
      .where("b.replaced_at", "is", null)
      .execute()) as BidRow[];
    for (const row of rows) {
      const child = toStoredBid(row);
      seen.set(child.id, child);
      children.push(toExistingBid(child));
    }
  }
  const stored = resultsToStore(results, bids, children);
  // Raw multi-row statements (`insertRows`): an auction may decide 100,000 bids, and the query builder's nodes for
  // them cost more than the database's work. A result recorded again replaces the earlier one.
  await insertRows(
    db,
    "ancillary_results",
    RESULT_COLUMNS,
    stored.map((r) => [r.bidId, r.accepted ? 1 : 0, r.acceptedKw, r.settlementPriceCents, isoOf(r.decidedAt)]),
    { replaceOn: "bid_id" },
  );
  return stored.map(({ bidId, ...result }) => ({ ...seen.get(bidId)!, result }));
}

/**
 * Records the TSO's results (the market engine calls this). A result may be recorded again (it overwrites the earlier
 * one). The implicit aFRR energy bids of a rejected aFRR capacity bid are rejected with it. Runs in one transaction
 * (the caller's when `db` is one). Returns how many results were written, cascaded ones included. Throws on an
 * unknown bid or an impossible accepted capacity: that is a bug of the caller, not client input.
 */
export async function recordAncillaryResults(db: Executor, results: readonly AncillaryResultInput[]): Promise<number> {
  return (await recordAncillaryResultsOf(db, results)).length;
}

/**
 * `recordAncillaryResults`, answering the bids it decided (cascaded ones included) with their new results. `known`:
 * bids the caller read in this transaction already (the auction's own), so they are not read again.
 */
export async function recordAncillaryResultsOf(
  db: Executor,
  results: readonly AncillaryResultInput[],
  known: ReadonlyMap<string, StoredBid> = new Map(),
): Promise<StoredBid[]> {
  if (db.isTransaction) return writeResults(db, results, known);
  return db.transaction().execute((tx) => writeResults(tx, results, known));
}

// --- the TSO sandbox market (src/engine/tso-auctions.ts) ---

/** The live, submitted, undecided bids of one product on one delivery day (all organisations), by id. */
export async function listAuctionBids(db: Executor, productDateCode: string): Promise<StoredBid[]> {
  const rows = (await selectBids(db)
    .where("b.product_date_code", "=", productDateCode)
    .where("b.replaced_at", "is", null)
    .where("b.status", "=", "submitted")
    .where("r.bid_id", "is", null)
    .orderBy("b.id")
    .execute()) as BidRow[];
  return rows.map(toStoredBid);
}

/** Bids by id (any organisation, history included), with their results. */
export async function findBidsByIds(db: Executor, ids: readonly string[]): Promise<Map<string, StoredBid>> {
  const out = new Map<string, StoredBid>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += INSERT_BATCH) {
    const rows = (await selectBids(db)
      .where("b.id", "in", unique.slice(i, i + INSERT_BATCH))
      .execute()) as BidRow[];
    for (const row of rows) out.set(row.id, toStoredBid(row));
  }
  return out;
}

/** Delivery days before `beforeDay` that still have live submitted bids without a result (auctions missed). */
export async function listDaysWithUndecidedBids(db: Executor, beforeDay: string): Promise<string[]> {
  const rows = await db
    .selectFrom("ancillary_bids as b")
    .leftJoin("ancillary_results as r", "r.bid_id", "b.id")
    .select("b.delivery_day")
    .distinct()
    .where("b.delivery_day", "<", beforeDay)
    .where("b.replaced_at", "is", null)
    .where("b.status", "=", "submitted")
    .where("r.bid_id", "is", null)
    .orderBy("b.delivery_day")
    .execute();
  return rows.map((r) => r.delivery_day);
}
