/** Flex assets (`/assets/v1/`): create, fetch, list with `?ref=` and paging, PATCH — wire-exact. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness, T0 } from "../../../test/harness.js";
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
      created: new Date(T0).toISOString().replace(".000Z", "Z"),
      modified: new Date(T0).toISOString().replace(".000Z", "Z"),
    });
  });

  it("fetches it by id with a trailing slash", async () => {
    expect(await ok(h, "GET", `/assets/v1/${battery.id}/`, provider)).toEqual(battery);
  });

  it("accepts coordinates instead of a postcode, and a lower-case postcode canonicalised", async () => {
    const byCoords = await ok(h, "POST", "/assets/v1/", provider, {
      ...DEMAND,
      ref: "COORDS",
      postcode: undefined,
      latitude: "51.7520",
      longitude: "-1.2577",
    });
    expect(byCoords).toMatchObject({
      postcode: null,
      latitude: "51.7520",
      longitude: "-1.2577",
      status: "operational",
    });
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

  it("lets a PATCH keep its own ref", async () => {
    const res = await call(h, "PATCH", `/assets/v1/${battery.id}/`, provider, { ref: "BAT-1", name: "Renamed" });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("Renamed");
  });
});
