/**
 * Blocks, their schedules and the platform's adjustments to them.
 *
 * Schedules are stored in chunks of 96 slots (`block_schedule_chunks`): a missing chunk is zeros, so a new block
 * costs nothing, and a PUT of a day writes one or two rows in one statement.
 */
import type {
  Block,
  BlockMarket,
  BlockSchedule,
  Schedule,
  SlotPowerCapacity,
} from "../../../domain/ancillary/schedule.js";
import type { Adjustment, SchedulePoint } from "../../../domain/ancillary/soc-adjustments.js";
import { type EpochMs, QUARTER_HOUR_MS } from "../../../domain/time.js";
import { newUuid } from "../../../ids.js";
import { inParameterBatches } from "../../bulk.js";
import type { BlockMarketColumn, BlockTable } from "../../schema.js";
import type { Executor } from "../organisations.js";
import { isoOf, msOf } from "./virtual-assets.js";

export const CHUNK_SLOTS = 96;

export interface NewBlock {
  readonly id: string;
  readonly virtualAssetId: string;
  readonly start: EpochMs;
  readonly end: EpochMs;
  readonly market: BlockMarketColumn;
  readonly ratedChargePowerKw: number;
  readonly ratedDischargePowerKw: number;
  readonly createdAt: EpochMs;
}

/**
 * A stored block as the domain sees it. Its available power capacity is its rated share in every slot (outages and
 * ancillary reservations do not reduce it yet; docs/virtual-battery.md).
 */
function toBlock(row: BlockTable): Block {
  const start = msOf(row.start_at);
  const end = msOf(row.end_at);
  const charge = Number(row.rated_charge_power_kw);
  const discharge = Number(row.rated_discharge_power_kw);
  const capacity: SlotPowerCapacity = Object.freeze({
    chargePowerCapacityKw: charge,
    dischargePowerCapacityKw: discharge,
    ratedChargePowerCapacityKw: charge,
    ratedDischargePowerCapacityKw: discharge,
  });
  return {
    id: row.id,
    start,
    end,
    market: row.market as BlockMarket,
    ratedChargePowerKw: charge,
    ratedDischargePowerKw: discharge,
    powerCapacity: new Array<SlotPowerCapacity>((end - start) / QUARTER_HOUR_MS).fill(capacity),
  };
}

export async function insertBlock(db: Executor, block: NewBlock): Promise<void> {
  await db
    .insertInto("blocks")
    .values({
      id: block.id,
      virtual_asset_id: block.virtualAssetId,
      start_at: isoOf(block.start),
      end_at: isoOf(block.end),
      market: block.market,
      rated_charge_power_kw: block.ratedChargePowerKw,
      rated_discharge_power_kw: block.ratedDischargePowerKw,
      created_at: isoOf(block.createdAt),
    })
    .execute();
}

/** Rated powers of a block (administration: an asset's wholesale block follows the asset's ratings). */
export async function updateBlockRatings(
  db: Executor,
  blockId: string,
  ratings: { ratedChargePowerKw: number; ratedDischargePowerKw: number },
): Promise<void> {
  await db
    .updateTable("blocks")
    .set({
      rated_charge_power_kw: ratings.ratedChargePowerKw,
      rated_discharge_power_kw: ratings.ratedDischargePowerKw,
    })
    .where("id", "=", blockId)
    .execute();
}

/** The blocks of these assets (without schedules), by asset, each list in start order. */
export async function listBlocksOfAssets(db: Executor, assetIds: readonly string[]): Promise<Map<string, Block[]>> {
  const out = new Map<string, Block[]>(assetIds.map((id) => [id, []]));
  if (assetIds.length === 0) return out;
  const rows = await db
    .selectFrom("blocks")
    .selectAll()
    .where("virtual_asset_id", "in", assetIds)
    .orderBy("start_at")
    .orderBy("id")
    .execute();
  for (const row of rows) out.get(row.virtual_asset_id)?.push(toBlock(row));
  return out;
}

const decodeChunk = (powers: string): number[] => (powers === "" ? [] : powers.split(",").map(Number));

/** Every block of these assets with its full schedule, by asset. */
export async function loadBlockSchedulesOfAssets(
  db: Executor,
  assetIds: readonly string[],
): Promise<Map<string, BlockSchedule[]>> {
  const blocks = await listBlocksOfAssets(db, assetIds);
  const out = new Map<string, BlockSchedule[]>();
  const schedules = new Map<string, number[]>();
  for (const [assetId, list] of blocks) {
    out.set(
      assetId,
      list.map((block) => {
        const schedule = new Array<number>((block.end - block.start) / QUARTER_HOUR_MS).fill(0);
        schedules.set(block.id, schedule);
        return { block, schedule };
      }),
    );
  }
  if (schedules.size === 0) return out;
  const chunks = await db
    .selectFrom("block_schedule_chunks")
    .innerJoin("blocks", "blocks.id", "block_schedule_chunks.block_id")
    .select([
      "block_schedule_chunks.block_id as blockId",
      "block_schedule_chunks.chunk",
      "block_schedule_chunks.powers",
    ])
    .where("blocks.virtual_asset_id", "in", assetIds)
    .execute();
  for (const c of chunks) {
    const schedule = schedules.get(c.blockId);
    if (!schedule) continue;
    const offset = Number(c.chunk) * CHUNK_SLOTS;
    const powers = decodeChunk(c.powers);
    for (let j = 0; j < powers.length && offset + j < schedule.length; j++) schedule[offset + j] = powers[j]!;
  }
  return out;
}

/** Every block of one asset with its full schedule. */
export async function loadBlockSchedules(db: Executor, assetId: string): Promise<BlockSchedule[]> {
  return (await loadBlockSchedulesOfAssets(db, [assetId])).get(assetId) ?? [];
}

/** Writes the chunks of `after` that differ from `before`, in one upsert. Returns how many chunks were written. */
export async function writeSchedule(db: Executor, blockId: string, before: Schedule, after: Schedule): Promise<number> {
  if (before.length !== after.length) throw new Error(`schedule of block ${blockId} changed length`);
  const rows: { block_id: string; chunk: number; powers: string }[] = [];
  for (let chunk = 0; chunk * CHUNK_SLOTS < after.length; chunk++) {
    const from = chunk * CHUNK_SLOTS;
    const to = Math.min(after.length, from + CHUNK_SLOTS);
    let changed = false;
    for (let j = from; j < to && !changed; j++) changed = before[j] !== after[j];
    if (changed) rows.push({ block_id: blockId, chunk, powers: after.slice(from, to).join(",") });
  }
  if (rows.length === 0) return 0;
  await inParameterBatches(db, rows, (batch) =>
    db
      .insertInto("block_schedule_chunks")
      .values(batch)
      .onConflict((oc) =>
        oc.columns(["block_id", "chunk"]).doUpdateSet((eb) => ({ powers: eb.ref("excluded.powers") })),
      )
      .execute(),
  );
  return rows.length;
}

const pointsToJson = (points: readonly SchedulePoint[]): string =>
  JSON.stringify(points.map((p) => ({ time: isoOf(p.time), power: p.power })));
const pointsFromJson = (text: string): SchedulePoint[] =>
  (JSON.parse(text) as { time: string; power: number }[]).map((p) => ({ time: msOf(p.time), power: p.power }));

export async function insertAdjustments(
  db: Executor,
  virtualAssetId: string,
  adjustments: readonly Adjustment[],
): Promise<void> {
  const rows = adjustments.map((a) => ({
    id: newUuid(),
    virtual_asset_id: virtualAssetId,
    block_id: a.blockID,
    made_at: isoOf(a.timestamp),
    accepted_schedule: pointsToJson(a.acceptedSchedule),
    adjusted_schedule: pointsToJson(a.adjustedSchedule),
    reason: a.reason,
  }));
  await inParameterBatches(db, rows, (batch) => db.insertInto("schedule_adjustments").values(batch).execute());
}

/** The asset's adjustments made in [start, end] (either bound optional), oldest first. */
export async function listAdjustments(
  db: Executor,
  virtualAssetId: string,
  window: { start?: EpochMs; end?: EpochMs },
): Promise<Adjustment[]> {
  let query = db.selectFrom("schedule_adjustments").selectAll().where("virtual_asset_id", "=", virtualAssetId);
  if (window.start !== undefined) query = query.where("made_at", ">=", isoOf(window.start));
  if (window.end !== undefined) query = query.where("made_at", "<=", isoOf(window.end));
  const rows = await query.orderBy("made_at").orderBy("block_id").execute();
  return rows.map((r) => ({
    timestamp: msOf(r.made_at),
    blockID: r.block_id,
    acceptedSchedule: pointsFromJson(r.accepted_schedule),
    adjustedSchedule: pointsFromJson(r.adjusted_schedule),
    reason: r.reason,
  }));
}
