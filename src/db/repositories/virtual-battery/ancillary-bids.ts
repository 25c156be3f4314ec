/**
 * Ancillary bids. Every bid ever written stays a row: the live bid of a product is the one with `replaced_at` null
 * (a partial unique index guarantees at most one per asset and product); replaced rows are the history. Results,
 * one row per decided bid, are stored by ancillary-results.ts (re-exported here).
 */

import { CompiledQuery, sql } from "kysely";
import type { ExistingBid } from "../../../domain/ancillary/bids.js";
import type { Direction, Market } from "../../../domain/ancillary/products.js";
import type { EpochMs } from "../../../domain/time.js";
import { insertRows } from "../../bulk.js";
import { isPostgres } from "../../lock.js";
import { prepared } from "../../prepared.js";
import type { AncillaryBidTable, AncillaryResultTable } from "../../schema.js";
import type { Executor } from "../organisations.js";
import {
  type BidRow,
  INSERT_BATCH,
  nullableNumber,
  type StoredBid,
  selectBids,
  toStoredBid,
} from "./ancillary-bid-rows.js";
import { isoOf } from "./virtual-assets.js";

export { type AncillaryResult, type StoredBid, toExistingBid } from "./ancillary-bid-rows.js";
export {
  type AncillaryResultInput,
  findBidsByIds,
  listAuctionBids,
  listDaysWithUndecidedBids,
  recordAncillaryResults,
  recordAncillaryResultsOf,
} from "./ancillary-results.js";

/** A bid as it is inserted (always `pending`, live): the stored bid before it has a status, timestamps or a result. */
export type NewBid = Omit<StoredBid, "status" | "createdAt" | "submittedAt" | "replacedAt" | "result">;

/**
 * The asset's live bids on these delivery days as the bid rules see them (implicit aFRR energy bids carry the aFRR
 * capacity bid they belong to, which is on the same day by construction): only the columns the rules read and the
 * result's verdict.
 */
export async function listExistingBidsOnDays(
  db: Executor,
  virtualAssetId: string,
  deliveryDays: readonly string[],
): Promise<ExistingBid[]> {
  if (deliveryDays.length === 0) return [];
  const sorted = [...new Set(deliveryDays)].sort();
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  let rows: ExistingBidRow[];
  if (sorted.every((d) => DAY_RE.test(d)) && Date.parse(last) - Date.parse(first) <= RANGE_QUERY_MAX_DAYS * DAY_MS) {
    // Nearby days (the usual request: one day, or a week): one statement compiled once, days picked out here.
    const wanted = new Set(sorted);
    rows = (await selectExistingBidsInRange(db, virtualAssetId, first, last)).filter((r) => wanted.has(r.delivery_day));
  } else {
    rows = await existingBidsQuery(db, virtualAssetId).where("b.delivery_day", "in", sorted).execute();
  }
  return rows.map((row) => ({
    bidId: row.id,
    product: row.product,
    deliveryDay: row.delivery_day,
    status: row.status,
    offeredKw: Number(row.offered_kw),
    ...(row.r_accepted !== null ? { accepted: Number(row.r_accepted) === 1 } : {}),
    ...(row.parent_bid_id !== null ? { parentBidId: row.parent_bid_id } : {}),
  }));
}

/** Requests whose delivery days lie within this many days of each other read the range, not a list of days. */
const RANGE_QUERY_MAX_DAYS = 8;
const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

const existingBidsQuery = (db: Executor, virtualAssetId: string) =>
  db
    .selectFrom("ancillary_bids as b")
    .leftJoin("ancillary_results as r", "r.bid_id", "b.id")
    .select(["b.id", "b.product", "b.delivery_day", "b.status", "b.offered_kw", "b.parent_bid_id"])
    .select("r.accepted as r_accepted")
    .where("b.virtual_asset_id", "=", virtualAssetId)
    .where("b.replaced_at", "is", null);

type ExistingBidRow = Awaited<ReturnType<ReturnType<typeof existingBidsQuery>["execute"]>>[number];

const selectExistingBidsInRange = prepared((db, virtualAssetId: string, firstDay: string, lastDay: string) =>
  existingBidsQuery(db, virtualAssetId).where("b.delivery_day", ">=", firstDay).where("b.delivery_day", "<=", lastDay),
);

export interface BidQuery {
  readonly firstDay: string;
  readonly lastDay: string;
  readonly markets?: readonly Market[] | undefined;
  readonly directions?: readonly Direction[] | undefined;
}

/** What a listing of live bids shows of each (results are listed elsewhere). */
export type LiveBidSummary = Pick<
  StoredBid,
  "id" | "productDateCode" | "offeredKw" | "capacityPriceCents" | "energyPriceCents" | "status"
>;

/**
 * The asset's live bids on delivery days firstDay … lastDay, optionally of some markets / directions: only the
 * columns a listing shows (turning a whole row into JS values cost more than finding it).
 */
export async function listLiveBids(db: Executor, virtualAssetId: string, q: BidQuery): Promise<LiveBidSummary[]> {
  let rows: Pick<
    AncillaryBidTable,
    "id" | "product_date_code" | "offered_kw" | "capacity_price_cents" | "energy_price_cents" | "status"
  >[];
  if (q.markets === undefined && q.directions === undefined) {
    rows = await selectLiveBids(db, virtualAssetId, q.firstDay, q.lastDay);
  } else {
    let query = liveBidsQuery(db, virtualAssetId, q.firstDay, q.lastDay);
    if (q.markets) query = query.where("market", "in", q.markets);
    if (q.directions) query = query.where("direction", "in", q.directions);
    rows = await query.execute();
  }
  return rows.map((row) => ({
    id: row.id,
    productDateCode: row.product_date_code,
    offeredKw: Number(row.offered_kw),
    capacityPriceCents: nullableNumber(row.capacity_price_cents),
    energyPriceCents: nullableNumber(row.energy_price_cents),
    status: row.status,
  }));
}

const liveBidsQuery = (db: Executor, virtualAssetId: string, firstDay: string, lastDay: string) =>
  db
    .selectFrom("ancillary_bids")
    .select(["id", "product_date_code", "offered_kw", "capacity_price_cents", "energy_price_cents", "status"])
    .where("virtual_asset_id", "=", virtualAssetId)
    .where("delivery_day", ">=", firstDay)
    .where("delivery_day", "<=", lastDay)
    .where("replaced_at", "is", null);

/** `liveBidsQuery` compiled once (the listing without market or direction filters, the usual one). */
const selectLiveBids = prepared(liveBidsQuery);

/** The asset's bids that have a result (live or since replaced) on delivery days firstDay … lastDay. */
export async function listDecidedBids(db: Executor, virtualAssetId: string, q: BidQuery): Promise<StoredBid[]> {
  let query = selectBids(db)
    .where("b.virtual_asset_id", "=", virtualAssetId)
    .where("b.delivery_day", ">=", q.firstDay)
    .where("b.delivery_day", "<=", q.lastDay)
    .where("r.bid_id", "is not", null);
  if (q.markets) query = query.where("b.market", "in", q.markets);
  if (q.directions) query = query.where("b.direction", "in", q.directions);
  const rows = (await query.orderBy("b.created_at").orderBy("b.id").execute()) as BidRow[];
  return rows.map(toStoredBid);
}

/** Every bid of an asset, history included, oldest first (tests and administration). */
export async function listBidHistory(db: Executor, virtualAssetId: string): Promise<StoredBid[]> {
  const rows = await selectBids(db)
    .where("b.virtual_asset_id", "=", virtualAssetId)
    .orderBy("b.created_at")
    .orderBy("b.id")
    .execute();
  return (rows as BidRow[]).map(toStoredBid);
}

/** The columns of a new bid row, in the order `replaceLiveBids` gives their values (the TSO bench seeds rows too). */
export const BID_COLUMNS = [
  "id",
  "organisation_id",
  "virtual_asset_id",
  "market",
  "direction",
  "product",
  "delivery_day",
  "product_date_code",
  "product_start",
  "product_end",
  "offered_kw",
  "capacity_price_cents",
  "energy_price_cents",
  "status",
  "parent_bid_id",
  "replaces_bid_id",
  "created_at",
  "submitted_at",
  "replaced_at",
] as const satisfies readonly (keyof AncillaryBidTable)[];

/**
 * Replaces the live bids of the given products with new ones (pending, created now): the live rows of those products
 * are marked replaced, then the new rows are inserted. Call inside the transaction that validated them.
 */
export async function replaceLiveBids(
  db: Executor,
  virtualAssetId: string,
  bids: readonly NewBid[],
  now: EpochMs,
): Promise<void> {
  if (bids.length === 0) return;
  const at = isoOf(now);
  const codes = bids.map((b) => b.productDateCode);
  const postgres = isPostgres(db);
  for (let i = 0; i < codes.length; i += INSERT_BATCH) {
    // Raw SQL (the builder's per-value nodes cost more than the update): values are always bound parameters.
    const slice = codes.slice(i, i + INSERT_BATCH);
    const marks = slice.map((_, j) => (postgres ? `$${j + 3}` : "?")).join(", ");
    const [p1, p2] = postgres ? ["$1", "$2"] : ["?", "?"];
    await db.executeQuery(
      CompiledQuery.raw(
        `update "ancillary_bids" set "replaced_at" = ${p1} where "virtual_asset_id" = ${p2} and "replaced_at" is null ` +
          `and "product_date_code" in (${marks})`,
        [at, virtualAssetId, ...slice],
      ),
    );
  }
  for (let i = 0; i < bids.length; i += INSERT_BATCH) {
    await insertRows(
      db,
      "ancillary_bids",
      BID_COLUMNS,
      bids
        .slice(i, i + INSERT_BATCH)
        .map((b) => [
          b.id,
          b.organisationId,
          b.virtualAssetId,
          b.market,
          b.direction,
          b.product,
          b.deliveryDay,
          b.productDateCode,
          isoOf(b.start),
          isoOf(b.end),
          b.offeredKw,
          b.capacityPriceCents,
          b.energyPriceCents,
          "pending",
          b.parentBidId,
          b.replacesBidId,
          at,
          null,
          null,
        ]),
    );
  }
  await raiseBidsVersion(db, virtualAssetId);
}

/**
 * The organisation's asset's `bids_version` (undefined for an unknown or foreign id): one narrow row by key, what the
 * bid listing's read model checks on every request. Every write that changes the asset's live bids raises it in its
 * own transaction (`replaceLiveBids`, `markPendingBidsSubmittedReturning`).
 */
export async function findBidsVersion(
  db: Executor,
  organisationId: string,
  virtualAssetId: string,
): Promise<number | undefined> {
  const [row] = await selectBidsVersion(db, virtualAssetId, organisationId);
  return row === undefined ? undefined : Number(row.bids_version);
}

const selectBidsVersion = prepared((db, id: string, organisationId: string) =>
  db
    .selectFrom("virtual_assets")
    .select("bids_version")
    .where("id", "=", id)
    .where("organisation_id", "=", organisationId),
);

const raiseBidsVersion = prepared((db, id: string) =>
  db
    .updateTable("virtual_assets")
    .set((eb) => ({ bids_version: eb("bids_version", "+", 1) }))
    .where("id", "=", id),
);

/**
 * Raises the `bids_version` of several assets, last in its transaction. On PostgreSQL their rows are locked first in
 * one order (`collate "C"`: byte order, as JavaScript's sort of these ASCII ids), so two transactions raising
 * overlapping sets cannot deadlock; and since every writer raises versions after its bid writes, no transaction
 * holding a version waits for a bid row.
 */
async function raiseBidsVersions(db: Executor, virtualAssetIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(virtualAssetIds)].sort();
  for (let i = 0; i < ids.length; i += INSERT_BATCH) {
    const slice = ids.slice(i, i + INSERT_BATCH);
    if (isPostgres(db)) {
      await db
        .selectFrom("virtual_assets")
        .select("id")
        .where("id", "in", slice)
        .orderBy(sql`id collate "C"`)
        .forUpdate()
        .execute();
    }
    await db
      .updateTable("virtual_assets")
      .set((eb) => ({ bids_version: eb("bids_version", "+", 1) }))
      .where("id", "in", slice)
      .execute();
  }
}

/**
 * Marks `pending` bids created at or before `createdUpTo` as `submitted` (at `now`). Idempotent and safe with several
 * processes on one database: the condition is re-checked row by row, so each bid changes status exactly once.
 * Returns the bids this call submitted (as stored afterwards), for the caller to announce in the same transaction
 * (`ancillary_bid.submitted` webhooks). Pass a transaction.
 */
export async function markPendingBidsSubmittedReturning(
  db: Executor,
  createdUpTo: EpochMs,
  now: EpochMs,
): Promise<StoredBid[]> {
  const updated = await updatePendingReturning(db, isoOf(now), isoOf(createdUpTo));
  if (updated.length === 0) return [];
  await raiseBidsVersions(
    db,
    updated.map((r) => r.virtual_asset_id),
  );
  // Results are recorded for submitted bids, so a bid pending until now rarely has one; look anyway.
  const results = new Map<
    string,
    Pick<BidRow, "r_accepted" | "r_accepted_kw" | "r_settlement_price_cents" | "r_decided_at">
  >();
  const ids = updated.map((r) => r.id);
  const postgres = isPostgres(db);
  for (let i = 0; i < ids.length; i += INSERT_BATCH) {
    const slice = ids.slice(i, i + INSERT_BATCH);
    const marks = slice.map((_, j) => (postgres ? `$${j + 1}` : "?")).join(", ");
    const { rows } = await db.executeQuery<AncillaryResultTable>(
      CompiledQuery.raw(
        `select "bid_id", "accepted", "accepted_kw", "settlement_price_cents", "decided_at" from "ancillary_results" ` +
          `where "bid_id" in (${marks})`,
        slice,
      ),
    );
    for (const r of rows) {
      results.set(r.bid_id, {
        r_accepted: r.accepted,
        r_accepted_kw: r.accepted_kw,
        r_settlement_price_cents: r.settlement_price_cents,
        r_decided_at: r.decided_at,
      });
    }
  }
  const none = { r_accepted: null, r_accepted_kw: null, r_settlement_price_cents: null, r_decided_at: null };
  return updated
    .map((row) => toStoredBid({ ...row, ...(results.get(row.id) ?? none) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `markPendingBidsSubmittedReturning`'s update, returning the whole updated rows; compiled once. */
const updatePendingReturning = prepared((db, submittedAt: string, createdUpTo: string) =>
  db
    .updateTable("ancillary_bids")
    .set({ status: "submitted", submitted_at: submittedAt })
    // A literal, not a parameter: SQLite uses the partial index (status = 'pending') only for a literal.
    .where("status", "=", sql.lit("pending"))
    .where("created_at", "<=", createdUpTo)
    .returningAll(),
);
