/** Request builders for the ancillary-bid tests (imported by tests only). */

import { submitPendingBids } from "../../engine/ancillary-submission.js";
import type { Harness } from "../../testing/harness.js";
import type { Fixture } from "./test-fixtures.js";

export const BLOCKS = ["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"] as const;

type Bid = Record<string, unknown>;

export const fcr = (product: string, deliveryDay: string, bid: Bid = {}) => ({
  product,
  deliveryDay,
  bids: [{ offeredCapacity: 2000, capacityPrice: 100.5, energyPrice: null, ...bid }],
});
export const afrrCapacity = (product: string, deliveryDay: string, bid: Bid = {}) => ({
  product,
  deliveryDay,
  bids: [{ offeredCapacity: 2000, capacityPrice: 12.25, energyPrice: 80, ...bid }],
});
export const afrrEnergy = (product: string, deliveryDay: string, bid: Bid = {}) => ({
  product,
  deliveryDay,
  bids: [{ offeredCapacity: 1000, capacityPrice: null, energyPrice: 95.5, ...bid }],
});

/** The six FCR products of a delivery day. */
export const fcrDay = (deliveryDay: string, bid: Bid = {}) => BLOCKS.map((b) => fcr(`NEGPOS_${b}`, deliveryDay, bid));

export const postBids = (h: Harness, fx: Fixture, body: unknown) =>
  h.app.inject({ method: "POST", url: `${fx.base}/ancillary/bids`, headers: fx.org.auth, payload: body as never });

export const getBids = (h: Harness, fx: Fixture, query: string) =>
  h.app.inject({ url: `${fx.base}/ancillary/bids?${query}`, headers: fx.org.auth });

export const getResults = (h: Harness, fx: Fixture, query: string) =>
  h.app.inject({ url: `${fx.base}/ancillary/results?${query}`, headers: fx.org.auth });

/** The query selecting one Berlin delivery day in summer time (UTC+2). */
export const summerDay = (day: string): string => {
  const start = new Date(`${day}T00:00:00+02:00`);
  const end = new Date(start.getTime() + 24 * 3600_000);
  const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");
  return `start=${iso(start)}&end=${iso(end)}`;
};

/** Lets the engine place every pending bid (as if its 30 s had passed). */
export const submitAll = (h: Harness) => submitPendingBids(h.deps, h.clock.now() + 30_000);
