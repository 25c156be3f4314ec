/**
 * Competitions as providers read them: `GET /competitions/v1/{id}/` wire-exact (field names, decimal strings,
 * RFC 3339 instants, ids on periods and windows) and `GET /competitions/v1/` with its filters and paging.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../domain/time.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import { type Actor, actor, call, competitionBody, ok } from "./test-support.js";

const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");

describe.each(DIALECTS)("competitions, happy path (%s)", (dialect) => {
  let h: Harness;
  let so: Actor;
  let provider: Actor;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await createHarness(dialect);
    h.clock.set(T0);
    so = await actor(h, "system_operator");
    provider = await actor(h, "provider");
    const publish = async (key: string, body: Record<string, unknown>) => {
      const c = await ok(h, "POST", "/so/v1/competitions/", so, competitionBody(body));
      await ok(h, "POST", `/so/v1/competitions/${c.id}/publish/`, so);
      ids[key] = c.id;
    };
    await publish("au", { reference: "OXF_AU" });
    await publish("util", {
      reference: "OXF_UTIL",
      type: "Utilisation",
      availability_guide_price: null,
      product_type: "Scheduled Utilisation",
      boundary: { area_references: ["BANBURY"], postcodes: ["OX16"] },
    });
    await publish("later", {
      reference: "OXF_LATER",
      type: "Availability",
      utilisation_guide_price: null,
      product_type: "Peak Reduction",
      qualification_open: iso(T0 + 10 * DAY_MS),
      qualification_closed: iso(T0 + 11 * DAY_MS),
      open: iso(T0 + 11 * DAY_MS),
      closed: iso(T0 + 20 * DAY_MS),
    });
    // a draft never shows
    ids.draft = (await ok(h, "POST", "/so/v1/competitions/", so, competitionBody({ reference: "OXF_DRAFT" }))).id;
    h.clock.set(T0 + 2 * DAY_MS);
  });
  afterAll(() => h.close());

  it("fetches one competition with the real service's field names and decimal strings", async () => {
    const res = await call(h, "GET", `/competitions/v1/${ids.au}/`, provider);
    expect(res.status).toBe(200);
    const c = res.body;
    expect(Object.keys(c).sort()).toEqual(
      [
        "id",
        "reference",
        "name",
        "system_operator_id",
        "system_operator",
        "status",
        "type",
        "need_type",
        "need_direction",
        "power_type",
        "product_type",
        "pricing_type",
        "availability_guide_price",
        "utilisation_guide_price",
        "service_fee",
        "qualification_open",
        "qualification_closed",
        "open",
        "closed",
        "boundary",
        "service_periods",
        "created",
        "modified",
      ].sort(),
    );
    expect(c).toMatchObject({
      id: ids.au,
      reference: "OXF_AU",
      system_operator_id: so.id,
      status: "open",
      type: "Availability & Utilisation",
      need_type: "Pre Fault",
      need_direction: "Deficit",
      power_type: "Active Power",
      product_type: "Scheduled Availability + Operational Utilisation",
      availability_guide_price: "15.00",
      utilisation_guide_price: "300.00",
      service_fee: null,
      qualification_open: iso(T0 - DAY_MS),
      qualification_closed: iso(T0 + DAY_MS),
      open: iso(T0 + DAY_MS),
      closed: iso(T0 + 8 * DAY_MS),
      boundary: { area_references: ["OX-COWLEY"], postcodes: ["OX4"] },
    });
    expect(c.service_periods).toHaveLength(1);
    const [period] = c.service_periods;
    expect(period).toMatchObject({ name: "July 2026", start: "2026-07-01", end: "2026-07-31" });
    expect(period.id).toMatch(/^[0-9A-Za-z]{6,}$/);
    expect(period.service_windows).toEqual([
      {
        id: expect.stringMatching(/^[0-9A-Za-z]{6,}$/),
        name: "Evening peak",
        start: "17:00",
        end: "19:30",
        service_days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        capacity_required: "5.000",
        minimum_aggregate_asset_size: null,
      },
      {
        id: expect.stringMatching(/^[0-9A-Za-z]{6,}$/),
        name: "Morning peak",
        start: "07:00",
        end: "09:00",
        service_days: ["Saturday", "Sunday"],
        capacity_required: "2.500",
        minimum_aggregate_asset_size: null,
      },
    ]);
  });

  it("reports the phase as status, moving with the clock", async () => {
    const saved = h.clock.now();
    try {
      for (const [at, phase] of [
        [T0 - 2 * DAY_MS, "upcoming"],
        [T0, "qualification"],
        [T0 + DAY_MS, "open"],
        [T0 + 8 * DAY_MS, "closed"],
      ] as const) {
        h.clock.set(at);
        expect((await ok(h, "GET", `/competitions/v1/${ids.au}/`, provider)).status).toBe(phase);
      }
    } finally {
      h.clock.set(saved);
    }
  });

  it("lists published competitions as a bare array with X-Total-Count, never drafts", async () => {
    const res = await call(h, "GET", "/competitions/v1/", provider);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.headers["x-total-count"]).toBe("3");
    expect(res.body.map((c: { id: string }) => c.id).sort()).toEqual([ids.au, ids.util, ids.later].sort());
  });

  it("filters by status, type and boundary", async () => {
    const idsOf = async (query: string) =>
      (await ok(h, "GET", `/competitions/v1/?${query}`, provider)).map((c: { id: string }) => c.id).sort();
    expect(await idsOf("status=open")).toEqual([ids.au, ids.util].sort());
    expect(await idsOf("status=upcoming")).toEqual([ids.later]);
    expect(await idsOf("status=closed")).toEqual([]);
    expect(await idsOf("type=Utilisation")).toEqual([ids.util]);
    expect(await idsOf(`type=${encodeURIComponent("Availability & Utilisation")}`)).toEqual([ids.au]);
    expect(await idsOf("boundary=BANBURY")).toEqual([ids.util]);
    expect(await idsOf(`boundary=${encodeURIComponent("OX16 9AA")}`)).toEqual([ids.util]);
    expect(await idsOf(`boundary=${encodeURIComponent("OX4 2AB")}`)).toEqual([ids.au, ids.later].sort());
    expect(await idsOf("boundary=NOWHERE")).toEqual([]);
    expect(await idsOf(`boundary=${encodeURIComponent("ox4 2ab")}`)).toEqual([ids.au, ids.later].sort());
    expect(await idsOf("boundary=OX4")).toEqual([ids.au, ids.later].sort());
    // the whole OX area is not inside a boundary of districts
    expect(await idsOf("boundary=ox")).toEqual([]);
    expect(await idsOf(`boundary=${encodeURIComponent("OX4 2")}`)).toEqual([ids.au, ids.later].sort());
    expect(await idsOf("boundary=OX1")).toEqual([]);
    expect(await idsOf("boundary=OX16")).toEqual([ids.util]);
    expect(await idsOf("boundary=ox-cowley")).toEqual([ids.au, ids.later].sort());
    expect(await idsOf("status=open&type=Utilisation")).toEqual([ids.util]);
  });

  it("pages with limit and offset; the total counts every match", async () => {
    const all = await ok(h, "GET", "/competitions/v1/", provider);
    const first = await call(h, "GET", "/competitions/v1/?limit=2", provider);
    const rest = await call(h, "GET", "/competitions/v1/?limit=2&offset=2", provider);
    expect(first.body.map((c: { id: string }) => c.id)).toEqual(all.slice(0, 2).map((c: { id: string }) => c.id));
    expect(rest.body.map((c: { id: string }) => c.id)).toEqual(all.slice(2).map((c: { id: string }) => c.id));
    expect(first.headers["x-total-count"]).toBe("3");
    expect(rest.headers["x-total-count"]).toBe("3");
    const beyond = await call(h, "GET", "/competitions/v1/?offset=10", provider);
    expect(beyond.body).toEqual([]);
    expect(beyond.headers["x-total-count"]).toBe("3");
  });
});
