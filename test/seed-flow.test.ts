/**
 * The marketplace's public bidding-integration tutorial (docs/wire-compatibility.md), replayed against a real server: `startServer` listening on a real
 * port with the demo data, as `npm start` runs it (SQLite in a file; PostgreSQL too when TEST_DATABASE_URL is set),
 * and a client speaking plain HTTP with fetch and the demo credentials. The requests run in the tutorial's order:
 * token → bidding opportunities → competition → flex and planned assets → ballot → ballots → bid results, plus the
 * two 400s the tutorial promises (another asset set; a capacity above capacity_required).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { DEMO } from "../src/demo/seed.js";
import { startServer } from "../src/server.js";
import { createPgDatabase, DIALECTS } from "../src/testing/harness.js";

const DECIMAL_MW = /^\d+\.\d{3}$/;
const DECIMAL_GBP = /^\d+\.\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

describe.each(DIALECTS)("the seed's bidding tutorial against a running server (%s)", (dialect) => {
  let base: string;
  let stop: () => Promise<void>;
  let cleanup: () => Promise<void>;
  let authorization: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "flexmarket-seed-"));
    const db = dialect === "postgres" ? await createPgDatabase("fm_seed") : undefined;
    const config = loadConfig(
      { FLEXMARKET_SECRET: "seed-flow-secret-seed-flow-secret!!", FLEXMARKET_DEMO: "1", LOG_LEVEL: "silent" },
      {
        dataDir: dir,
        sqlitePath: join(dir, "flexmarket.db"),
        databaseUrl: db?.url,
        port: 0,
        host: "127.0.0.1",
        engine: false,
        rateLimitPerMinute: 0,
      },
    );
    const server = await startServer(config);
    base = server.url;
    stop = server.stop;
    cleanup = async () => {
      await db?.drop();
      rmSync(dir, { recursive: true, force: true });
    };
  }, 60_000);
  afterAll(async () => {
    await stop?.();
    await cleanup?.();
  });

  async function send(method: string, path: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (authorization !== undefined) headers.Authorization = authorization;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : JSON.parse(text) };
  }

  // Shared along the flow, in order.
  // biome-ignore lint/suspicious/noExplicitAny: wire bodies
  let opportunity: any;
  // biome-ignore lint/suspicious/noExplicitAny: wire bodies
  let competition: any;
  // biome-ignore lint/suspicious/noExplicitAny: wire bodies
  let ballot: any;

  it("0. authenticates with the demo provider's client id and api key", async () => {
    const res = await send("POST", "/authtoken/v1/", {
      client_id: DEMO.provider.clientId,
      api_key: DEMO.provider.apiKey,
    });
    expect(res.status).toBe(200);
    expect(res.body.token).toEqual(expect.any(String));
    authorization = `Bearer ${res.body.token}`;
  });

  it("1. finds its bidding opportunities: competition id, flex and planned asset ids, total capacity", async () => {
    const res = await send("GET", "/bidding-opportunities/v1/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.headers.get("x-total-count")).toBe(String(res.body.length));
    expect(res.body.length).toBeGreaterThanOrEqual(3);
    for (const o of res.body) {
      expect(o).toMatchObject({
        competition_id: expect.any(String),
        flex_asset_ids: expect.any(Array),
        planned_asset_ids: expect.any(Array),
        total_capacity: expect.stringMatching(DECIMAL_MW),
      });
      expect(o.flex_asset_ids.length + o.planned_asset_ids.length).toBeGreaterThan(0);
    }
    // the tutorial's example bids an availability rate only: an "Availability" competition
    opportunity = res.body.find((o: { competition_type: string }) => o.competition_type === "Availability");
    expect(opportunity).toBeDefined();
  });

  it("2a. fetches the competition: type, windows with ids and capacity_required, guide prices, close, direction", async () => {
    const res = await send("GET", `/competitions/v1/${opportunity.competition_id}/`);
    expect(res.status).toBe(200);
    competition = res.body;
    expect(competition).toMatchObject({
      id: opportunity.competition_id,
      type: "Availability",
      status: "open",
      need_direction: expect.stringMatching(/^(Deficit|Surplus)$/),
      availability_guide_price: expect.stringMatching(DECIMAL_GBP),
      closed: expect.stringMatching(INSTANT),
    });
    expect(competition).toHaveProperty("utilisation_guide_price");
    expect(competition.service_periods.length).toBeGreaterThan(0);
    for (const period of competition.service_periods) {
      expect(period).toMatchObject({ id: expect.any(String), start: expect.any(String), end: expect.any(String) });
      for (const w of period.service_windows) {
        expect(w).toMatchObject({
          id: expect.any(String),
          start: expect.stringMatching(/^\d{2}:\d{2}$/),
          end: expect.stringMatching(/^\d{2}:\d{2}$/),
          capacity_required: expect.stringMatching(DECIMAL_MW),
        });
      }
    }
  });

  it("2b. cross-checks its qualifying flex and planned assets", async () => {
    for (const id of opportunity.flex_asset_ids) {
      const res = await send("GET", `/assets/v1/${id}/`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        provider: DEMO.provider.organisationId,
        active_export_capacity: expect.stringMatching(DECIMAL_MW),
        active_import_capacity: expect.stringMatching(DECIMAL_MW),
      });
    }
    for (const id of opportunity.planned_asset_ids) {
      const res = await send("GET", `/planned-assets/v1/${id}/`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id, capacity_value: expect.stringMatching(DECIMAL_MW) });
    }
  });

  it("3. submits the tutorial's ballot (no assets named: all qualified assets bid)", async () => {
    const window = competition.service_periods[0].service_windows[0];
    const res = await send("POST", `/bids/v1/competitions/${competition.id}/ballots/`, {
      competition_id: competition.id,
      bids: [
        {
          service_window_id: window.id,
          capacity: "9.32",
          max_runtime: "1T01:30:00",
          rates: [{ type: "availability", value: "123.45" }],
        },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    ballot = res.body;
    expect(ballot).toEqual({
      id: expect.any(String),
      competition_id: competition.id,
      created: expect.stringMatching(INSTANT),
      status: "active",
      assets: { flex: [...opportunity.flex_asset_ids].sort(), planned: [...opportunity.planned_asset_ids].sort() },
      bids: [
        {
          id: expect.any(String),
          service_window_id: window.id,
          capacity: "9.320",
          max_runtime: "1 01:30:00",
          rates: [{ type: "availability", value: "123.45" }],
        },
      ],
    });
  });

  it("3b. answers 400 for another combination of assets, and for a capacity above capacity_required", async () => {
    const window = competition.service_periods[0].service_windows[0];
    const bid = {
      service_window_id: window.id,
      capacity: "1.00",
      max_runtime: "01:00:00",
      rates: [{ type: "availability", value: "1.00" }],
    };
    const subset = await send("POST", `/bids/v1/competitions/${competition.id}/ballots/`, {
      competition_id: competition.id,
      bids: [bid],
      assets: { flex: [opportunity.flex_asset_ids[0]], planned: [] },
    });
    expect(subset.status).toBe(400);
    expect(subset.body).toMatchObject({ error: "ballot_asset_set_changed", field: "assets" });
    const tooMuch = await send("POST", `/bids/v1/competitions/${competition.id}/ballots/`, {
      competition_id: competition.id,
      bids: [{ ...bid, capacity: (Number(window.capacity_required) + 1).toFixed(3) }],
    });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body).toMatchObject({ error: "capacity_exceeds_required", field: "bids[0].capacity" });
  });

  it("3c. lists its ballots for the competition: the tutorial's ballot is the active one", async () => {
    const res = await send("GET", `/bids/v1/competitions/${competition.id}/ballots/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-total-count")).toBe("1");
    expect(res.body).toEqual([ballot]);
  });

  it("4. fetches its bid results: pending until the system operator decides", async () => {
    const res = await send("GET", `/bid-results/v1/${competition.id}/`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        bid_id: ballot.bids[0].id,
        ballot_id: ballot.id,
        competition_id: competition.id,
        status: "pending",
        accepted_capacity: null,
        reason: null,
      }),
    ]);
  });

  it("4b. reads a closed competition's published results and its obligations", async () => {
    const closed = await send("GET", "/competitions/v1/?status=results_published");
    expect(closed.body).toHaveLength(1);
    const results = await send("GET", `/bid-results/v1/${closed.body[0].id}/`);
    expect(results.body.map((r: { status: string }) => r.status).sort()).toEqual(["accepted", "rejected"]);
    for (const r of results.body) expect(r.reason).toEqual(expect.any(String));
    const obligations = await send("GET", `/obligations/v1/?competition_id=${closed.body[0].id}&limit=2`);
    expect(obligations.status).toBe(200);
    expect(obligations.body).toHaveLength(2);
    expect(Number(obligations.headers.get("x-total-count"))).toBeGreaterThan(2);
  });

  it("answers 401 without the token, as a client re-authenticates on", async () => {
    const res = await fetch(`${base}/bidding-opportunities/v1/`);
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe("unauthorized");
  });
});
