/** Migration 0009: assets stored before it keep every value and read the new fields as null, on both dialects. */
import { afterAll, describe, expect, it } from "vitest";
import { createPgDatabase, DIALECTS } from "../../testing/harness.js";
import { connect, type Db } from "../connect.js";
import { migrateTo } from "../migrate.js";
import { findFlexAsset, findPlannedAsset } from "../repositories/marketplace/assets.js";

describe.each(DIALECTS)("migration 0009-asset-wire-fields (%s)", (dialect) => {
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it("migrates stored flex and planned assets", async () => {
    const pgDb = dialect === "postgres" ? await createPgDatabase("fm_m0009") : undefined;
    drop = pgDb?.drop;
    db = connect({ databaseUrl: pgDb?.url, sqlitePath: ":memory:", poolSize: 2 });
    await migrateTo(db, "0008-leaner-bid-indexes");
    const at = "2026-01-01T00:00:00.000Z";
    const k = db.kysely as never as import("kysely").Kysely<Record<string, Record<string, unknown>>>;
    await k.insertInto("organisations").values({ id: "org1", name: "P", role: "provider", created_at: at }).execute();
    const common = {
      provider_id: "org1",
      name: "Old",
      status: "in_development",
      asset_category: "generation",
      asset_type: "battery",
      voltage_level_centi_kv: 40,
      country_code: "GB",
      postcode: "OX4 2AB",
      latitude: "51.7520",
      longitude: "-1.2577",
      area_reference: null,
      created_at: at,
      modified_at: at,
    };
    await k
      .insertInto("planned_assets")
      .values({
        ...common,
        id: "p1",
        reference: "OLD-PLANNED",
        capacity_type: "export",
        capacity_value_milli_mw: 1500,
        estimated_asset_count: 3,
      })
      .execute();
    await k
      .insertInto("flex_assets")
      .values({
        ...common,
        id: "f1",
        status: "operational",
        ref: "OLD-FLEX",
        active_export_capacity_milli_mw: 2000,
        active_import_capacity_milli_mw: 0,
      })
      .execute();

    await migrateTo(db);

    const planned = await findPlannedAsset(db.kysely, "org1", "p1");
    expect(planned).toMatchObject({
      ref: "OLD-PLANNED",
      postcode: "OX4 2AB",
      latitude: "51.7520",
      capacityValueMilliMw: 1500,
      estimatedAssetCount: 3,
      competitionReference: null,
      operatorName: null,
    });
    const flex = await findFlexAsset(db.kysely, "org1", "f1");
    expect(flex).toMatchObject({ ref: "OLD-FLEX", exportCapacityMilliMw: 2000, maxExportCapacityMilliMw: null });
    expect(Object.values(flex!.text).every((v) => v === null)).toBe(true);
  });
});
