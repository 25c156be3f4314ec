/** Shared set-up of the internal auction tests (imported by tests only). */

import { type AuctionItem, insertInternalAuction } from "../../db/repositories/tso-internal-auctions.js";
import { newUuid } from "../../ids.js";
import type { Harness } from "../../testing/harness.js";

export const HOUR = 3_600_000;
/** The item on offer, without its id (each auction gets its own: the id of the winner's virtual asset). */
export const ITEM: Omit<AuctionItem, "id"> = {
  energyCapacity: 4000,
  ratedChargePower: 2000,
  ratedDischargePower: 2000,
  start: "2026-06-10T22:00:00Z",
  end: "2026-07-10T22:00:00Z",
  deliveryZone: "50Hertz",
  chargeEfficiency: 0.943,
  dischargeEfficiency: 0.943,
  initialSoC: 0.5,
  lastSoCTarget: 0.5,
  finalSoCTolerance: 0.01,
  dailyCycleLimit: 2,
};

/** An auction running from now + 1 h to now + 3 h (clock of the harness). */
export async function createAuction(
  h: Harness,
  item: Omit<AuctionItem, "id"> = ITEM,
): Promise<{ id: string; start: number; end: number; itemId: string }> {
  const now = h.clock.now();
  const a = { id: newUuid(), start: now + HOUR, end: now + 3 * HOUR, itemId: newUuid() };
  await insertInternalAuction(h.db.kysely, {
    id: a.id,
    start: a.start,
    end: a.end,
    item: { ...item, id: a.itemId },
    createdAt: now,
  });
  return a;
}

export type Org = { id: string; auth: { authorization: string } };

/** A fresh token for `org` at the harness clock's time (tokens live an hour). */
export async function login(h: Harness, org: Org, role: "provider" | "system_operator" = "provider"): Promise<Org> {
  const { token } = await h.token(org.id, role);
  org.auth = { authorization: `Bearer ${token}` };
  return org;
}

/** The real service's paths (`/auctions/…`) or their organisation-scoped alias (`/organisations/{org}/auctions/…`). */
export type AuctionPaths = "real" | "alias";
export const PATHS: readonly AuctionPaths[] = ["real", "alias"];
export const auctionsUrl = (org: Org, paths: AuctionPaths = "real") =>
  paths === "alias" ? `/organisations/${org.id}/auctions` : "/auctions";

export const bid = (h: Harness, org: Org, auctionId: string, price: unknown, paths: AuctionPaths = "real") =>
  h.app.inject({
    method: "POST",
    url: `${auctionsUrl(org, paths)}/${auctionId}/bids`,
    headers: org.auth,
    payload: { price } as never,
  });

export const list = (h: Harness, org: Org, paths: AuctionPaths = "real") =>
  h.app.inject({ url: auctionsUrl(org, paths), headers: org.auth });

export const getOne = (h: Harness, org: Org, auctionId: string, paths: AuctionPaths = "real") =>
  h.app.inject({ url: `${auctionsUrl(org, paths)}/${auctionId}`, headers: org.auth });
