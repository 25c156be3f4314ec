/**
 * The optimizer's answer is accepted as it is: for random assets, states of charge and prices, over random bids the
 * asset already holds (pending and submitted, accepted and rejected, FCR, aFRR capacity and aFRR energy, both
 * directions, on the optimized day and the next), and at random instants around the gates, the plan's requests —
 * POST bids.fcr, POST bids.afrr, then PUT the schedule — all succeed through the real operations, and afterwards
 * the asset's bids stay within its rated power in every quarter-hour and its projected state of charge within 0 … 100 %.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  markPendingBidsSubmittedReturning,
  recordAncillaryResults,
} from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { findProduct } from "../../domain/ancillary/products.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { addAsset, type Fixture } from "./test-fixtures.js";

/** Existing bids are placed on Sunday 2026-05-31 08:00 Berlin, when every gate of 06-02 and 06-03 is open. */
const PLACED_AT = Date.UTC(2026, 4, 31, 6, 0);
/** Optimize instants on Monday 06-01: every gate of 06-02 open; FCR closed (07:30 Berlin); both closed. */
const OPTIMIZE_AT = [Date.UTC(2026, 5, 1, 5, 0), Date.UTC(2026, 5, 1, 6, 0), Date.UTC(2026, 5, 1, 8, 0)];
const DAYS = ["2026-06-02", "2026-06-03"];
const BLOCK_CODES = ["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"];

const existingBid = fc.record({
  day: fc.constantFrom(...DAYS),
  kind: fc.constantFrom("FCR", "AFRRCapacity", "AFRREnergy"),
  direction: fc.constantFrom("POS", "NEG"),
  block: fc.integer({ min: 0, max: 5 }),
  quarter: fc.integer({ min: 1, max: 96 }),
  mw: fc.integer({ min: 1, max: 3 }),
});
type ExistingSpec = typeof existingBid extends fc.Arbitrary<infer T> ? T : never;

const scenario = fc.record({
  chargeMw: fc.integer({ min: 2, max: 12 }),
  dischargeMw: fc.integer({ min: 2, max: 12 }),
  energyKwh: fc.integer({ min: 1000, max: 12000 }),
  initialSocPercent: fc.integer({ min: 0, max: 100 }),
  /** Placed, then marked submitted; some get a result. */
  submitted: fc.array(existingBid, { maxLength: 8 }),
  results: fc.array(fc.boolean(), { maxLength: 8 }),
  /** Placed afterwards: still pending. */
  pending: fc.array(existingBid, { maxLength: 5 }),
  optimizeAt: fc.constantFrom(...OPTIMIZE_AT),
  day: fc.constantFrom(...DAYS),
  days: fc.constantFrom(1, 1, 2),
  wholesale: fc.array(fc.integer({ min: -30, max: 250 }), { minLength: 192, maxLength: 192 }),
  fcr: fc.option(fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 12, maxLength: 12 })),
  afrrPos: fc.option(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 12, maxLength: 12 })),
  afrrNeg: fc.option(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 12, maxLength: 12 })),
});

function productBody(b: ExistingSpec) {
  const kw = b.mw * 1000;
  if (b.kind === "FCR") {
    return {
      product: `NEGPOS_${BLOCK_CODES[b.block]}`,
      deliveryDay: b.day,
      bids: [{ offeredCapacity: kw, capacityPrice: 10 }],
    };
  }
  if (b.kind === "AFRRCapacity") {
    return {
      product: `${b.direction}_${BLOCK_CODES[b.block]}`,
      deliveryDay: b.day,
      bids: [{ offeredCapacity: kw, capacityPrice: 5, energyPrice: 100 }],
    };
  }
  const code = `${b.direction}_${String(b.quarter).padStart(3, "0")}`;
  return { product: code, deliveryDay: b.day, bids: [{ offeredCapacity: kw, energyPrice: 80 }] };
}

describe.each(DIALECTS)("optimize then apply, property (%s)", (dialect) => {
  let h: Harness;
  let org: Fixture["org"];
  beforeAll(async () => {
    h = await createHarness(dialect);
    org = await h.org("provider");
  });
  afterAll(() => h.close());

  /** Places the bids one product a request (what the platform refuses is simply not held); returns the ids placed. */
  async function place(f: Fixture, bids: readonly ExistingSpec[]): Promise<string[]> {
    const ids: string[] = [];
    for (const b of bids) {
      const res = await h.app.inject({
        method: "POST",
        url: `${f.base}/ancillary/bids`,
        headers: f.org.auth,
        payload: [productBody(b)],
      });
      if (res.statusCode === 201) ids.push(res.json()[0].bids[0].bidID);
    }
    return ids;
  }

  it("every request of the answer succeeds, and the asset's limits hold", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        h.clock.set(PLACED_AT);
        const f = await addAsset(h, org, {
          energyKwh: s.energyKwh,
          powerKw: s.dischargeMw * 1000,
          chargePowerKw: s.chargeMw * 1000,
          dischargePowerKw: s.dischargeMw * 1000,
          initialSocPercent: s.initialSocPercent,
        });
        const submitted = await place(f, s.submitted);
        await markPendingBidsSubmittedReturning(h.db.kysely, PLACED_AT, PLACED_AT);
        const results = submitted.slice(0, s.results.length).map((bidId, i) => ({
          bidId,
          accepted: s.results[i]!,
          decidedAt: PLACED_AT,
        }));
        await recordAncillaryResults(h.db.kysely, results);
        await place(f, s.pending);

        h.clock.set(s.optimizeAt);
        // June: 96 quarter-hours and 6 blocks a day
        const steps = (xs: number[]) => xs.slice(0, 96 * s.days);
        const blocks = (xs: number[]) => xs.slice(0, 6 * s.days);
        const prices: Record<string, number[]> = { wholesale: steps(s.wholesale) };
        if (s.fcr) prices.fcr = blocks(s.fcr);
        if (s.afrrPos)
          Object.assign(prices, {
            afrrCapacityPos: blocks(s.afrrPos),
            afrrEnergyPos: blocks(s.afrrPos).map((p) => p * 5),
          });
        if (s.afrrNeg)
          Object.assign(prices, {
            afrrCapacityNeg: blocks(s.afrrNeg),
            afrrEnergyNeg: blocks(s.afrrNeg).map((p) => -p),
          });
        const res = await h.app.inject({
          method: "POST",
          url: `${f.base}/optimize`,
          headers: f.org.auth,
          payload: {
            horizon: { firstDeliveryDay: s.day, days: s.days },
            prices,
            afrrActivationShare: { pos: 0.05, neg: 0.05 },
            degradationCost: 5,
            options: { timeLimitSeconds: 0.3 },
          },
        });
        expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
        const plan = res.json();

        for (const [market, body] of [
          ["FCR", plan.bids.fcr],
          ["aFRR", plan.bids.afrr],
        ] as const) {
          if (body.length === 0) continue;
          const placed = await h.app.inject({
            method: "POST",
            url: `${f.base}/ancillary/bids`,
            headers: f.org.auth,
            payload: body,
          });
          expect(placed.statusCode, `${market}: ${placed.body.slice(0, 400)}`).toBe(201);
        }
        const put = await h.app.inject({
          method: "PUT",
          url: `${f.base}/blocks/${plan.wholesaleBlockID}`,
          headers: f.org.auth,
          payload: { schedule: plan.schedule },
        });
        expect(put.statusCode, put.body.slice(0, 400)).toBe(200);

        // the asset's limits, recomputed from what it now holds
        const live = await h.db.kysely
          .selectFrom("ancillary_bids as b")
          .leftJoin("ancillary_results as r", "r.bid_id", "b.id")
          .leftJoin("ancillary_results as pr", "pr.bid_id", "b.parent_bid_id")
          .select([
            "b.product",
            "b.delivery_day",
            "b.market",
            "b.offered_kw",
            "r.accepted",
            "pr.accepted as parent_accepted",
          ])
          .where("b.virtual_asset_id", "=", f.assetId)
          .where("b.replaced_at", "is", null)
          .execute();
        const pos = new Map<number, number>();
        const neg = new Map<number, number>();
        for (const bid of live) {
          if (Number(bid.accepted ?? 1) === 0 || Number(bid.parent_accepted ?? 1) === 0) continue;
          if (bid.market === "AFRRCapacity") continue; // held through its implicit energy bids
          const p = findProduct(bid.product, bid.delivery_day)!;
          if (p.market === "FCR")
            expect(Number(bid.offered_kw) * 100).toBeLessThanOrEqual(Math.min(s.chargeMw, s.dischargeMw) * 1000 * 80);
          for (let t = p.start; t < p.end; t += 900_000) {
            if (p.direction !== "NEG") pos.set(t, (pos.get(t) ?? 0) + Number(bid.offered_kw));
            if (p.direction !== "POS") neg.set(t, (neg.get(t) ?? 0) + Number(bid.offered_kw));
          }
        }
        for (const kw of pos.values()) expect(kw).toBeLessThanOrEqual(s.dischargeMw * 1000);
        for (const kw of neg.values()) expect(kw).toBeLessThanOrEqual(s.chargeMw * 1000);
        const soc = await h.app.inject({
          url: `${f.base}/state-of-charge/projected?start=${plan.schedule[0].time}&end=${plan.stateOfCharge.at(-1).time}`,
          headers: f.org.auth,
        });
        for (const p of soc.json().stateOfChargePercentageTimeseries) {
          expect(p.soc).toBeGreaterThanOrEqual(0);
          expect(p.soc).toBeLessThanOrEqual(100);
        }
      }),
      { numRuns: 40, seed: Number(process.env.FC_SEED ?? 2112), endOnFailure: true },
    );
  }, 120_000);
});
