import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
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

  it("ignores fields it does not know, as the real service does: not stored, not echoed", async () => {
    h.clock.advance(60_000);
    const body = ballotBody(m);
    const sent = {
      ...body,
      comment: "from a shared client model",
      bids: body.bids.map((b) => ({ ...b, id: null, rates: b.rates.map((r) => ({ ...r, currency: "GBP" })) })),
      assets: { flex: [m.battery, m.demand], planned: [m.planned], storage: [] },
    };
    const res = await call(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, sent);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const echoed = JSON.stringify(res.body);
    for (const name of ["comment", "currency", "storage"]) expect(echoed).not.toContain(name);
    expect(res.body.bids[0].id).toEqual(expect.any(String));
    const list = await ok(h, "GET", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider);
    expect(list.find((b: { id: string }) => b.id === res.body.id)).toEqual(res.body);
  });

  it("shows pending bid results until results are published", async () => {
    const res = await ok(h, "GET", `/bid-results/v1/${m.competitionId}/`, m.provider);
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({ status: "pending", accepted_capacity: null, reason: null });
  });
});

describe.each(DIALECTS)("ballots, more of the happy path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
  });
  afterAll(() => h.close());

  const url = () => `/bids/v1/competitions/${m.competitionId}/ballots/`;

  it("accepts max_runtime in all three forms and answers it in one", async () => {
    const [bid] = ballotBody(m).bids;
    const forms: [string, string][] = [
      ["01:30:00", "01:30:00"],
      ["1 01:30:00", "1 01:30:00"],
      ["1T01:30:00", "1 01:30:00"],
      ["36:00:00", "1 12:00:00"],
    ];
    for (const [given, answered] of forms) {
      h.clock.advance(1000);
      const res = await ok(h, "POST", url(), m.provider, { ...ballotBody(m), bids: [{ ...bid, max_runtime: given }] });
      expect(res.bids[0].max_runtime).toBe(answered);
    }
  });

  it("normalises decimals exactly: capacity to 3 places, rates to 2", async () => {
    h.clock.advance(1000);
    const res = await ok(h, "POST", url(), m.provider, {
      competition_id: m.competitionId,
      bids: [
        {
          service_window_id: m.windowIds[0],
          capacity: "4.5",
          max_runtime: "00:30:00",
          rates: [
            { type: "utilisation", value: "0.1" },
            { type: "availability", value: "1000000" },
          ],
        },
        {
          service_window_id: m.windowIds[1],
          capacity: "0.001",
          max_runtime: "00:30:00",
          rates: [
            { type: "availability", value: "0.01" },
            { type: "utilisation", value: "0" },
          ],
        },
      ],
    });
    expect(res.bids.map((b: { capacity: string }) => b.capacity)).toEqual(["4.500", "0.001"]);
    expect(res.bids[0].rates).toEqual([
      { type: "availability", value: "1000000.00" },
      { type: "utilisation", value: "0.10" },
    ]);
    expect(res.bids[1].rates[1].value).toBe("0.00");
  });

  it("pages the ballot history, newest first, with X-Total-Count", async () => {
    const all = await call(h, "GET", url(), m.provider);
    const total = Number(all.headers["x-total-count"]);
    expect(total).toBe(5);
    expect(all.body.map((b: { status: string }) => b.status)).toEqual([
      "active",
      "superseded",
      "superseded",
      "superseded",
      "superseded",
    ]);
    const created = all.body.map((b: { created: string }) => b.created);
    expect([...created].sort().reverse()).toEqual(created);
    const page = await call(h, "GET", `${url()}?limit=2&offset=3`, m.provider);
    expect(page.body).toEqual(all.body.slice(3, 5));
    expect(page.headers["x-total-count"]).toBe("5");
  });

  it("bids with a named subset of assets, and their capacity bounds the bid", async () => {
    const other = await setupMarket(h);
    const res = await ok(h, "POST", `/bids/v1/competitions/${other.competitionId}/ballots/`, other.provider, {
      ...ballotBody(other),
      bids: [{ ...ballotBody(other).bids[0], capacity: "2.500" }],
      assets: { flex: [other.demand], planned: [other.planned] },
    });
    expect(res.assets).toEqual({ flex: [other.demand], planned: [other.planned] });
    expect(res.bids[0].capacity).toBe("2.500");
  });
});
