/** Planned assets (`/planned-assets/v1/`): create, fetch, list with `?reference=` and paging, PATCH — wire-exact. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import { type Actor, actor, call, ok, PLANNED } from "./test-support.js";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

describe.each(DIALECTS)("planned assets, happy path (%s)", (dialect) => {
  let h: Harness;
  let provider: Actor;
  // biome-ignore lint/suspicious/noExplicitAny: the wire body
  let planned: any;
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = await actor(h, "provider");
  });
  afterAll(() => h.close());

  it("creates a planned asset with defaults and answers every field", async () => {
    const res = await call(h, "POST", "/planned-assets/v1/", provider, {
      ...PLANNED,
      voltage_level: "0.4",
      estimated_asset_count: 40,
      maximum_runtime: "1T00:00:00",
      minimum_runtime: "00:30:00",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    planned = res.body;
    expect(planned).toEqual({
      id: expect.stringMatching(/^[0-9A-Za-z]{10}$/),
      provider: provider.id,
      reference: "PLN-1",
      name: "Planned solar + storage",
      status: "in_development",
      asset_category: "generation",
      asset_type: "battery",
      voltage_level: "0.40",
      country_code: "GB",
      postcode: "OX4 3ZZ",
      latitude: null,
      longitude: null,
      area_reference: null,
      capacity_type: "export",
      capacity_value: "1.000",
      estimated_asset_count: 40,
      maximum_response_time: null,
      maximum_runtime: "1 00:00:00",
      minimum_runtime: "00:30:00",
      maximum_recovery_time: null,
      competition_reference: null,
      operator_name: null,
      created: iso(T0),
      modified: iso(T0),
    });
  });

  it("derives the category of an import (demand) asset", async () => {
    const heat = await ok(h, "POST", "/planned-assets/v1/", provider, {
      ...PLANNED,
      reference: "HEAT",
      asset_type: "heat_pump",
      capacity_type: "import",
      capacity_value: "2",
    });
    expect(heat).toMatchObject({ asset_category: "demand", capacity_type: "import", capacity_value: "2.000" });
  });

  it("fetches by id, lists with ?reference= and pages with X-Total-Count", async () => {
    expect(await ok(h, "GET", `/planned-assets/v1/${planned.id}/`, provider)).toEqual(planned);
    const byRef = await call(h, "GET", "/planned-assets/v1/?reference=PLN-1", provider);
    expect(byRef.body).toEqual([planned]);
    expect(byRef.headers["x-total-count"]).toBe("1");
    const all = await ok(h, "GET", "/planned-assets/v1/", provider);
    expect(all).toHaveLength(2);
    const first = await call(h, "GET", "/planned-assets/v1/?limit=1", provider);
    const second = await call(h, "GET", "/planned-assets/v1/?limit=1&offset=1", provider);
    expect([...first.body, ...second.body]).toEqual(all);
    expect(second.headers["x-total-count"]).toBe("2");
  });

  it("PATCHes only the given fields", async () => {
    h.clock.advance(5_000);
    const patched = await ok(h, "PATCH", `/planned-assets/v1/${planned.id}/`, provider, {
      capacity_value: "1.5",
      status: "operational",
      estimated_asset_count: null,
    });
    expect(patched).toEqual({
      ...planned,
      capacity_value: "1.500",
      status: "operational",
      estimated_asset_count: null,
      modified: iso(h.clock.now()),
    });
  });

  it("accepts the real planned-asset model without any location, and stores every field", async () => {
    const real = {
      provider: provider.id,
      reference: "PLN-REAL",
      name: "Community batteries",
      voltage_level: "0.40",
      asset_type: "battery",
      capacity_type: "export",
      capacity_value: "0.750",
      competition_reference: "OXF_2026_W",
      operator_name: "Oxford Community Energy",
      estimated_asset_count: 25,
      maximum_response_time: "00:02:00",
      maximum_runtime: "03:00:00",
      minimum_runtime: "00:30:00",
      maximum_recovery_time: "01:00:00",
    };
    const created = await ok(h, "POST", "/planned-assets/v1/", provider, real);
    expect(created).toEqual({
      ...real,
      id: expect.any(String),
      status: "in_development",
      asset_category: "generation",
      country_code: "GB",
      postcode: null,
      latitude: null,
      longitude: null,
      area_reference: null,
      created: expect.any(String),
      modified: expect.any(String),
    });
    expect(await ok(h, "GET", `/planned-assets/v1/${created.id}/`, provider)).toEqual(created);
    const patched = await ok(h, "PATCH", `/planned-assets/v1/${created.id}/`, provider, {
      operator_name: null,
      competition_reference: "OTHER_REF",
      latitude: 51.75,
      longitude: "-1.25",
    });
    expect(patched).toMatchObject({
      operator_name: null,
      competition_reference: "OTHER_REF",
      latitude: 51.75,
      longitude: -1.25,
    });
  });
});
