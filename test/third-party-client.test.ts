/**
 * The whole provider flow of the public third-party C# integration (test/piclo-client.ts behaves like it) against a
 * real server on a random port with the demo data (SQLite in a file; PostgreSQL too with TEST_DATABASE_URL): asset
 * sync by `ref` (GET ?ref=, create, then PATCH), more assets than a page, a planned asset naming its competition, a
 * ballot, its results, and one retry after a 401.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { DEMO } from "../src/demo/seed.js";
import { startServer } from "../src/server.js";
import { createPgDatabase, DIALECTS } from "../src/testing/harness.js";
import { type PicloAsset, PicloLikeClient } from "./piclo-client.js";

/** What the integration's controller fills in from its telemetry; the C# model's nulls are left out on the wire. */
const CHESS_ASSET: PicloAsset = {
  provider: DEMO.provider.organisationId,
  ref: "CHESS-BESS-1",
  name: "CHESS battery 1",
  status: "operational",
  asset_category: "storage",
  asset_scale: "non_domestic",
  asset_type: "battery",
  voltage_level: "11.00",
  country_code: "GB",
  postcode: null,
  latitude: 51.7343,
  longitude: -1.2166,
  address: "Unit 4, Garsington Road, Oxford",
  export_meter_id: "1200012345678",
  import_meter_id: "1200087654321",
  active_export_capacity: "0.500",
  active_import_capacity: "0.500",
  reactive_export_capacity: null,
  reactive_import_capacity: null,
  max_import_capacity: "0.600",
  max_export_capacity: "0.600",
  response_time: "00:00:30",
  max_runtime: "02:00:00",
  min_runtime: "00:15:00",
  recovery_time: "00:30:00",
  connection_status: "connected",
  connection_type: "firm",
  connection_current: "AC",
  operational_date: "2025-03-01",
  metering_point: "MP-CHESS-1",
  meter_interval: "30min",
  supplier: null,
};

describe.each(DIALECTS)("the third-party C# integration's provider flow against a running server (%s)", (dialect) => {
  let base: string;
  let stop: () => Promise<void>;
  let cleanup: () => Promise<void>;
  let client: PicloLikeClient;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "flexmarket-piclo-client-"));
    const db = dialect === "postgres" ? await createPgDatabase("fm_client") : undefined;
    const config = loadConfig(
      { FLEXMARKET_SECRET: "piclo-client-secret-piclo-client!!", FLEXMARKET_DEMO: "1", LOG_LEVEL: "silent" },
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
    client = new PicloLikeClient(base, DEMO.provider.clientId, DEMO.provider.apiKey);
  }, 60_000);
  afterAll(async () => {
    await stop?.();
    await cleanup?.();
  });

  // biome-ignore lint/suspicious/noExplicitAny: wire bodies
  let asset: any;

  it("syncs a new asset by ref: GET ?ref= finds none, so it creates it with the whole real model", async () => {
    expect(await client.getAssetByRef("CHESS-BESS-1")).toEqual([]);
    asset = await client.syncAsset(CHESS_ASSET);
    expect(asset).toEqual({
      ...Object.fromEntries(Object.entries(CHESS_ASSET).filter(([, v]) => v !== null)),
      id: expect.any(String),
      postcode: null,
      reactive_export_capacity: null,
      reactive_import_capacity: null,
      supplier: null,
    });
    expect(typeof asset.latitude).toBe("number");
    expect(client.logins).toBe(1);
  });

  it("syncs it again: GET ?ref= finds it, so it PATCHes it (nulls omitted, so nothing is reset)", async () => {
    const updated = await client.syncAsset({ ...CHESS_ASSET, active_export_capacity: "0.450", address: null });
    expect(updated).toMatchObject({
      id: asset.id,
      active_export_capacity: "0.450",
      address: CHESS_ASSET.address,
      latitude: 51.7343,
    });
    expect(await client.getAssetByRef("CHESS-BESS-1")).toHaveLength(1);
  });

  it("reads a list of more than 100 assets completely, as a bare array", async () => {
    for (let i = 0; i < 112; i++) {
      await client.syncAsset({ ...CHESS_ASSET, ref: `CHESS-FLEET-${i}`, name: `Fleet ${i}`, status: "archived" });
    }
    const all = await client.listAssets();
    expect(all.length).toBeGreaterThanOrEqual(113);
    expect(all.filter((a) => String(a.ref).startsWith("CHESS-FLEET-"))).toHaveLength(112);
  });

  it("retries once with a fresh token after a 401", async () => {
    client.token = "revoked.by.server";
    const before = client.logins;
    expect(await client.getAssetByRef("CHESS-BESS-1")).toHaveLength(1);
    expect(client.logins).toBe(before + 1);
  });

  // biome-ignore lint/suspicious/noExplicitAny: wire bodies
  let competition: any;

  it("creates a planned asset for a competition by its reference, without any location", async () => {
    const opportunities = (await client.get("/bidding-opportunities/v1/")) as {
      competition_id: string;
      competition_type: string;
    }[];
    const opportunity = opportunities.find((o) => o.competition_type === "Availability")!;
    competition = await client.get(`/competitions/v1/${opportunity.competition_id}/`);
    const planned = await client.createPlannedAsset({
      provider: DEMO.provider.organisationId,
      reference: "CHESS-PLANNED-1",
      name: "CHESS planned site",
      voltage_level: "0.40",
      asset_type: "battery",
      capacity_type: "export",
      capacity_value: "0.250",
      competition_reference: competition.reference,
      operator_name: "CHESS",
      estimated_asset_count: 12,
      maximum_response_time: "00:01:00",
      maximum_runtime: "02:00:00",
      minimum_runtime: null,
      maximum_recovery_time: "01:00:00",
    });
    expect(planned).toMatchObject({
      id: expect.any(String),
      reference: "CHESS-PLANNED-1",
      competition_reference: competition.reference,
      estimated_asset_count: 12,
      minimum_runtime: null,
    });
  });

  it("submits a ballot (assets left out: every qualified asset) and reads its results", async () => {
    const window = competition.service_periods[0].service_windows[0];
    const ballot = await client.submitBallot(competition.id, {
      competition_id: competition.id,
      bids: [
        {
          service_window_id: window.id,
          capacity: "1.000",
          max_runtime: "01:30:00",
          rates: [{ type: "availability", value: "42.00" }],
        },
      ],
      assets: null,
    });
    expect(ballot).toMatchObject({
      id: expect.any(String),
      competition_id: competition.id,
      created: expect.any(String),
    });
    const results = (await client.get(`/bid-results/v1/${competition.id}/`)) as { ballot_id: string; status: string }[];
    expect(results).toEqual([expect.objectContaining({ ballot_id: ballot.id, status: "pending" })]);
  });
});
