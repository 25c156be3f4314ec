/**
 * The caller's virtual asset and blocks, read for the virtual-battery operations: another organisation's id reads as
 * unknown (404), never as forbidden.
 */
import type { Executor } from "../../db/repositories/organisations.js";
import type { BidQuery } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { loadBlockSchedules } from "../../db/repositories/virtual-battery/blocks.js";
import { findVirtualAsset, type VirtualAsset } from "../../db/repositories/virtual-battery/virtual-assets.js";
import type { DeliveryProduct } from "../../domain/ancillary/products.js";
import type { BlockSchedule } from "../../domain/ancillary/schedule.js";
import { energyTimeline, latestBoundary } from "../../domain/ancillary/soc.js";
import { AppError } from "../../domain/errors.js";
import { type EpochMs, QUARTER_HOUR_MS, toIso } from "../../domain/time.js";
import { type AncillarySelection, dayRange, groupByProduct } from "./ancillary-query.js";

/** The caller's virtual asset, or 404 (another organisation's id reads as unknown). */
export async function ownedAsset(db: Executor, organisationId: string, id: string): Promise<VirtualAsset> {
  const asset = await findVirtualAsset(db, organisationId, id);
  if (!asset) throw new AppError("not_found", "No such virtual asset.");
  return asset;
}

/** The caller's virtual asset (404 if unknown or another organisation's) with all its blocks' schedules. */
export async function ownedAssetWithBlocks(
  db: Executor,
  organisationId: string,
  id: string,
): Promise<{ asset: VirtualAsset; blocks: BlockSchedule[] }> {
  const asset = await ownedAsset(db, organisationId, id);
  return { asset, blocks: await loadBlockSchedules(db, asset.spec.id) };
}

/**
 * The caller's virtual asset and its projected usable energy at the last quarter-hour boundary at or before `now`
 * (before the lifetime: the initial state; after it: the final state): what the two `…/latest` views answer.
 */
export async function latestEnergy(
  db: Executor,
  organisationId: string,
  id: string,
  now: EpochMs,
): Promise<{ asset: VirtualAsset; energyMilliWh: number; time: string }> {
  const { asset, blocks } = await ownedAssetWithBlocks(db, organisationId, id);
  const timeline = energyTimeline(asset.spec, blocks);
  const k = latestBoundary(timeline, now);
  return { asset, energyMilliWh: timeline.energiesAt[k]!, time: toIso(asset.spec.start + k * QUARTER_HOUR_MS) };
}

/** The caller's block of the caller's virtual asset with its schedule (404 if either is unknown or foreign). */
export async function ownedBlock(
  db: Executor,
  organisationId: string,
  params: { virtualAssetID: string; blockID: string },
): Promise<BlockSchedule> {
  const { blocks } = await ownedAssetWithBlocks(db, organisationId, params.virtualAssetID);
  const found = blocks.find((b) => b.block.id === params.blockID);
  if (!found) throw new AppError("not_found", "No such block.");
  return found;
}

/**
 * The caller's asset's bids (read with `read`: live or decided) on the products a selection names, grouped per
 * product in delivery-day, market and product order (404 if the asset is unknown or foreign): what the two
 * `…/ancillary/{bids,results}` views answer.
 */
export async function ownedBidsByProduct<B extends { productDateCode: string }>(
  db: Executor,
  organisationId: string,
  virtualAssetId: string,
  selection: AncillarySelection,
  read: (db: Executor, virtualAssetId: string, q: BidQuery) => Promise<B[]>,
): Promise<{ product: DeliveryProduct; bids: B[] }[]> {
  const asset = await ownedAsset(db, organisationId, virtualAssetId);
  const bids = await read(db, asset.spec.id, {
    ...dayRange(selection),
    markets: selection.markets,
    directions: selection.directions,
  });
  return groupByProduct(selection, bids, (product, list) => ({ product, bids: list }));
}
