import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../../test/harness.js";
import { ballotBody, call, type Market, ok, setupMarket } from "./test-support.js";

describe.each(DIALECTS)("ballots, happy path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
  });
  afterAll(() => h.close());

  it("lists the bidding opportunity with the entered assets and their combined capacity", async () => {
    const res = await call(h, "GET", "/bidding-opportunities/v1/", m.provider);
    expect(res.status).toBe(200);
    expect(res.headers["x-total-count"]).toBe("1");
    expect(res.body).toEqual([
      {
        competition_id: m.competitionId,
        competition_name: "Oxford summer evenings",
        competition_type: "Availability & Utilisation",
        closed: m.competition.closed,
        flex_asset_ids: [m.battery, m.demand].sort(),
        planned_asset_ids: [m.planned],
        total_capacity: "4.500",
      },
    ]);
  });

  it("accepts a ballot with all qualified assets when none are named", async () => {
    const res = await call(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, ballotBody(m));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      competition_id: m.competitionId,
      status: "active",
      assets: { flex: [m.battery, m.demand].sort(), planned: [m.planned] },
      bids: [
        {
          service_window_id: m.windowIds[0],
          capacity: "2.500",
          max_runtime: "1 01:30:00",
          rates: [
            { type: "availability", value: "12.50" },
            { type: "utilisation", value: "250.00" },
          ],
        },
      ],
    });
    expect(res.body.id).toMatch(/^[0-9A-Za-z]{10}$/);
  });

  it("keeps the newest ballot active and the older one as superseded history", async () => {
    h.clock.advance(60_000);
    const second = await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, ballotBody(m));
    const list = await call(h, "GET", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider);
    expect(list.headers["x-total-count"]).toBe("2");
    expect(list.body.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual([
      [second.id, "active"],
      [list.body[1].id, "superseded"],
    ]);
  });

  it("shows pending bid results until results are published", async () => {
    const res = await ok(h, "GET", `/bid-results/v1/${m.competitionId}/`, m.provider);
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({ status: "pending", accepted_capacity: null, reason: null });
  });
});
