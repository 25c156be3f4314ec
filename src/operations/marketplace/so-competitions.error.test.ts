/**
 * The system operator's competitions, error path: the body's rules (times qualification < open < closed, delivery
 * after close, capacities > 0, …) and publishing's → 400 `competition_invalid` naming the field; only drafts are
 * edited or published; qualification needs a published competition. Nothing is stored on a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MAX_AREA_REFERENCE_LENGTH,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SERVICE_PERIODS,
  MAX_WINDOWS_PER_COMPETITION,
  MAX_WINDOWS_PER_PERIOD,
} from "../../domain/limits.js";
import { DAY_MS } from "../../domain/time.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import { type Actor, actor, call, competitionBody, ok, snapshot } from "./test-support.js";

const iso = (ms: number) => new Date(ms).toISOString();

// biome-ignore lint/suspicious/noExplicitAny: test bodies
const windowed = (change: Record<string, unknown>): any => {
  const body = competitionBody();
  // biome-ignore lint/suspicious/noExplicitAny: test bodies
  const periods = body.service_periods as any[];
  return {
    service_periods: [{ ...periods[0], service_windows: [{ ...periods[0].service_windows[0], ...change }] }],
  };
};

describe.each(DIALECTS)("system operator competitions, error path (%s)", (dialect) => {
  let h: Harness;
  let so: Actor;
  beforeAll(async () => {
    h = await createHarness(dialect);
    h.clock.set(T0);
    so = await actor(h, "system_operator");
  });
  afterAll(() => h.close());

  async function refused(
    method: "POST" | "PATCH",
    url: string,
    body: unknown,
    status: number,
    code: string,
    field?: string,
  ) {
    const before = await snapshot(h);
    const res = await call(h, method, url, so, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error).toBe(code);
    if (field !== undefined) expect(res.body.field).toBe(field);
    expect(await snapshot(h)).toEqual(before);
  }

  const cases: [string, Record<string, unknown>, string][] = [
    [
      "qualification_closed before qualification_open",
      { qualification_closed: iso(T0 - 2 * DAY_MS) },
      "qualification_closed",
    ],
    ["open before qualification_closed", { open: iso(T0), closed: iso(T0 + 8 * DAY_MS) }, "open"],
    ["closed before open", { closed: iso(T0 + DAY_MS) }, "closed"],
    ["closed equal to open", { closed: iso(T0 + DAY_MS) }, "closed"],
    ["delivery starting before close", { closed: iso(Date.UTC(2026, 6, 2)) }, "service_periods[0].start"],
    [
      "a zero capacity_required",
      windowed({ capacity_required: "0.000" }),
      "service_periods[0].service_windows[0].capacity_required",
    ],
    [
      "a negative capacity_required",
      windowed({ capacity_required: "-1.000" }),
      "service_periods[0].service_windows[0].capacity_required",
    ],
    [
      "capacity_required with 4 places",
      windowed({ capacity_required: "1.0001" }),
      "service_periods[0].service_windows[0].capacity_required",
    ],
    ["a window time not HH:MM", windowed({ start: "25:00" }), "service_periods[0].service_windows[0].start"],
    ["an empty window", windowed({ start: "17:00", end: "17:00" }), "service_periods[0].service_windows[0].end"],
    [
      "an unknown service day",
      windowed({ service_days: ["Funday"] }),
      "service_periods[0].service_windows[0].service_days[0]",
    ],
    [
      "a period ending before it starts",
      {
        service_periods: [
          { ...(competitionBody().service_periods as object[])[0], start: "2026-07-31", end: "2026-07-01" },
        ],
      },
      "service_periods[0].end",
    ],
    ["an unknown type", { type: "Availability and Utilisation" }, "type"],
    ["a guide price with 3 places", { availability_guide_price: "15.005" }, "availability_guide_price"],
    ["a bad boundary postcode", { boundary: { area_references: [], postcodes: ["12345"] } }, "boundary.postcodes[0]"],
  ];
  for (const [what, change, field] of cases) {
    it(`refuses a competition with ${what}`, async () => {
      await refused("POST", "/so/v1/competitions/", competitionBody(change), 400, "competition_invalid", field);
    });
  }
  // What the schema states (a date-time format, the reference's pattern) its validation refuses before the rules run.
  const shapes: [string, Record<string, unknown>, string][] = [
    ["a non-RFC 3339 instant", { open: "tomorrow" }, "open"],
    ["a bad reference", { reference: "has spaces" }, "reference"],
    ["a number where a decimal string belongs", { availability_guide_price: 15 }, "availability_guide_price"],
  ];
  for (const [what, change, field] of shapes) {
    it(`refuses a competition with ${what} (validation_failed)`, async () => {
      await refused("POST", "/so/v1/competitions/", competitionBody(change), 400, "validation_failed", field);
    });
  }

  it("answers 409 for a reference already used", async () => {
    await ok(h, "POST", "/so/v1/competitions/", so, competitionBody({ reference: "TAKEN" }));
    await refused(
      "POST",
      "/so/v1/competitions/",
      competitionBody({ reference: "TAKEN" }),
      409,
      "ref_taken",
      "reference",
    );
  });

  it("refuses to publish a draft without service periods or without a boundary", async () => {
    const noPeriods = await ok(h, "POST", "/so/v1/competitions/", so, competitionBody({ service_periods: [] }));
    await refused(
      "POST",
      `/so/v1/competitions/${noPeriods.id}/publish/`,
      undefined,
      400,
      "competition_invalid",
      "service_periods",
    );
    const noBoundary = await ok(
      h,
      "POST",
      "/so/v1/competitions/",
      so,
      competitionBody({ boundary: { area_references: [], postcodes: [] } }),
    );
    await refused(
      "POST",
      `/so/v1/competitions/${noBoundary.id}/publish/`,
      undefined,
      400,
      "competition_invalid",
      "boundary",
    );
  });

  it("refuses to publish a window that never occurs inside its period", async () => {
    // 4–5 July 2026 is a Saturday and a Sunday; the evening window runs on weekdays only
    const weekend = await ok(
      h,
      "POST",
      "/so/v1/competitions/",
      so,
      competitionBody({
        service_periods: [
          { ...(competitionBody().service_periods as object[])[0], start: "2026-07-04", end: "2026-07-05" },
        ],
      }),
    );
    await refused(
      "POST",
      `/so/v1/competitions/${weekend.id}/publish/`,
      undefined,
      400,
      "competition_invalid",
      "service_periods[0].service_windows[0].service_days",
    );
  });

  it("refuses to publish once qualification has closed", async () => {
    const late = await ok(h, "POST", "/so/v1/competitions/", so, competitionBody());
    const saved = h.clock.now();
    h.clock.set(T0 + DAY_MS);
    try {
      await refused(
        "POST",
        `/so/v1/competitions/${late.id}/publish/`,
        undefined,
        400,
        "competition_invalid",
        "qualification_closed",
      );
    } finally {
      h.clock.set(saved);
    }
  });

  it("edits and publishes drafts only; qualification runs on published competitions only", async () => {
    const c = await ok(h, "POST", "/so/v1/competitions/", so, competitionBody());
    await refused("POST", `/so/v1/competitions/${c.id}/qualify/`, undefined, 400, "competition_not_published");
    await ok(h, "POST", `/so/v1/competitions/${c.id}/publish/`, so);
    await refused("PATCH", `/so/v1/competitions/${c.id}/`, { name: "late edit" }, 400, "competition_not_draft");
    await refused("POST", `/so/v1/competitions/${c.id}/publish/`, undefined, 400, "competition_not_draft");
  });

  it("refuses a PATCH that breaks a rule or names an unknown window id", async () => {
    const c = await ok(h, "POST", "/so/v1/competitions/", so, competitionBody());
    await refused("PATCH", `/so/v1/competitions/${c.id}/`, { closed: iso(T0) }, 400, "competition_invalid", "closed");
    await refused(
      "PATCH",
      `/so/v1/competitions/${c.id}/`,
      windowed({ id: "not-a-window" }),
      400,
      "competition_invalid",
      "service_periods[0].service_windows[0].id",
    );
  });

  it("answers 404 for unknown ids", async () => {
    for (const [method, url] of [
      ["GET", "/so/v1/competitions/nope/"],
      ["PATCH", "/so/v1/competitions/nope/"],
      ["POST", "/so/v1/competitions/nope/publish/"],
      ["POST", "/so/v1/competitions/nope/qualify/"],
    ] as const) {
      const res = await call(h, method, url, so, method === "PATCH" ? { name: "x" } : undefined);
      expect(res.status, `${method} ${url}`).toBe(404);
    }
  });

  describe("size limits (docs/limits.md)", () => {
    // biome-ignore lint/suspicious/noExplicitAny: test bodies
    const template = (competitionBody().service_periods as any[])[0];
    const windows = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...template.service_windows[0], name: `Window ${i}` }));
    const periods = (sizes: number[]) =>
      sizes.map((n, i) => ({ ...template, name: `Period ${i}`, service_windows: windows(n) }));

    it("refuses one window, period, weekday or character over a limit with 400 naming the field", async () => {
      const post = (change: Record<string, unknown>, code: string, field: string) =>
        refused("POST", "/so/v1/competitions/", competitionBody(change), 400, code, field);
      // The reported case: one period of 3,300 windows was a 500 (too many SQL variables).
      await post({ service_periods: periods([3300]) }, "validation_failed", "service_periods[0].service_windows");
      await post(
        { service_periods: periods([MAX_WINDOWS_PER_PERIOD + 1]) },
        "validation_failed",
        "service_periods[0].service_windows",
      );
      await post(
        { service_periods: periods(Array.from({ length: MAX_SERVICE_PERIODS + 1 }, () => 1)) },
        "validation_failed",
        "service_periods",
      );
      const full = MAX_WINDOWS_PER_COMPETITION - MAX_WINDOWS_PER_PERIOD * 2;
      await post(
        { service_periods: periods([MAX_WINDOWS_PER_PERIOD, MAX_WINDOWS_PER_PERIOD, full + 1]) },
        "competition_invalid",
        "service_periods[2].service_windows",
      );
      await post({ name: "n".repeat(MAX_NAME_LENGTH + 1) }, "validation_failed", "name");
      await post(
        { boundary: { area_references: ["x".repeat(MAX_AREA_REFERENCE_LENGTH + 1)], postcodes: [] } },
        "validation_failed",
        "boundary.area_references[0]",
      );
      const days = [...template.service_windows[0].service_days, "Monday", "Monday", "Monday"];
      await post(
        {
          service_periods: [{ ...template, service_windows: [{ ...template.service_windows[0], service_days: days }] }],
        },
        "validation_failed",
        "service_periods[0].service_windows[0].service_days",
      );
      // A path segment longer than any id is refused by the router, in the catalogue's shape.
      await refused("PATCH", `/so/v1/competitions/${"x".repeat(MAX_ID_LENGTH + 1)}/`, {}, 414, "uri_too_long");
    });

    it("stores a competition at the window limit", async () => {
      const sizes = [
        MAX_WINDOWS_PER_PERIOD,
        MAX_WINDOWS_PER_PERIOD,
        MAX_WINDOWS_PER_COMPETITION - 2 * MAX_WINDOWS_PER_PERIOD,
      ];
      const created = await ok(
        h,
        "POST",
        "/so/v1/competitions/",
        so,
        competitionBody({ service_periods: periods(sizes) }),
      );
      // biome-ignore lint/suspicious/noExplicitAny: wire body
      const stored = created.service_periods.map((p: any) => p.service_windows.length);
      expect(stored).toEqual(sizes);
      const again = await ok(h, "GET", `/so/v1/competitions/${created.id}/`, so);
      expect(again.service_periods[2].service_windows.at(-1).name).toBe(`Window ${sizes[2]! - 1}`);
    });
  });
});
