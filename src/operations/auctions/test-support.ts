/** Shared set-up of the internal auction tests (imported by tests only). */
import type { Harness } from "../../../test/harness.js";
import { type AuctionItem, insertInternalAuction } from "../../db/repositories/tso-internal-auctions.js";
import { newUuid } from "../../ids.js";

export const HOUR = 3_600_000;
export const ITEM: AuctionItem = {
  energyCapacity: 4000,
  ratedChargePower: 2000,
  ratedDischargePower: 2000,
  start: "2026-06-10T22:00:00Z",
  end: "2026-07-10T22:00:00Z",
  deliveryZone: "50Hertz",
  chargeEfficiency: 0.943,
  dischargeEfficiency: 0.943,
};

/** An auction running from now + 1 h to now + 3 h (clock of the harness). */
export async function createAuction(
  h: Harness,
  item: AuctionItem = ITEM,
): Promise<{ id: string; start: number; end: number }> {
  const now = h.clock.now();
  const a = { id: newUuid(), start: now + HOUR, end: now + 3 * HOUR };
  await insertInternalAuction(h.db.kysely, { ...a, item, createdAt: now });
  return a;
}

export type Org = { id: string; auth: { authorization: string } };

/** A fresh token for `org` at the harness clock's time (tokens live an hour). */
export async function login(h: Harness, org: Org, role: "provider" | "system_operator" = "provider"): Promise<Org> {
  const { token } = await h.token(org.id, role);
  org.auth = { authorization: `Bearer ${token}` };
  return org;
}

export const bid = (h: Harness, org: Org, auctionId: string, price: unknown) =>
  h.app.inject({
    method: "POST",
    url: `/organisations/${org.id}/auctions/${auctionId}/bids`,
    headers: org.auth,
    payload: { price } as never,
  });

export const list = (h: Harness, org: Org) =>
  h.app.inject({ url: `/organisations/${org.id}/auctions`, headers: org.auth });

export const getOne = (h: Harness, org: Org, auctionId: string) =>
  h.app.inject({ url: `/organisations/${org.id}/auctions/${auctionId}`, headers: org.auth });
