/**
 * The bidding tutorial's flow (docs/marketplace.md) against the demo data, as a provider's client runs it with the demo
 * credentials: token → bidding opportunities → competition → assets → ballot (no assets named, the tutorial's
 * literal body) → bid results. Also the closed demo competition's published results and obligations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, seedDemoIfEmpty } from "../../demo/seed.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { call } from "./test-support.js";

describe.each(DIALECTS)("the tutorial's bidding flow on the demo data (%s)", (dialect) => {
  let h: Harness;
  let auth: { authorization: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    expect(await seedDemoIfEmpty(h.deps)).toBe(true);
    const token = await call(h, "POST", "/authtoken/v1/", undefined, {
      client_id: DEMO.provider.clientId,
      api_key: DEMO.provider.apiKey,
    });
    expect(token.status).toBe(200);
    auth = { authorization: `Bearer ${token.body.token}` };
  });
  afterAll(() => h.close());

  it("runs opportunities → competition → assets → ballot → bid results", async () => {
    const opportunities = await call(h, "GET", "/bidding-opportunities/v1/", auth);
    expect(opportunities.status).toBe(200);
    expect(opportunities.body.map((o: { competition_type: string }) => o.competition_type).sort()).toEqual([
      "Availability",
      "Availability & Utilisation",
      "Utilisation",
    ]);
    for (const o of opportunities.body) {
      expect(o.flex_asset_ids).toHaveLength(2);
      expect(o.planned_asset_ids).toHaveLength(1);
      expect(o.total_capacity).toBe("10.000");
    }
    const opportunity = opportunities.body.find(
      (o: { competition_type: string }) => o.competition_type === "Availability",
    );

    const competition = await call(h, "GET", `/competitions/v1/${opportunity.competition_id}/`, auth);
    expect(competition.status).toBe(200);
    expect(competition.body).toMatchObject({ type: "Availability", status: "open", need_direction: "Surplus" });
    const window = competition.body.service_periods[0].service_windows[0];
    expect(window.capacity_required).toBe("10.000");

    for (const id of opportunity.flex_asset_ids) {
      const asset = await call(h, "GET", `/assets/v1/${id}/`, auth);
      expect(asset.status).toBe(200);
      expect(asset.body.provider).toBe(DEMO.provider.organisationId);
    }
    const planned = await call(h, "GET", `/planned-assets/v1/${opportunity.planned_asset_ids[0]}/`, auth);
    expect(planned.body).toMatchObject({ capacity_type: "import", capacity_value: "2.000" });

    // The tutorial's curl body, verbatim but for the ids.
    const ballot = await call(h, "POST", `/bids/v1/competitions/${opportunity.competition_id}/ballots/`, auth, {
      competition_id: opportunity.competition_id,
      bids: [
        {
          service_window_id: window.id,
          capacity: "9.32",
          max_runtime: "1T01:30:00",
          rates: [{ type: "availability", value: "123.45" }],
        },
      ],
    });
    expect(ballot.status, JSON.stringify(ballot.body)).toBe(201);
    expect(ballot.body.bids[0]).toMatchObject({ capacity: "9.320", max_runtime: "1 01:30:00" });
    expect(ballot.body.assets.flex.sort()).toEqual([...opportunity.flex_asset_ids].sort());

    const results = await call(h, "GET", `/bid-results/v1/${opportunity.competition_id}/`, auth);
    expect(results.status).toBe(200);
    expect(results.body).toEqual([expect.objectContaining({ bid_id: ballot.body.bids[0].id, status: "pending" })]);
  });

  it("has a closed competition with published results and obligations", async () => {
    const closed = await call(h, "GET", "/competitions/v1/?status=results_published", auth);
    expect(closed.body).toHaveLength(1);
    const id = closed.body[0].id;
    const results = await call(h, "GET", `/bid-results/v1/${id}/`, auth);
    expect(
      results.body.map((r: { status: string; accepted_capacity: string | null }) => [r.status, r.accepted_capacity]),
    ).toEqual([
      ["accepted", "3.000"],
      ["rejected", null],
    ]);
    const obligations = await call(h, "GET", `/obligations/v1/?competition_id=${id}&limit=5`, auth);
    expect(Number(obligations.headers["x-total-count"])).toBeGreaterThan(20);
    expect(obligations.body[0]).toMatchObject({
      competition_id: id,
      capacity: "3.000",
      rates: [{ type: "service_fee", value: "1350.00" }],
    });
    expect(obligations.body[0].assets.flex).toHaveLength(2);
  });
});
