/**
 * Ballots, their asset sets and their bids. A provider's newest ballot for a competition is `active`, older ones
 * `superseded` (rule 7); a partial unique index keeps at most one active. Rates are stored as one nullable pence
 * column per rate type.
 */
import { type Selectable, sql } from "kysely";
import type { AssetIds, AssetKind, Ballot, Bid, Rate } from "../../../domain/marketplace/types.js";
import type { EpochMs } from "../../../domain/time.js";
import { insertRows } from "../../bulk.js";
import { countRows, readChunks } from "../../chunks.js";
import { prepared } from "../../prepared.js";
import type { BidTable } from "../../schema.js";
import type { Executor } from "../organisations.js";
import type { ChunkedList, Page } from "./assets.js";
import { iso, ms } from "./instants.js";

export type BallotStatus = "active" | "superseded";

export interface StoredBallot extends Ballot {
  readonly status: BallotStatus;
}

export function ratesOf(row: Pick<BidTable, "availability_pence" | "utilisation_pence" | "service_fee_pence">): Rate[] {
  const rates: Rate[] = [];
  if (row.availability_pence !== null) rates.push({ type: "availability", pence: row.availability_pence });
  if (row.utilisation_pence !== null) rates.push({ type: "utilisation", pence: row.utilisation_pence });
  if (row.service_fee_pence !== null) rates.push({ type: "service_fee", pence: row.service_fee_pence });
  return rates;
}

export function rateColumns(rates: readonly Rate[]) {
  const pence = (type: Rate["type"]) => rates.find((r) => r.type === type)?.pence ?? null;
  return {
    availability_pence: pence("availability"),
    utilisation_pence: pence("utilisation"),
    service_fee_pence: pence("service_fee"),
  };
}

export const toBid = (row: Selectable<BidTable>): Bid => ({
  id: row.id,
  serviceWindowId: row.service_window_id,
  capacityMilliMw: row.capacity_milli_mw,
  maxRuntimeSeconds: row.max_runtime_seconds,
  rates: ratesOf(row),
});

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The asset sets of ballots, by ballot id, each list sorted. */
export async function loadAssetSets(db: Executor, ballotIds: readonly string[]): Promise<Map<string, AssetIds>> {
  if (ballotIds.length === 0) return new Map();
  const rows = await db.selectFrom("ballot_assets").selectAll().where("ballot_id", "in", ballotIds).execute();
  const sets = new Map<string, { flex: string[]; planned: string[] }>();
  for (const r of rows) {
    const set = sets.get(r.ballot_id) ?? { flex: [], planned: [] };
    set[r.asset_kind as AssetKind].push(r.asset_id);
    sets.set(r.ballot_id, set);
  }
  for (const set of sets.values()) {
    set.flex.sort(byId);
    set.planned.sort(byId);
  }
  return sets;
}

/**
 * The provider's active ballot for a competition: its id, creation instant and asset set. One query.
 * `'active'` is a literal in the SQL, not a bound parameter: only then can SQLite use the partial index
 * `ballots_one_active` (one row) instead of walking the provider's whole ballot history in `ballots_provider`,
 * which made every submission slower than the last.
 */
const selectActiveBallotAssets = prepared((db, competitionId: string, providerId: string) =>
  db
    .selectFrom("ballots")
    .leftJoin("ballot_assets", "ballot_assets.ballot_id", "ballots.id")
    .select(["ballots.id", "ballots.created_at", "ballot_assets.asset_kind", "ballot_assets.asset_id"])
    .where("ballots.competition_id", "=", competitionId)
    .where("ballots.provider_id", "=", providerId)
    .where("ballots.status", "=", sql.lit("active")),
);

export async function findActiveBallotAssets(
  db: Executor,
  competitionId: string,
  providerId: string,
): Promise<{ id: string; created: EpochMs; assets: AssetIds } | undefined> {
  const rows = await selectActiveBallotAssets(db, competitionId, providerId);
  const first = rows[0];
  if (first === undefined) return undefined;
  const assets: { flex: string[]; planned: string[] } = { flex: [], planned: [] };
  for (const r of rows) if (r.asset_kind !== null && r.asset_id !== null) assets[r.asset_kind].push(r.asset_id);
  assets.flex.sort(byId);
  assets.planned.sort(byId);
  return { id: first.id, created: ms(first.created_at), assets };
}

const updateBallotSuperseded = prepared((db, ballotId: string) =>
  db.updateTable("ballots").set({ status: "superseded" }).where("id", "=", ballotId),
);

export async function supersedeBallot(db: Executor, ballotId: string): Promise<void> {
  await updateBallotSuperseded(db, ballotId);
}

/**
 * Inserts ballots, each with its status, assets and bids, in one multi-row statement per table (run inside the
 * transaction that superseded the previous active one): a group of a provider's ballots for one competition
 * (submit-ballot.ts) is stored at once, all but its newest already superseded.
 */
export async function insertBallots(db: Executor, ballots: readonly StoredBallot[]): Promise<void> {
  await insertRows(
    db,
    "ballots",
    ["id", "competition_id", "provider_id", "created_at", "status"],
    ballots.map((b) => [b.id, b.competitionId, b.providerId, iso(b.created), b.status]),
  );
  await insertRows(
    db,
    "ballot_assets",
    ["ballot_id", "asset_kind", "asset_id"],
    ballots.flatMap((b) => [
      ...b.assets.flex.map((id) => [b.id, "flex", id]),
      ...b.assets.planned.map((id) => [b.id, "planned", id]),
    ]),
  );
  await insertRows(
    db,
    "bids",
    BID_COLUMNS,
    ballots.flatMap((ballot) =>
      ballot.bids.map((bid, position) => {
        const rates = rateColumns(bid.rates);
        return [
          bid.id,
          ballot.id,
          ballot.competitionId,
          position,
          bid.serviceWindowId,
          bid.capacityMilliMw,
          bid.maxRuntimeSeconds,
          rates.availability_pence,
          rates.utilisation_pence,
          rates.service_fee_pence,
        ];
      }),
    ),
  );
}

const BID_COLUMNS = [
  "id",
  "ballot_id",
  "competition_id",
  "position",
  "service_window_id",
  "capacity_milli_mw",
  "max_runtime_seconds",
  "availability_pence",
  "utilisation_pence",
  "service_fee_pence",
] as const satisfies readonly (keyof BidTable)[];

/** Ballots by id with their assets and bids (bids in body order). */
async function hydrate(
  db: Executor,
  rows: readonly { id: string; competition_id: string; provider_id: string; created_at: string; status: string }[],
): Promise<StoredBallot[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [sets, bidRows] = await Promise.all([
    loadAssetSets(db, ids),
    db.selectFrom("bids").selectAll().where("ballot_id", "in", ids).orderBy("position").execute(),
  ]);
  const bids = new Map<string, Bid[]>();
  for (const row of bidRows) {
    const list = bids.get(row.ballot_id) ?? [];
    list.push(toBid(row));
    bids.set(row.ballot_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    competitionId: r.competition_id,
    providerId: r.provider_id,
    created: ms(r.created_at),
    status: r.status as BallotStatus,
    assets: sets.get(r.id) ?? { flex: [], planned: [] },
    bids: bids.get(r.id) ?? [],
  }));
}

/** One provider's ballots for one competition, newest first (the active one first). */
export async function listBallots(
  db: Executor,
  competitionId: string,
  providerId: string,
  page: Page,
): Promise<ChunkedList<StoredBallot>> {
  const q = db.selectFrom("ballots").where("competition_id", "=", competitionId).where("provider_id", "=", providerId);
  return {
    total: await countRows(q),
    chunks: readChunks(q.selectAll(), { column: "created_at", id: "id", direction: "desc" }, page, (rows) =>
      hydrate(db, rows as unknown as Parameters<typeof hydrate>[1]),
    ),
  };
}

/** The active ballots of a competition (every provider), oldest first, with assets and bids. */
export async function listActiveBallots(db: Executor, competitionId: string): Promise<StoredBallot[]> {
  const rows = await db
    .selectFrom("ballots")
    .selectAll()
    .where("competition_id", "=", competitionId)
    .where("status", "=", "active")
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return hydrate(db, rows);
}

/** A bid with what deciding on it needs: its ballot's status, provider and creation, and its competition. */
export interface BidContext {
  readonly bid: Bid;
  readonly ballotId: string;
  readonly ballotStatus: BallotStatus;
  readonly ballotCreated: EpochMs;
  readonly providerId: string;
  readonly competitionId: string;
}

export async function findBid(db: Executor, bidId: string): Promise<BidContext | undefined> {
  const row = await db
    .selectFrom("bids")
    .innerJoin("ballots", "ballots.id", "bids.ballot_id")
    .selectAll("bids")
    .select(["ballots.status as ballot_status", "ballots.created_at as ballot_created", "ballots.provider_id"])
    .where("bids.id", "=", bidId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    bid: toBid(row),
    ballotId: row.ballot_id,
    ballotStatus: row.ballot_status as BallotStatus,
    ballotCreated: ms(row.ballot_created),
    providerId: row.provider_id,
    competitionId: row.competition_id,
  };
}
