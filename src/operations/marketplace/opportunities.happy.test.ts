/**
 * Bidding opportunities (`GET /bidding-opportunities/v1/`): open competitions in which the caller has qualified,
 * entered assets — with their ids and combined capacity; not before bidding opens, not after it closes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../domain/time.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { AFTER_CLOSE, BIDDING, call, enterAll, type Market, ok, setupMarket } from "./test-support.js";

describe.each(DIALECTS)("bidding opportunities, happy path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  let second: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    // a second competition, a Surplus (turn-up) need of type Utilisation: only import capacity counts
    second = await setupMarket(h, {
      type: "Utilisation",
      need_direction: "Surplus",
      availability_guide_price: null,
      product_type: "Scheduled Utilisation",
    });
    // the first provider also enters its assets into the second competition
    h.clock.set(BIDDING - DAY_MS);
    await enterAll(h, m.provider, second.competitionId);
    h.clock.set(BIDDING);
  });
  afterAll(() => h.close());

  it("lists each open competition once with its entered assets and their capacity for its direction", async () => {
    const res = await call(h, "GET", "/bidding-opportunities/v1/", m.provider);
    expect(res.status).toBe(200);
    expect(res.headers["x-total-count"]).toBe("2");
    const byId = Object.fromEntries(res.body.map((o: { competition_id: string }) => [o.competition_id, o]));
    expect(byId[m.competitionId]).toEqual({
      competition_id: m.competitionId,
      competition_name: "Oxford summer evenings",
      competition_type: "Availability & Utilisation",
      closed: m.competition.closed,
      flex_asset_ids: [m.battery, m.demand].sort(),
      planned_asset_ids: [m.planned],
      total_capacity: "4.500",
    });
    // Surplus: the battery imports 2.000, the demand asset 1.500; the planned asset exports only → not qualified
    expect(byId[second.competitionId]).toMatchObject({
      competition_type: "Utilisation",
      flex_asset_ids: [m.battery, m.demand].sort(),
      planned_asset_ids: [],
      total_capacity: "3.500",
    });
  });

  it("pages with limit and offset", async () => {
    const all = await ok(h, "GET", "/bidding-opportunities/v1/", m.provider);
    const p1 = await call(h, "GET", "/bidding-opportunities/v1/?limit=1", m.provider);
    const p2 = await call(h, "GET", "/bidding-opportunities/v1/?limit=1&offset=1", m.provider);
    expect([...p1.body, ...p2.body]).toEqual(all);
    expect(p2.headers["x-total-count"]).toBe("2");
  });

  it("shows nothing before bidding opens or after it closes", async () => {
    const saved = h.clock.now();
    try {
      h.clock.set(Date.parse(m.competition.open) - 1);
      expect(await ok(h, "GET", "/bidding-opportunities/v1/", m.provider)).toEqual([]);
      h.clock.set(AFTER_CLOSE);
      const after = await call(h, "GET", "/bidding-opportunities/v1/", m.provider);
      expect(after.body).toEqual([]);
      expect(after.headers["x-total-count"]).toBe("0");
    } finally {
      h.clock.set(saved);
    }
  });
});
