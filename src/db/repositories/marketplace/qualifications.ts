/**
 * Qualifications: one row per (competition, asset) found qualified by the system operator's qualification run,
 * holding the provider's entry decision (`Entered`, `Withdrawn`, `Undecided`). Whether the asset *still*
 * qualifies is decided by the domain (qualification.ts) each time it is read.
 */
import type { Selectable } from "kysely";
import type { AssetEntry, EntryStatus } from "../../../domain/marketplace/qualification.js";
import type { AssetKind } from "../../../domain/marketplace/types.js";
import type { EpochMs } from "../../../domain/time.js";
import { inParameterBatches } from "../../bulk.js";
import { countRows, readChunks } from "../../chunks.js";
import { prepared } from "../../prepared.js";
import type { QualificationTable } from "../../schema.js";
import type { Executor } from "../organisations.js";
import type { ChunkedList, Page } from "./assets.js";
import { iso, ms } from "./instants.js";

export interface QualificationRecord extends AssetEntry {
  readonly id: string;
  readonly providerId: string;
  readonly created: EpochMs;
  readonly modified: EpochMs;
}

const toQualification = (row: Selectable<QualificationTable>): QualificationRecord => ({
  id: row.id,
  competitionId: row.competition_id,
  providerId: row.provider_id,
  assetKind: row.asset_kind as AssetKind,
  assetId: row.asset_id,
  status: row.status as EntryStatus,
  created: ms(row.created_at),
  modified: ms(row.modified_at),
});

/** A provider's entries in one competition. */
export async function listEntries(
  db: Executor,
  providerId: string,
  competitionId: string,
): Promise<QualificationRecord[]> {
  const rows = await selectEntries(db, providerId, competitionId);
  return rows.map(toQualification);
}

const selectEntries = prepared((db, providerId: string, competitionId: string) =>
  db
    .selectFrom("qualifications")
    .selectAll()
    .where("provider_id", "=", providerId)
    .where("competition_id", "=", competitionId),
);

/** A provider's entries in several competitions. */
export async function listEntriesIn(
  db: Executor,
  providerId: string,
  competitionIds: readonly string[],
): Promise<QualificationRecord[]> {
  if (competitionIds.length === 0) return [];
  const rows = await db
    .selectFrom("qualifications")
    .selectAll()
    .where("provider_id", "=", providerId)
    .where("competition_id", "in", competitionIds)
    .execute();
  return rows.map(toQualification);
}

export async function selectQualifications(
  db: Executor,
  providerId: string,
  filter: { competitionId?: string | undefined; assetId?: string | undefined },
  page: Page,
): Promise<ChunkedList<QualificationRecord>> {
  let q = db.selectFrom("qualifications").where("provider_id", "=", providerId);
  if (filter.competitionId !== undefined) q = q.where("competition_id", "=", filter.competitionId);
  if (filter.assetId !== undefined) q = q.where("asset_id", "=", filter.assetId);
  return {
    total: await countRows(q),
    chunks: readChunks(q.selectAll(), { column: "created_at", id: "id", direction: "asc" }, page, (rows) =>
      (rows as Selectable<QualificationTable>[]).map(toQualification),
    ),
  };
}

/** Every qualification row of a competition (the system operator's view). */
export async function listCompetitionQualifications(
  db: Executor,
  competitionId: string,
): Promise<QualificationRecord[]> {
  const rows = await db
    .selectFrom("qualifications")
    .selectAll()
    .where("competition_id", "=", competitionId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(toQualification);
}

/** One of the provider's qualification rows; another provider's is `undefined`. */
export async function findQualification(
  db: Executor,
  providerId: string,
  id: string,
): Promise<QualificationRecord | undefined> {
  const row = await db
    .selectFrom("qualifications")
    .selectAll()
    .where("id", "=", id)
    .where("provider_id", "=", providerId)
    .executeTakeFirst();
  return row && toQualification(row);
}

export async function updateEntryStatus(db: Executor, id: string, status: EntryStatus, now: EpochMs): Promise<void> {
  await db
    .updateTable("qualifications")
    .set({ status, modified_at: iso(now) })
    .where("id", "=", id)
    .execute();
}

/** Inserts qualification rows; rows for an asset that already has one in the competition are left as they are. */
export async function insertQualifications(
  db: Executor,
  rows: readonly Omit<QualificationRecord, "modified">[],
): Promise<number> {
  let inserted = 0;
  const values = rows.map((r) => ({
    id: r.id,
    competition_id: r.competitionId,
    provider_id: r.providerId,
    asset_kind: r.assetKind,
    asset_id: r.assetId,
    status: r.status,
    created_at: iso(r.created),
    modified_at: iso(r.created),
  }));
  await inParameterBatches(db, values, async (batch) => {
    const result = await db
      .insertInto("qualifications")
      .values(batch)
      .onConflict((oc) => oc.columns(["competition_id", "asset_kind", "asset_id"]).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  });
  return inserted;
}
