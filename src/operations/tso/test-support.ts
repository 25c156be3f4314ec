/** Shared set-up of the `/tso/v1/` operation tests (imported by tests only). */
import { expect } from "vitest";
import { findProduct } from "../../domain/ancillary/products.js";
import { auctionTimeOf } from "../../domain/clearing/tso-sandbox.js";
import { runTsoAuctions } from "../../engine/tso-auctions.js";
import type { Harness } from "../../testing/harness.js";
import { fcr, postBids, submitAll } from "../virtual-battery/ancillary-fixtures.js";
import { createFixture, type Fixture } from "../virtual-battery/test-fixtures.js";

export const DAY = "2026-06-03";
export const FCR_GATE = auctionTimeOf(findProduct("NEGPOS_00_04", DAY)!);

/** A provider with one cheap FCR bid on DAY's first block, submitted, and the FCR auctions of DAY cleared. */
export async function clearedFcrDay(h: Harness): Promise<{ provider: Fixture; bidId: string }> {
  const provider = await createFixture(h, { powerKw: 5000, energyKwh: 10000 });
  const placed = await postBids(h, provider, [fcr("NEGPOS_00_04", DAY, { capacityPrice: -10 })]);
  expect(placed.statusCode, placed.body).toBe(201);
  await submitAll(h);
  h.clock.set(FCR_GATE);
  await runTsoAuctions(h.deps, FCR_GATE);
  return { provider, bidId: placed.json()[0].bids[0].bidID };
}

export const getAuctions = (h: Harness, auth: { authorization: string } | undefined, query: string) =>
  h.app.inject({ url: `/tso/v1/auctions${query}`, ...(auth ? { headers: auth } : {}) });
