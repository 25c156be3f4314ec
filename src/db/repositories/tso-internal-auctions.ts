/**
 * Internal virtual-asset auctions and their bids (tables internal_auctions, internal_auction_bids; migration 0006).
 * Named beside the TSO sandbox's repository; the rules are in src/domain/clearing/internal-auction.ts.
 */
import type { EpochMs } from "../../domain/time.js";
import { isPostgres } from "../lock.js";
import type { InternalAuctionTable } from "../schema.js";
import type { Executor } from "./organisations.js";
import { isoOf, msOf } from "./virtual-battery/virtual-assets.js";

/**
 * The virtual asset on offer, in wire units (the admin's `CreateVirtualAssetInput` without the organisation). `id` is
 * the id the winner's virtual asset gets; `initialSoC`, `lastSoCTarget` and `finalSoCTolerance` are ratios (0.5 = 50 %).
 */
export interface AuctionItem {
  readonly id: string;
  readonly energyCapacity: number;
  readonly ratedChargePower: number;
  readonly ratedDischargePower: number;
  readonly start: string;
  readonly end: string;
  readonly deliveryZone: string;
  readonly chargeEfficiency: number;
  readonly dischargeEfficiency: number;
  readonly initialSoC: number;
  readonly lastSoCTarget: number;
  readonly finalSoCTolerance: number;
  readonly dailyCycleLimit: number;
}

export interface InternalAuctionRecord {
  readonly id: string;
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly item: AuctionItem;
  readonly status: InternalAuctionTable["status"];
  readonly winnerOrganisationId: string | null;
  readonly winningPriceCents: number | null;
  readonly virtualAssetId: string | null;
  readonly decidedAt: EpochMs | null;
  readonly createdAt: EpochMs;
}

export interface StoredAuctionBid {
  readonly auctionId: string;
  readonly organisationId: string;
  readonly priceCents: number;
  readonly placedAt: EpochMs;
}

const toRecord = (r: InternalAuctionTable): InternalAuctionRecord => ({
  id: r.id,
  start: msOf(r.start_at),
  end: msOf(r.end_at),
  item: JSON.parse(r.item) as AuctionItem,
  status: r.status,
  winnerOrganisationId: r.winner_organisation_id,
  winningPriceCents: r.winning_price_cents === null ? null : Number(r.winning_price_cents),
  virtualAssetId: r.virtual_asset_id,
  decidedAt: r.decided_at === null ? null : msOf(r.decided_at),
  createdAt: msOf(r.created_at),
});

export async function insertInternalAuction(
  db: Executor,
  a: { id: string; start: EpochMs; end: EpochMs; item: AuctionItem; createdAt: EpochMs },
): Promise<void> {
  await db
    .insertInto("internal_auctions")
    .values({
      id: a.id,
      start_at: isoOf(a.start),
      end_at: isoOf(a.end),
      item: JSON.stringify(a.item),
      status: "NOT_STARTED",
      winner_organisation_id: null,
      winning_price_cents: null,
      virtual_asset_id: null,
      decided_at: null,
      created_at: isoOf(a.createdAt),
    })
    .execute();
}

/** Every auction, by start then id. */
export async function listInternalAuctions(db: Executor): Promise<InternalAuctionRecord[]> {
  const rows = await db.selectFrom("internal_auctions").selectAll().orderBy("start_at").orderBy("id").execute();
  return rows.map(toRecord);
}

/** One auction; `lock` takes a row lock on PostgreSQL (serialises bids with the decision). */
export async function findInternalAuction(
  db: Executor,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<InternalAuctionRecord | undefined> {
  let q = db.selectFrom("internal_auctions").selectAll().where("id", "=", id);
  if (opts.lock && isPostgres(db)) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** The organisation's latest bid in each of these auctions. */
export async function findOwnAuctionBids(
  db: Executor,
  organisationId: string,
  auctionIds: readonly string[],
): Promise<Map<string, StoredAuctionBid>> {
  if (auctionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("internal_auction_bids")
    .selectAll()
    .where("organisation_id", "=", organisationId)
    .where("auction_id", "in", auctionIds)
    .execute();
  return new Map(
    rows.map((r) => [
      r.auction_id,
      {
        auctionId: r.auction_id,
        organisationId: r.organisation_id,
        priceCents: Number(r.price_cents),
        placedAt: msOf(r.placed_at),
      },
    ]),
  );
}

/** Every bidder's latest bid in an auction. */
export async function listAuctionBidsOf(db: Executor, auctionId: string): Promise<StoredAuctionBid[]> {
  const rows = await db
    .selectFrom("internal_auction_bids")
    .selectAll()
    .where("auction_id", "=", auctionId)
    .orderBy("organisation_id")
    .execute();
  return rows.map((r) => ({
    auctionId: r.auction_id,
    organisationId: r.organisation_id,
    priceCents: Number(r.price_cents),
    placedAt: msOf(r.placed_at),
  }));
}

/** Places (or replaces) the organisation's bid. */
export async function upsertAuctionBid(db: Executor, bid: StoredAuctionBid): Promise<void> {
  await db
    .insertInto("internal_auction_bids")
    .values({
      auction_id: bid.auctionId,
      organisation_id: bid.organisationId,
      price_cents: bid.priceCents,
      placed_at: isoOf(bid.placedAt),
    })
    .onConflict((oc) =>
      oc
        .columns(["auction_id", "organisation_id"])
        .doUpdateSet({ price_cents: bid.priceCents, placed_at: isoOf(bid.placedAt) }),
    )
    .execute();
}

/** Records the clock-driven transitions due at `now` (NOT_STARTED → RUNNING → PENDING). Idempotent. */
export async function advanceInternalAuctions(db: Executor, now: EpochMs): Promise<number> {
  const at = isoOf(now);
  const pending = await db
    .updateTable("internal_auctions")
    .set({ status: "PENDING" })
    .where("status", "in", ["NOT_STARTED", "RUNNING"])
    .where("end_at", "<=", at)
    .executeTakeFirst();
  const running = await db
    .updateTable("internal_auctions")
    .set({ status: "RUNNING" })
    .where("status", "=", "NOT_STARTED")
    .where("start_at", "<=", at)
    .executeTakeFirst();
  return Number(pending.numUpdatedRows) + Number(running.numUpdatedRows);
}

/** Ids of auctions that have ended and are not decided. */
export async function listUndecidedEndedAuctionIds(db: Executor, now: EpochMs): Promise<string[]> {
  const rows = await db
    .selectFrom("internal_auctions")
    .select("id")
    .where("decided_at", "is", null)
    .where("end_at", "<=", isoOf(now))
    .orderBy("end_at")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.id);
}

export async function markAuctionDecided(
  db: Executor,
  id: string,
  d: {
    winnerOrganisationId: string | null;
    winningPriceCents: number | null;
    virtualAssetId: string | null;
    at: EpochMs;
  },
): Promise<void> {
  await db
    .updateTable("internal_auctions")
    .set({
      status: "DECIDED",
      winner_organisation_id: d.winnerOrganisationId,
      winning_price_cents: d.winningPriceCents,
      virtual_asset_id: d.virtualAssetId,
      decided_at: isoOf(d.at),
    })
    .where("id", "=", id)
    .execute();
}
