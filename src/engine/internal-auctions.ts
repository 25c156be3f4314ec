/**
 * The internal virtual-asset auctions' scheduler (docs/domain.md §2, "Internal auctions"): on the injected clock it records
 * NOT_STARTED → RUNNING → PENDING (idempotent conditional updates), and decides each ended auction exactly once
 * (`runOnce`, kind `internal-auction`, key = the auction id): the highest latest bid wins (ties to the earliest, then the
 * lowest organisation id) and, in the same transaction, the virtual asset on offer is created for the winner's
 * organisation under the item's id (with its WHOLESALE block, as `flexmarket admin virtual-asset create` does). Without bids the auction
 * closes with no winner. Each organisation then sees WON / LOST / NO_BIDS_SUBMITTED (internal-auction.ts).
 */

import { Decimal } from "decimal.js";
import type { Transaction } from "kysely";
import { runOnce } from "../db/repositories/job-runs.js";
import {
  advanceInternalAuctions,
  findInternalAuction,
  listAuctionBidsOf,
  listUndecidedEndedAuctionIds,
  markAuctionDecided,
} from "../db/repositories/tso-internal-auctions.js";
import { insertBlock } from "../db/repositories/virtual-battery/blocks.js";
import { insertVirtualAsset } from "../db/repositories/virtual-battery/virtual-assets.js";
import type { Database } from "../db/schema.js";
import type { Deps } from "../deps.js";
import { specOf } from "../domain/ancillary/virtual-asset-spec.js";
import { decideAuction } from "../domain/clearing/internal-auction.js";
import type { EpochMs } from "../domain/time.js";
import { newUuid } from "../ids.js";
import { startTicker } from "./ticker.js";

export const INTERNAL_AUCTION_JOB = "internal-auction";
export const DEFAULT_INTERNAL_AUCTION_POLL_MS = 1_000;

/** Decides one ended auction inside the job's transaction. Returns the winner's organisation id, or null. */
async function decide(tx: Transaction<Database>, id: string, now: EpochMs): Promise<string | null> {
  const auction = await findInternalAuction(tx, id, { lock: true });
  if (!auction || auction.decidedAt !== null) return null;
  const winner = decideAuction(await listAuctionBidsOf(tx, id));
  let virtualAssetId: string | null = null;
  if (winner) {
    const { item } = auction;
    const spec = specOf(
      {
        organisationId: winner.organisationId,
        energyKwh: item.energyCapacity,
        powerKw: item.ratedDischargePower,
        chargePowerKw: item.ratedChargePower,
        dischargePowerKw: item.ratedDischargePower,
        start: item.start,
        end: item.end,
        chargeEfficiency: item.chargeEfficiency,
        dischargeEfficiency: item.dischargeEfficiency,
        deliveryZone: item.deliveryZone,
        initialSocPercent: new Decimal(item.initialSoC).times(100).toString(),
        finalSoCTolerance: item.finalSoCTolerance,
        dailyCycleLimit: item.dailyCycleLimit,
      },
      item.id,
    );
    virtualAssetId = spec.id;
    await insertVirtualAsset(tx, {
      spec,
      organisationId: winner.organisationId,
      portfolioId: newUuid(),
      deliveryZone: item.deliveryZone,
      eicCode: "",
      createdAt: now,
    });
    await insertBlock(tx, {
      id: newUuid(),
      virtualAssetId: spec.id,
      start: spec.start,
      end: spec.end,
      market: "WHOLESALE",
      ratedChargePowerKw: spec.ratedChargePowerKw,
      ratedDischargePowerKw: spec.ratedDischargePowerKw,
      createdAt: now,
    });
  }
  await markAuctionDecided(tx, id, {
    winnerOrganisationId: winner?.organisationId ?? null,
    winningPriceCents: winner?.priceCents ?? null,
    virtualAssetId,
    at: now,
  });
  return winner?.organisationId ?? null;
}

/** Records due transitions and decides every ended auction not yet decided. Safe from any number of processes. */
export async function runInternalAuctions(
  deps: Pick<Deps, "db" | "logger">,
  now: EpochMs,
): Promise<{ decided: string[] }> {
  const db = deps.db.kysely;
  await advanceInternalAuctions(db, now);
  const decided: string[] = [];
  for (const id of await listUndecidedEndedAuctionIds(db, now)) {
    try {
      const r = await runOnce(db, { kind: INTERNAL_AUCTION_JOB, key: id, now }, (tx) => decide(tx, id, now));
      if (r.ran) decided.push(id);
    } catch (error) {
      deps.logger.error({ err: error, auctionId: id }, "internal auction decision failed");
    }
  }
  return { decided };
}

/** The engine job: returns its stop function. */
export function startInternalAuctions(deps: Deps, options: { pollMs?: number } = {}): () => Promise<void> {
  return startTicker(deps, "internal-auctions", options.pollMs ?? DEFAULT_INTERNAL_AUCTION_POLL_MS, async (now) => {
    const { decided } = await runInternalAuctions(deps, now);
    if (decided.length > 0) deps.logger.info({ decided }, "internal auctions decided");
  });
}
