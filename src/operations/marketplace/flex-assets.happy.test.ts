/** Flex assets (`/assets/v1/`): create, fetch, list with `?ref=` and paging, PATCH — wire-exact. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import { type Actor, actor, BATTERY, call, DEMAND, ok } from "./test-support.js";

describe.each(DIALECTS)("flex assets, happy path (%s)", (dialect) => {
  let h: Harness;
  let provider: Actor;
  // biome-ignore lint/suspicious/noExplicitAny: the wire body
  let battery: any;
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = await actor(h, "provider");
  });
  afterAll(() => h.close());

  it("creates a flex asset and answers 201 with every field, MW as 3-place strings", async () => {
    const res = await call(h, "POST", "/assets/v1/", provider, {
      ...BATTERY,
      provider: provider.id,
      voltage_level: "22",
      reactive_export_capacity: "0.5",
      response_time: "00:00:30",
      min_runtime: "0T00:15:00",
      recovery_time: "1 00:00:00",
      area_reference: "OX-COWLEY",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    battery = res.body;
    expect(battery).toEqual({
      id: expect.stringMatching(/^[0-9A-Za-z]{10}$/),
      provider: provider.id,
      ref: "BAT-1",
      name: "Cowley battery",
      status: "operational",
      asset_category: "storage",
      asset_type: "battery",
      voltage_level: "22.00",
      country_code: "GB",
      postcode: "OX4 2AB",
      latitude: null,
      longitude: null,
      area_reference: "OX-COWLEY",
      active_export_capacity: "2.000",
      active_import_capacity: "2.000",
      reactive_export_capacity: "0.500",
      reactive_import_capacity: null,
      response_time: "00:00:30",
      max_runtime: "02:00:00",
      min_runtime: "00:15:00",
      recovery_time: "1 00:00:00",
      max_import_capacity: null,
      max_export_capacity: null,
      asset_scale: null,
      address: null,
      export_meter_id: null,
      import_meter_id: null,
      connection_status: null,
      connection_type: null,
      connection_current: null,
      operational_date: null,
      metering_point: null,
      meter_interval: null,
      supplier: null,
      created: new Date(T0).toISOString().replace(".000Z", "Z"),
      modified: new Date(T0).toISOString().replace(".000Z", "Z"),
    });
  });

  it("fetches it by id with a trailing slash", async () => {
    expect(await ok(h, "GET", `/assets/v1/${battery.id}/`, provider)).toEqual(battery);
  });

  it("accepts coordinates (JSON numbers) instead of a postcode, and a lower-case postcode canonicalised", async () => {
    const byCoords = await ok(h, "POST", "/assets/v1/", provider, {
      ...DEMAND,
      ref: "COORDS",
      postcode: undefined,
      latitude: 51.123456789012,
      longitude: -1.2577,
    });
    expect(byCoords).toMatchObject({
      postcode: null,
      latitude: 51.123456789012,
      longitude: -1.2577,
      status: "operational",
    });
    // stored as exact decimal text, not a binary float
    const row = await h.db.kysely
      .selectFrom("flex_assets")
      .select(["latitude", "longitude"])
      .where("id", "=", byCoords.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ latitude: "51.123456789012", longitude: "-1.2577" });
    const lower = await ok(h, "POST", "/assets/v1/", provider, { ...DEMAND, ref: "LOWER", postcode: "ox41xy" });
    expect(lower.postcode).toBe("OX4 1XY");
  });

  it("lists my assets as a bare array, filters by ?ref= and pages with X-Total-Count", async () => {
    const all = await call(h, "GET", "/assets/v1/", provider);
    expect(all.status).toBe(200);
    expect(all.headers["x-total-count"]).toBe("3");
    expect(all.body).toHaveLength(3);
    const byRef = await call(h, "GET", "/assets/v1/?ref=BAT-1", provider);
    expect(byRef.body).toEqual([battery]);
    expect(byRef.headers["x-total-count"]).toBe("1");
    const none = await call(h, "GET", "/assets/v1/?ref=NOPE", provider);
    expect(none.body).toEqual([]);
    expect(none.headers["x-total-count"]).toBe("0");
    const page1 = await call(h, "GET", "/assets/v1/?limit=2", provider);
    const page2 = await call(h, "GET", "/assets/v1/?limit=2&offset=2", provider);
    expect(page1.body).toHaveLength(2);
    expect(page2.body).toHaveLength(1);
    expect(page2.headers["x-total-count"]).toBe("3");
    const seen = [...page1.body, ...page2.body].map((a: { id: string }) => a.id).sort();
    expect(seen).toEqual(all.body.map((a: { id: string }) => a.id).sort());
  });

  it("PATCHes only the given fields and moves modified", async () => {
    h.clock.advance(60_000);
    const patched = await ok(h, "PATCH", `/assets/v1/${battery.id}/`, provider, {
      active_export_capacity: "3.25",
      status: "archived",
      max_runtime: null,
    });
    expect(patched).toEqual({
      ...battery,
      active_export_capacity: "3.250",
      status: "archived",
      max_runtime: null,
      modified: new Date(h.clock.now()).toISOString().replace(".000Z", "Z"),
    });
    expect(await ok(h, "GET", `/assets/v1/${battery.id}/`, provider)).toEqual(patched);
  });

  it("accepts numeric strings for coordinates and answers numbers", async () => {
    const asset = await ok(h, "POST", "/assets/v1/", provider, {
      ...DEMAND,
      ref: "COORD-STRINGS",
      postcode: null,
      latitude: "51.7520",
      longitude: "-1.2577",
    });
    expect(asset).toMatchObject({ latitude: 51.752, longitude: -1.2577 });
    const moved = await ok(h, "PATCH", `/assets/v1/${asset.id}/`, provider, { latitude: 52, longitude: "0.5" });
    expect(moved).toMatchObject({ latitude: 52, longitude: 0.5 });
  });

  it("accepts, stores and answers every field of the real asset model", async () => {
    const full = {
      provider: provider.id,
      ref: "FULL-1",
      name: "Full model",
      status: "operational",
      asset_category: "storage",
      asset_scale: "non_domestic",
      asset_type: "battery",
      voltage_level: "11.00",
      country_code: "GB",
      postcode: "OX4 2AB",
      latitude: 51.7343,
      longitude: -1.2166,
      address: "1 Garsington Road, Oxford",
      export_meter_id: "1200012345678",
      import_meter_id: "1200087654321",
      active_export_capacity: "1.500",
      active_import_capacity: "1.500",
      reactive_export_capacity: "0.200",
      reactive_import_capacity: "0.100",
      max_import_capacity: "2.000",
      max_export_capacity: "2.500",
      response_time: "00:01:00",
      max_runtime: "02:00:00",
      min_runtime: "00:30:00",
      recovery_time: "01:00:00",
      connection_status: "connected",
      connection_type: "firm",
      connection_current: "AC",
      operational_date: "2024-04-01",
      metering_point: "MP-42",
      meter_interval: "30min",
      supplier: "Octopus Energy",
    };
    const created = await ok(h, "POST", "/assets/v1/", provider, full);
    expect(created).toEqual({
      ...full,
      id: expect.any(String),
      area_reference: null,
      created: expect.any(String),
      modified: expect.any(String),
    });
    expect(await ok(h, "GET", `/assets/v1/${created.id}/`, provider)).toEqual(created);
    const patched = await ok(h, "PATCH", `/assets/v1/${created.id}/`, provider, {
      supplier: null,
      max_export_capacity: "3",
      operational_date: "2025-01-31",
    });
    expect(patched).toEqual({
      ...created,
      supplier: null,
      max_export_capacity: "3.000",
      operational_date: "2025-01-31",
    });
  });

  it("answers a PATCH naming no known field with the asset, unchanged", async () => {
    const before = await ok(h, "GET", `/assets/v1/${battery.id}/`, provider);
    h.clock.advance(60_000);
    expect(await ok(h, "PATCH", `/assets/v1/${battery.id}/`, provider, {})).toEqual(before);
    expect(await ok(h, "PATCH", `/assets/v1/${battery.id}/`, provider, { colour: "red" })).toEqual(before);
    expect(await ok(h, "GET", `/assets/v1/${battery.id}/`, provider)).toEqual(before);
  });

  it("lets a PATCH keep its own ref", async () => {
    const res = await call(h, "PATCH", `/assets/v1/${battery.id}/`, provider, { ref: "BAT-1", name: "Renamed" });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("Renamed");
  });
});

describe.each(DIALECTS)("flex asset lists are complete (%s)", (dialect) => {
  let h: Harness;
  let provider: Actor;
  const N = 1234; // more than MAX_LIMIT and than two chunks of rows
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = await actor(h, "provider");
    const rows = Array.from({ length: N }, (_, i) => ({
      id: `id${String(i).padStart(5, "0")}`,
      provider_id: provider.id,
      ref: `R${i}`,
      name: `Asset ${i}`,
      status: "operational",
      asset_category: "storage",
      asset_type: "battery",
      country_code: "GB",
      postcode: "OX4 2AB",
      latitude: i % 2 === 0 ? "51.7520" : null,
      longitude: i % 2 === 0 ? "-1.2577" : null,
      created_at: new Date(T0).toISOString(), // one instant for all: the order falls back to ids
      modified_at: new Date(T0).toISOString(),
      active_export_capacity_milli_mw: 1000 + i,
      active_import_capacity_milli_mw: 0,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await h.db.kysely
        .insertInto("flex_assets")
        .values(rows.slice(i, i + 200))
        .execute();
    }
  });
  afterAll(() => h.close());

  it("answers every asset without limit, as one bare array, oldest first", async () => {
    const res = await call(h, "GET", "/assets/v1/", provider);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    expect(res.headers["x-total-count"]).toBe(String(N));
    expect(res.body).toHaveLength(N);
    expect(res.body.map((a: { ref: string }) => a.ref)).toEqual(Array.from({ length: N }, (_, i) => `R${i}`));
    expect(res.body[0]).toMatchObject({ active_export_capacity: "1.000", latitude: 51.752, longitude: -1.2577 });
    expect(res.body[1]).toMatchObject({ latitude: null, longitude: null });
  });

  it("still pages with limit and offset", async () => {
    const page = await call(h, "GET", "/assets/v1/?limit=1000&offset=1000", provider);
    expect(page.body).toHaveLength(N - 1000);
    expect(page.body[0].ref).toBe("R1000");
    expect(page.headers["x-total-count"]).toBe(String(N));
    const tail = await call(h, "GET", "/assets/v1/?offset=1200", provider);
    expect(tail.body.map((a: { ref: string }) => a.ref)).toEqual(Array.from({ length: 34 }, (_, i) => `R${1200 + i}`));
    const past = await call(h, "GET", "/assets/v1/?offset=5000", provider);
    expect(past.body).toEqual([]);
  });
});
