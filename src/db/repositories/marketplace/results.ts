/**
 * Bid decisions (the system operator's accept / reject, kept private until results are published) and obligations
 * (one per accepted bid and occurrence of its service window: what the provider must deliver, when, at what price).
 */
import type { Selectable } from "kysely";
import type { AssetIds, Rate } from "../../../domain/marketplace/types.js";
import type { EpochMs } from "../../../domain/time.js";
import type { MilliMw } from "../../../domain/units.js";
import { inParameterBatches } from "../../bulk.js";
import { countRows, readChunks } from "../../chunks.js";
import type { BidDecisionTable, ObligationTable } from "../../schema.js";

import type { Executor } from "../organisations.js";
import type { ChunkedList, Page } from "./assets.js";
import { loadAssetSets, rateColumns, ratesOf } from "./ballots.js";
import { iso, ms } from "./instants.js";

export interface DecisionRecord {
  readonly bidId: string;
  readonly competitionId: string;
  readonly status: "accepted" | "rejected";
  readonly acceptedCapacityMilliMw: MilliMw | null;
  readonly reason: string | null;
  /** The deciding organisation, or `auto`. */
  readonly decidedBy: string;
  readonly decided: EpochMs;
}

const toDecision = (row: Selectable<BidDecisionTable>): DecisionRecord => ({
  bidId: row.bid_id,
  competitionId: row.competition_id,
  status: row.status,
  acceptedCapacityMilliMw: row.accepted_capacity_milli_mw,
  reason: row.reason,
  decidedBy: row.decided_by,
  decided: ms(row.decided_at),
});

/** Records (or replaces) the decision on a bid. */
export async function saveDecision(db: Executor, d: DecisionRecord): Promise<void> {
  const values = {
    competition_id: d.competitionId,
    status: d.status,
    accepted_capacity_milli_mw: d.acceptedCapacityMilliMw,
    reason: d.reason,
    decided_by: d.decidedBy,
    decided_at: iso(d.decided),
  };
  await db
    .insertInto("bid_decisions")
    .values({ bid_id: d.bidId, ...values })
    .onConflict((oc) => oc.column("bid_id").doUpdateSet(values))
    .execute();
}

/** The decisions on the given bids, by bid id. */
export async function findDecisions(db: Executor, bidIds: readonly string[]): Promise<Map<string, DecisionRecord>> {
  const out = new Map<string, DecisionRecord>();
  if (bidIds.length === 0) return out;
  for (let i = 0; i < bidIds.length; i += 500) {
    const rows = await db
      .selectFrom("bid_decisions")
      .selectAll()
      .where("bid_id", "in", bidIds.slice(i, i + 500))
      .execute();
    for (const row of rows) out.set(row.bid_id, toDecision(row));
  }
  return out;
}

export interface ObligationRecord {
  readonly id: string;
  readonly competitionId: string;
  readonly providerId: string;
  readonly ballotId: string;
  readonly bidId: string;
  readonly serviceWindowId: string;
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly capacityMilliMw: MilliMw;
  readonly rates: readonly Rate[];
  readonly created: EpochMs;
}

export async function insertObligations(db: Executor, obligations: readonly ObligationRecord[]): Promise<void> {
  const rows = obligations.map((o) => ({
    id: o.id,
    competition_id: o.competitionId,
    provider_id: o.providerId,
    ballot_id: o.ballotId,
    bid_id: o.bidId,
    service_window_id: o.serviceWindowId,
    start_at: iso(o.start),
    end_at: iso(o.end),
    capacity_milli_mw: o.capacityMilliMw,
    ...rateColumns(o.rates),
    created_at: iso(o.created),
  }));
  await inParameterBatches(db, rows, (batch) => db.insertInto("obligations").values(batch).execute());
}

export interface ObligationFilter {
  readonly competitionId?: string | undefined;
  readonly bidId?: string | undefined;
  /** Only obligations ending after this instant. */
  readonly endsAfter?: EpochMs | undefined;
  /** Only obligations starting before this instant. */
  readonly startsBefore?: EpochMs | undefined;
}

/** A provider's obligations overlapping the filter's interval, by start; each with its ballot's asset set. */
export async function listObligations(
  db: Executor,
  providerId: string,
  filter: ObligationFilter,
  page: Page,
): Promise<ChunkedList<ObligationRecord & { assets: AssetIds }>> {
  let q = db.selectFrom("obligations").where("provider_id", "=", providerId);
  if (filter.competitionId !== undefined) q = q.where("competition_id", "=", filter.competitionId);
  if (filter.bidId !== undefined) q = q.where("bid_id", "=", filter.bidId);
  if (filter.endsAfter !== undefined) q = q.where("end_at", ">", iso(filter.endsAfter));
  if (filter.startsBefore !== undefined) q = q.where("start_at", "<", iso(filter.startsBefore));
  const hydrate = async (rows: Selectable<ObligationTable>[]) => {
    const sets = await loadAssetSets(db, [...new Set(rows.map((r) => r.ballot_id))]);
    return rows.map((r) => ({
      id: r.id,
      competitionId: r.competition_id,
      providerId: r.provider_id,
      ballotId: r.ballot_id,
      bidId: r.bid_id,
      serviceWindowId: r.service_window_id,
      start: ms(r.start_at),
      end: ms(r.end_at),
      capacityMilliMw: r.capacity_milli_mw,
      rates: ratesOf(r),
      created: ms(r.created_at),
      assets: sets.get(r.ballot_id) ?? { flex: [], planned: [] },
    }));
  };
  return {
    total: await countRows(q),
    chunks: readChunks(q.selectAll(), { column: "start_at", id: "id", direction: "asc" }, page, hydrate),
  };
}

export async function countObligations(db: Executor, competitionId: string): Promise<number> {
  const row = await db
    .selectFrom("obligations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("competition_id", "=", competitionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
