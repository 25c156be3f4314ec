/**
 * Competitions with their service periods and windows. Rows ↔ the domain `Competition` (exact units, epoch ms).
 *
 * Service periods and windows of a *published* competition never change (only drafts are editable), so they are
 * cached in this process by competition id: a published competition is read with one query. The cache holds
 * immutable data only, so several processes sharing a database stay correct.
 */
import type { Selectable } from "kysely";
import type { Competition, CompetitionType, ServiceDay, ServicePeriod } from "../../../domain/marketplace/types.js";
import type { EpochMs } from "../../../domain/time.js";
import { insertRows } from "../../bulk.js";
import { prepared } from "../../prepared.js";
import type { CompetitionTable } from "../../schema.js";
import type { Executor } from "../organisations.js";
import { COMPETITION_COLUMNS } from "./columns.js";
import { iso, ms } from "./instants.js";

/** A stored competition: the domain object plus what only the wire shows. */
export interface CompetitionRecord extends Competition {
  readonly systemOperatorName: string;
  /** When the system operator published the results, if it has. */
  readonly resultsPublishedAt: EpochMs | null;
  readonly created: EpochMs;
  readonly modified: EpochMs;
}

type CompetitionRow = Selectable<CompetitionTable> & { system_operator_name: string };

const PERIOD_CACHE_LIMIT = 5000;
const publishedPeriods = new Map<string, readonly ServicePeriod[]>();

function rememberPeriods(id: string, periods: readonly ServicePeriod[]): void {
  if (publishedPeriods.size >= PERIOD_CACHE_LIMIT) {
    const oldest = publishedPeriods.keys().next().value;
    if (oldest !== undefined) publishedPeriods.delete(oldest);
  }
  publishedPeriods.set(id, periods);
}

function toCompetition(row: CompetitionRow, periods: readonly ServicePeriod[]): CompetitionRecord {
  return {
    id: row.id,
    reference: row.reference,
    name: row.name,
    systemOperatorId: row.system_operator_id,
    systemOperatorName: row.system_operator_name,
    type: row.type as CompetitionType,
    needType: row.need_type,
    needDirection: row.need_direction as Competition["needDirection"],
    powerType: row.power_type,
    productType: row.product_type,
    pricingType: row.pricing_type as Competition["pricingType"],
    availabilityGuidePricePence: row.availability_guide_price_pence,
    utilisationGuidePricePence: row.utilisation_guide_price_pence,
    serviceFeePence: row.service_fee_pence,
    qualificationOpen: ms(row.qualification_open_at),
    qualificationClosed: ms(row.qualification_closed_at),
    open: ms(row.open_at),
    closed: ms(row.closed_at),
    boundary: {
      areaReferences: JSON.parse(row.boundary_area_references) as string[],
      postcodes: JSON.parse(row.boundary_postcodes) as string[],
    },
    status: row.status as Competition["status"],
    resultsPublished: row.results_published_at !== null,
    resultsPublishedAt: row.results_published_at === null ? null : ms(row.results_published_at),
    servicePeriods: periods,
    created: ms(row.created_at),
    modified: ms(row.modified_at),
  };
}

function competitionRows(db: Executor) {
  return db
    .selectFrom("competitions")
    .innerJoin("organisations", "organisations.id", "competitions.system_operator_id")
    .select(COMPETITION_COLUMNS)
    .select("organisations.name as system_operator_name");
}

/** The service periods (with windows) of several competitions, by competition id, in authoring order. */
async function loadPeriods(db: Executor, ids: readonly string[]): Promise<Map<string, ServicePeriod[]>> {
  const out = new Map<string, ServicePeriod[]>();
  if (ids.length === 0) return out;
  const [periods, windows] = await Promise.all([
    db.selectFrom("service_periods").selectAll().where("competition_id", "in", ids).orderBy("position").execute(),
    db.selectFrom("service_windows").selectAll().where("competition_id", "in", ids).orderBy("position").execute(),
  ]);
  const byPeriod = new Map<string, ServicePeriod["serviceWindows"][number][]>();
  for (const w of windows) {
    const list = byPeriod.get(w.service_period_id) ?? [];
    list.push({
      id: w.id,
      name: w.name,
      start: w.start_time,
      end: w.end_time,
      serviceDays: JSON.parse(w.service_days) as ServiceDay[],
      capacityRequiredMilliMw: w.capacity_required_milli_mw,
      minimumAggregateAssetSizeMilliMw: w.minimum_aggregate_asset_size_milli_mw,
    });
    byPeriod.set(w.service_period_id, list);
  }
  for (const id of ids) out.set(id, []);
  for (const p of periods) {
    out.get(p.competition_id)!.push({
      id: p.id,
      name: p.name,
      start: p.start_date,
      end: p.end_date,
      serviceWindows: byPeriod.get(p.id) ?? [],
    });
  }
  return out;
}

async function withPeriods(db: Executor, rows: readonly CompetitionRow[]): Promise<CompetitionRecord[]> {
  const missing = rows.filter((r) => r.status !== "published" || !publishedPeriods.has(r.id)).map((r) => r.id);
  const loaded = await loadPeriods(db, missing);
  return rows.map((row) => {
    let periods = publishedPeriods.get(row.id);
    if (periods === undefined || row.status !== "published") {
      periods = loaded.get(row.id) ?? [];
      if (row.status === "published") rememberPeriods(row.id, periods);
    }
    return toCompetition(row, periods);
  });
}

const selectCompetitionById = prepared((db, id: string) => competitionRows(db).where("competitions.id", "=", id));

export async function findCompetition(db: Executor, id: string): Promise<CompetitionRecord | undefined> {
  const [row] = await selectCompetitionById(db, id);
  if (row === undefined) return undefined;
  return (await withPeriods(db, [row]))[0];
}

/**
 * What every change of a stored competition changes: its status, its last modification and when its results were
 * published (every update of a competition row sets `modified_at`; its periods, windows and system operator never
 * change once published). Equal versions mean equal stored competitions, so an answer built from one may be served
 * for the other.
 */
export function competitionVersion(c: Pick<CompetitionRecord, "status" | "modified" | "resultsPublishedAt">): string {
  return `${c.status} ${c.modified} ${c.resultsPublishedAt}`;
}

const selectVersionById = prepared((db, id: string) =>
  db.selectFrom("competitions").select(["status", "modified_at", "results_published_at"]).where("id", "=", id),
);

/** The stored competition's `competitionVersion`, read as one narrow row by key (undefined for an unknown id). */
export async function findCompetitionVersion(db: Executor, id: string): Promise<string | undefined> {
  const [row] = await selectVersionById(db, id);
  if (row === undefined) return undefined;
  return competitionVersion({
    status: row.status as Competition["status"],
    modified: ms(row.modified_at),
    resultsPublishedAt: row.results_published_at === null ? null : ms(row.results_published_at),
  });
}

export interface CompetitionFilter {
  /** Only this system operator's competitions (any status). */
  readonly systemOperatorId?: string;
  /** Only published competitions (what providers see). */
  readonly publishedOnly?: boolean;
  readonly type?: string;
  /** Only competitions whose bidding closes after this instant (a coarse pre-filter; the domain decides phases). */
  readonly closingAfter?: EpochMs;
  /** Only competitions whose results are not yet published. */
  readonly resultsUnpublished?: boolean;
}

/** Every competition matching the filter, oldest first, with periods and windows. */
export async function selectCompetitions(db: Executor, filter: CompetitionFilter): Promise<CompetitionRecord[]> {
  let q = competitionRows(db);
  if (filter.systemOperatorId !== undefined)
    q = q.where("competitions.system_operator_id", "=", filter.systemOperatorId);
  if (filter.publishedOnly) q = q.where("competitions.status", "=", "published");
  if (filter.type !== undefined) q = q.where("competitions.type", "=", filter.type);
  if (filter.closingAfter !== undefined) q = q.where("competitions.closed_at", ">", iso(filter.closingAfter));
  if (filter.resultsUnpublished) q = q.where("competitions.results_published_at", "is", null);
  const rows = await q.orderBy("competitions.created_at").orderBy("competitions.id").execute();
  return withPeriods(db, rows);
}

/** What a system operator authors: the domain competition without derived fields. */
export type CompetitionWrite = Omit<
  CompetitionRecord,
  "systemOperatorName" | "resultsPublished" | "resultsPublishedAt" | "status"
>;

function competitionValues(c: CompetitionWrite) {
  return {
    reference: c.reference,
    name: c.name,
    type: c.type,
    need_type: c.needType,
    need_direction: c.needDirection,
    power_type: c.powerType,
    product_type: c.productType,
    pricing_type: c.pricingType,
    availability_guide_price_pence: c.availabilityGuidePricePence,
    utilisation_guide_price_pence: c.utilisationGuidePricePence,
    service_fee_pence: c.serviceFeePence,
    qualification_open_at: iso(c.qualificationOpen),
    qualification_closed_at: iso(c.qualificationClosed),
    open_at: iso(c.open),
    closed_at: iso(c.closed),
    boundary_area_references: JSON.stringify(c.boundary.areaReferences),
    boundary_postcodes: JSON.stringify(c.boundary.postcodes),
    modified_at: iso(c.modified),
  };
}

const PERIOD_COLUMNS = ["id", "competition_id", "position", "name", "start_date", "end_date"] as const;
const WINDOW_COLUMNS = [
  "id",
  "competition_id",
  "service_period_id",
  "position",
  "name",
  "start_time",
  "end_time",
  "service_days",
  "capacity_required_milli_mw",
  "minimum_aggregate_asset_size_milli_mw",
] as const;

/** Periods and windows through `insertRows` (raw SQL): a competition may hold up to a thousand windows. */
async function insertPeriods(db: Executor, c: Pick<CompetitionWrite, "id" | "servicePeriods">): Promise<void> {
  await insertRows(
    db,
    "service_periods",
    PERIOD_COLUMNS,
    c.servicePeriods.map((p, i) => [p.id, c.id, i, p.name, p.start, p.end]),
  );
  await insertRows(
    db,
    "service_windows",
    WINDOW_COLUMNS,
    c.servicePeriods.flatMap((p) =>
      p.serviceWindows.map((w, i) => [
        w.id,
        c.id,
        p.id,
        i,
        w.name,
        w.start,
        w.end,
        JSON.stringify(w.serviceDays),
        w.capacityRequiredMilliMw,
        w.minimumAggregateAssetSizeMilliMw ?? null,
      ]),
    ),
  );
}

/** Inserts a draft competition with its periods and windows (run inside a transaction). */
export async function insertCompetition(db: Executor, c: CompetitionWrite): Promise<void> {
  await db
    .insertInto("competitions")
    .values({
      id: c.id,
      system_operator_id: c.systemOperatorId,
      ...competitionValues(c),
      status: "draft",
      published_at: null,
      results_published_at: null,
      created_at: iso(c.created),
    })
    .execute();
  await insertPeriods(db, c);
}

/** Replaces a draft's fields, periods and windows (run inside a transaction). */
export async function replaceDraftCompetition(db: Executor, c: CompetitionWrite): Promise<void> {
  await db.updateTable("competitions").set(competitionValues(c)).where("id", "=", c.id).execute();
  await db.deleteFrom("service_windows").where("competition_id", "=", c.id).execute();
  await db.deleteFrom("service_periods").where("competition_id", "=", c.id).execute();
  await insertPeriods(db, c);
}

export async function markCompetitionPublished(db: Executor, id: string, now: EpochMs): Promise<void> {
  await db
    .updateTable("competitions")
    .set({ status: "published", published_at: iso(now), modified_at: iso(now) })
    .where("id", "=", id)
    .execute();
}

export async function markResultsPublished(db: Executor, id: string, now: EpochMs): Promise<void> {
  await db
    .updateTable("competitions")
    .set({ results_published_at: iso(now), modified_at: iso(now) })
    .where("id", "=", id)
    .execute();
}

/** Competitions by id (unknown ids are left out), with periods and windows. */
export async function findCompetitions(db: Executor, ids: readonly string[]): Promise<Map<string, CompetitionRecord>> {
  if (ids.length === 0) return new Map();
  const rows = await competitionRows(db).where("competitions.id", "in", ids).execute();
  return new Map((await withPeriods(db, rows)).map((c) => [c.id, c]));
}

/**
 * Ids of published competitions with a lifecycle transition due at `now` that has not run yet: opened
 * (`open_at ≤ now`, no `job_runs` row of kind `openedKind`) or closed (`closed_at ≤ now`, none of `closedKind`).
 * Opening order, then id.
 */
export async function listCompetitionIdsWithTransitionDue(
  db: Executor,
  now: EpochMs,
  kinds: { openedKind: string; closedKind: string },
): Promise<string[]> {
  const at = iso(now);
  const rows = await db
    .selectFrom("competitions as c")
    .select("c.id")
    .where("c.status", "=", "published")
    .where((eb) =>
      eb.or([
        eb.and([
          eb("c.open_at", "<=", at),
          eb.not(
            eb.exists(
              eb
                .selectFrom("job_runs")
                .select("job_runs.key")
                .where("job_runs.kind", "=", kinds.openedKind)
                .whereRef("job_runs.key", "=", "c.id"),
            ),
          ),
        ]),
        eb.and([
          eb("c.closed_at", "<=", at),
          eb.not(
            eb.exists(
              eb
                .selectFrom("job_runs")
                .select("job_runs.key")
                .where("job_runs.kind", "=", kinds.closedKind)
                .whereRef("job_runs.key", "=", "c.id"),
            ),
          ),
        ]),
      ]),
    )
    .orderBy("c.open_at")
    .orderBy("c.id")
    .execute();
  return rows.map((r) => r.id);
}
