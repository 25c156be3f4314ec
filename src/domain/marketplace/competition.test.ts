import { describe, expect, it } from "vitest";
import {
  checkDecidable,
  checkDraftEditable,
  checkPublishable,
  competitionPhase,
  findServiceWindow,
  windowOccurrences,
} from "./competition.js";
import { validateCompetitionBody } from "./competition-body.js";
import {
  at,
  CLOSED,
  makeCompetition,
  NOW_OPEN,
  OPEN,
  QUALIFICATION_CLOSED,
  QUALIFICATION_OPEN,
} from "./test-fixtures.js";
import type { ServiceDay } from "./types.js";

// biome-ignore lint/suspicious/noExplicitAny: the tests mutate nested wire JSON freely
type Body = Record<string, any>;

const validBody = (): Body => ({
  reference: "OXF_2026_W",
  name: "Oxford winter evenings",
  type: "Availability & Utilisation",
  need_type: "Pre Fault",
  need_direction: "Deficit",
  power_type: "Active Power",
  product_type: "Scheduled Utilisation",
  availability_guide_price: "15.00",
  utilisation_guide_price: "300",
  qualification_open: "2026-01-05T09:00:00Z",
  qualification_closed: "2026-01-19T09:00:00Z",
  open: "2026-01-19T09:00:00Z",
  closed: "2026-02-02T12:00:00Z",
  boundary: { area_references: ["OX-COWLEY"], postcodes: ["OX4", "ox1 1"] },
  service_periods: [
    {
      name: "Spring 2026",
      start: "2026-03-01",
      end: "2026-04-30",
      service_windows: [
        {
          name: "Evening peak",
          start: "17:00",
          end: "19:30",
          service_days: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
          capacity_required: "1.250",
          minimum_aggregate_asset_size: "0.100",
        },
      ],
    },
  ],
});

/** Returns the body with `mutate` applied (on a deep copy). */
const edit = (mutate: (b: Body) => void): Body => {
  const b = structuredClone(validBody());
  mutate(b);
  return b;
};
const W = "service_periods[0].service_windows[0]";

/** The cases of a body of the wrong shape: `validation_failed` (what the route's schema refuses first), not a rule. */
const MISSHAPEN = new Set([
  "a missing name",
  "a missing power_type",
  "a missing product_type",
  "a numeric service fee",
  "an unknown property",
  "a missing closed",
  "a boundary that is a list",
  "a boundary without postcodes",
  "an unknown boundary property",
  "service_periods that is not a list",
  "an unknown period property",
  "a missing capacity_required",
  "an unknown window property",
]);

describe("validateCompetitionBody", () => {
  it("turns a valid body into exact internal units", () => {
    expect(validateCompetitionBody(validBody())).toEqual({
      ok: true,
      value: {
        reference: "OXF_2026_W",
        name: "Oxford winter evenings",
        type: "Availability & Utilisation",
        needType: "Pre Fault",
        needDirection: "Deficit",
        powerType: "Active Power",
        productType: "Scheduled Utilisation",
        pricingType: "auction",
        availabilityGuidePricePence: 1500,
        utilisationGuidePricePence: 30000,
        serviceFeePence: null,
        qualificationOpen: QUALIFICATION_OPEN,
        qualificationClosed: QUALIFICATION_CLOSED,
        open: OPEN,
        closed: CLOSED,
        boundary: { areaReferences: ["OX-COWLEY"], postcodes: ["OX4", "ox1 1"] },
        servicePeriods: [
          {
            name: "Spring 2026",
            start: "2026-03-01",
            end: "2026-04-30",
            serviceWindows: [
              {
                name: "Evening peak",
                start: "17:00",
                end: "19:30",
                serviceDays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
                capacityRequiredMilliMw: 1250,
                minimumAggregateAssetSizeMilliMw: 100,
              },
            ],
          },
        ],
      },
    });
  });

  it.each<[string, (b: Body) => void]>([
    ["pricing_type auction", (b) => (b.pricing_type = "auction")],
    [
      "null guide prices and service fee",
      (b) => Object.assign(b, { availability_guide_price: null, service_fee: null }),
    ],
    ["absent guide prices", (b) => delete b.utilisation_guide_price],
    ["a zero guide price", (b) => (b.service_fee = "0")],
    ["qualification closing exactly when bidding opens", (b) => (b.qualification_closed = b.open)],
    ["an offset timestamp", (b) => (b.closed = "2026-02-02T12:00:00+00:00")],
    ["a 40-character reference", (b) => (b.reference = "A".repeat(40))],
    ["no service periods yet (a draft)", (b) => (b.service_periods = [])],
    ["an empty boundary (a draft)", (b) => (b.boundary = { area_references: [], postcodes: [] })],
    ["a one-day period", (b) => (b.service_periods[0].end = "2026-03-01")],
    [
      "an overnight window",
      (b) => Object.assign(b.service_periods[0].service_windows[0], { start: "22:00", end: "06:00" }),
    ],
    [
      "a window to midnight",
      (b) => Object.assign(b.service_periods[0].service_windows[0], { start: "17:00", end: "00:00" }),
    ],
    [
      "no minimum_aggregate_asset_size",
      (b) => delete b.service_periods[0].service_windows[0].minimum_aggregate_asset_size,
    ],
    [
      "ids on periods and windows (an edit)",
      (b) => {
        b.service_periods[0].id = "sp1";
        b.service_periods[0].service_windows[0].id = "sw1";
      },
    ],
    ["delivery starting on the day after closing", (b) => (b.closed = "2026-02-28T23:59:59Z")],
  ])("accepts %s", (_, mutate) => {
    const r = validateCompetitionBody(edit(mutate));
    expect(r.ok ? "ok" : r.error).toBe("ok");
  });

  it("keeps the ids given for an edit", () => {
    const r = validateCompetitionBody(
      edit((b) => {
        b.service_periods[0].id = "sp1";
        b.service_periods[0].service_windows[0].id = "sw1";
      }),
    );
    expect(r.ok && r.value.servicePeriods[0]?.id).toBe("sp1");
    expect(r.ok && r.value.servicePeriods[0]?.serviceWindows[0]?.id).toBe("sw1");
  });

  it.each<[string, (b: Body) => void, string]>([
    ["a reference with a dash", (b) => (b.reference = "OXF-2026"), "reference"],
    ["a 41-character reference", (b) => (b.reference = "A".repeat(41)), "reference"],
    ["an empty reference", (b) => (b.reference = ""), "reference"],
    ["a blank name", (b) => (b.name = "  "), "name"],
    ["a missing name", (b) => delete b.name, "name"],
    ["a long name", (b) => (b.name = "x".repeat(201)), "name"],
    ["an unknown type", (b) => (b.type = "Capacity"), "type"],
    ["a lower-case need_direction", (b) => (b.need_direction = "deficit"), "need_direction"],
    ["a blank need_type", (b) => (b.need_type = ""), "need_type"],
    ["a missing power_type", (b) => delete b.power_type, "power_type"],
    ["a missing product_type", (b) => delete b.product_type, "product_type"],
    ["an unknown pricing_type", (b) => (b.pricing_type = "fixed"), "pricing_type"],
    ["a guide price with 3 places", (b) => (b.availability_guide_price = "15.001"), "availability_guide_price"],
    ["a negative guide price", (b) => (b.utilisation_guide_price = "-1"), "utilisation_guide_price"],
    ["a numeric service fee", (b) => (b.service_fee = 12.5), "service_fee"],
    ["an unknown property", (b) => (b.colour = "blue"), "colour"],
    ["a timestamp without offset", (b) => (b.open = "2026-01-19T09:00:00"), "open"],
    ["a missing closed", (b) => delete b.closed, "closed"],
    [
      "qualification closing before it opens",
      (b) => (b.qualification_closed = b.qualification_open),
      "qualification_closed",
    ],
    ["qualification closing after bidding opens", (b) => (b.qualification_closed = "2026-01-19T09:00:01Z"), "open"],
    ["bidding closing when it opens", (b) => (b.closed = b.open), "closed"],
    ["bidding closing after delivery starts", (b) => (b.closed = "2026-03-01T00:00:01Z"), "service_periods[0].start"],
    ["a boundary that is a list", (b) => (b.boundary = ["OX4"]), "boundary"],
    ["a boundary without postcodes", (b) => delete b.boundary.postcodes, "boundary.postcodes"],
    ["an unknown boundary property", (b) => (b.boundary.substations = []), "boundary.substations"],
    ["a blank area reference", (b) => (b.boundary.area_references = [""]), "boundary.area_references[0]"],
    ["a duplicate area reference", (b) => (b.boundary.area_references = ["A", "A"]), "boundary.area_references[1]"],
    ["a malformed postcode entry", (b) => (b.boundary.postcodes = ["OX4", "12345"]), "boundary.postcodes[1]"],
    ["a duplicate postcode entry", (b) => (b.boundary.postcodes = ["ox1 1", "OX1  1"]), "boundary.postcodes[1]"],
    ["service_periods that is not a list", (b) => (b.service_periods = {}), "service_periods"],
    ["a period ending before it starts", (b) => (b.service_periods[0].end = "2026-02-28"), "service_periods[0].end"],
    ["an impossible date", (b) => (b.service_periods[0].end = "2026-02-30"), "service_periods[0].end"],
    ["a period over 10 years", (b) => (b.service_periods[0].end = "2036-03-10"), "service_periods[0].end"],
    [
      "a period without windows",
      (b) => (b.service_periods[0].service_windows = []),
      "service_periods[0].service_windows",
    ],
    ["an unknown period property", (b) => (b.service_periods[0].colour = 1), "service_periods[0].colour"],
    ["a blank period name", (b) => (b.service_periods[0].name = " "), "service_periods[0].name"],
    ["a window start of 24:00", (b) => (b.service_periods[0].service_windows[0].start = "24:00"), `${W}.start`],
    [
      "a window start without leading zero",
      (b) => (b.service_periods[0].service_windows[0].start = "7:00"),
      `${W}.start`,
    ],
    ["a window end with seconds", (b) => (b.service_periods[0].service_windows[0].end = "19:30:00"), `${W}.end`],
    ["an empty window", (b) => (b.service_periods[0].service_windows[0].end = "17:00"), `${W}.end`],
    ["no service days", (b) => (b.service_periods[0].service_windows[0].service_days = []), `${W}.service_days`],
    ["a misspelt day", (b) => (b.service_periods[0].service_windows[0].service_days = ["Mon"]), `${W}.service_days[0]`],
    [
      "a repeated day",
      (b) => (b.service_periods[0].service_windows[0].service_days = ["Monday", "Monday"]),
      `${W}.service_days[1]`,
    ],
    [
      "a zero capacity_required",
      (b) => (b.service_periods[0].service_windows[0].capacity_required = "0.000"),
      `${W}.capacity_required`,
    ],
    [
      "a capacity_required with 4 places",
      (b) => (b.service_periods[0].service_windows[0].capacity_required = "1.2345"),
      `${W}.capacity_required`,
    ],
    [
      "a missing capacity_required",
      (b) => delete b.service_periods[0].service_windows[0].capacity_required,
      `${W}.capacity_required`,
    ],
    [
      "a negative minimum aggregate size",
      (b) => (b.service_periods[0].service_windows[0].minimum_aggregate_asset_size = "-1"),
      `${W}.minimum_aggregate_asset_size`,
    ],
    ["an unknown window property", (b) => (b.service_periods[0].service_windows[0].colour = 1), `${W}.colour`],
    [
      "a window id used twice",
      (b) => {
        const w = b.service_periods[0].service_windows[0];
        w.id = "x";
        b.service_periods[0].service_windows.push({ ...w });
      },
      "service_periods[0].service_windows[1].id",
    ],
    [
      "a period id equal to a window id",
      (b) => {
        b.service_periods[0].id = "x";
        b.service_periods[0].service_windows[0].id = "x";
      },
      `${W}.id`,
    ],
  ])("rejects %s", (what, mutate, field) => {
    expect(validateCompetitionBody(edit(mutate))).toMatchObject({
      ok: false,
      error: { code: MISSHAPEN.has(what) ? "validation_failed" : "competition_invalid", field },
    });
  });

  it.each([[null], [[]], ["competition"], [3]])("rejects the non-object body %j", (body) => {
    expect(validateCompetitionBody(body)).toMatchObject({
      ok: false,
      error: { code: "validation_failed", field: "body" },
    });
  });
});

describe("competitionPhase", () => {
  const c = makeCompetition({ qualificationClosed: at("2026-01-12T09:00:00Z") });
  it.each([
    [at("2026-01-05T08:59:59Z"), "upcoming"],
    [QUALIFICATION_OPEN, "qualification"],
    [at("2026-01-12T08:59:59Z"), "qualification"],
    [at("2026-01-12T09:00:00Z"), "pending_open"],
    [OPEN - 1, "pending_open"],
    [OPEN, "open"],
    [CLOSED - 1, "open"],
    [CLOSED, "closed"],
  ] as const)("at %i is %s", (now, phase) => {
    expect(competitionPhase(c, now)).toBe(phase);
  });
  it("is draft until published, whatever the time", () => {
    expect(competitionPhase({ ...c, status: "draft" }, NOW_OPEN)).toBe("draft");
  });
  it("is results_published once flagged", () => {
    expect(competitionPhase({ ...c, resultsPublished: true }, CLOSED + 1)).toBe("results_published");
  });
});

describe("drafts, publishing and deciding", () => {
  const draft = makeCompetition({ status: "draft" });
  const before = QUALIFICATION_OPEN - 1;

  it("lets a draft be edited, not a published competition", () => {
    expect(checkDraftEditable(draft)).toEqual({ ok: true, value: true });
    expect(checkDraftEditable(makeCompetition())).toMatchObject({
      ok: false,
      error: { code: "competition_not_draft" },
    });
  });

  it("publishes a complete draft before qualification closes", () => {
    expect(checkPublishable(draft, before)).toEqual({ ok: true, value: true });
    expect(checkPublishable(draft, QUALIFICATION_CLOSED - 1)).toEqual({ ok: true, value: true });
  });

  it.each([
    ["an already published competition", makeCompetition(), before, "competition_not_draft", undefined],
    [
      "a draft without service periods",
      { ...draft, servicePeriods: [] },
      before,
      "competition_invalid",
      "service_periods",
    ],
    [
      "a draft without boundary",
      { ...draft, boundary: { areaReferences: [], postcodes: [] } },
      before,
      "competition_invalid",
      "boundary",
    ],
    [
      "a draft whose qualification has closed",
      draft,
      QUALIFICATION_CLOSED,
      "competition_invalid",
      "qualification_closed",
    ],
  ] as const)("refuses to publish %s", (_, c, now, code, field) => {
    const r = checkPublishable(c, now);
    expect(r).toMatchObject({ ok: false, error: { code } });
    expect(r.ok ? undefined : r.error.field).toBe(field);
  });

  it("decides bids only between closing and publishing results", () => {
    expect(checkDecidable(makeCompetition(), CLOSED)).toEqual({ ok: true, value: true });
    expect(checkDecidable(makeCompetition(), CLOSED - 1)).toMatchObject({
      ok: false,
      error: { code: "competition_not_closed" },
    });
    expect(checkDecidable(draft, CLOSED)).toMatchObject({ ok: false, error: { code: "competition_not_closed" } });
    expect(checkDecidable(makeCompetition({ resultsPublished: true }), CLOSED)).toMatchObject({
      ok: false,
      error: { code: "results_already_published" },
    });
  });

  it("finds a service window by id", () => {
    expect(findServiceWindow(makeCompetition(), "sw2")?.window.name).toBe("Morning peak");
    expect(findServiceWindow(makeCompetition(), "nope")).toBeUndefined();
  });
});

describe("windowOccurrences (Europe/London)", () => {
  const ALL_DAYS: ServiceDay[] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  const iso = (list: { start: number; end: number }[]) =>
    list.map((o) => `${new Date(o.start).toISOString().slice(0, 16)}/${new Date(o.end).toISOString().slice(11, 16)}`);
  const hours = (list: { start: number; end: number }[]) => list.map((o) => (o.end - o.start) / 3_600_000);

  it("gives one interval per service day, period end inclusive", () => {
    const occ = windowOccurrences(
      { start: "2026-01-05", end: "2026-01-11" },
      { start: "17:00", end: "19:30", serviceDays: ["Monday", "Wednesday", "Sunday"] },
    );
    expect(iso(occ)).toEqual(["2026-01-05T17:00/19:30", "2026-01-07T17:00/19:30", "2026-01-11T17:00/19:30"]);
  });

  it("moves from GMT to BST in the week of 29 March 2026", () => {
    const occ = windowOccurrences(
      { start: "2026-03-27", end: "2026-03-30" },
      { start: "17:00", end: "19:30", serviceDays: ALL_DAYS },
    );
    expect(iso(occ)).toEqual([
      "2026-03-27T17:00/19:30",
      "2026-03-28T17:00/19:30",
      "2026-03-29T16:00/18:30",
      "2026-03-30T16:00/18:30",
    ]);
  });

  it("makes a window spanning the spring-forward hour one hour shorter", () => {
    const occ = windowOccurrences(
      { start: "2026-03-29", end: "2026-03-29" },
      { start: "00:00", end: "03:00", serviceDays: ["Sunday"] },
    );
    expect(iso(occ)).toEqual(["2026-03-29T00:00/02:00"]);
    expect(hours(occ)).toEqual([2]);
  });

  it("starts a window whose start is skipped in spring at the transition", () => {
    const occ = windowOccurrences(
      { start: "2026-03-29", end: "2026-03-29" },
      { start: "01:30", end: "03:00", serviceDays: ["Sunday"] },
    );
    expect(iso(occ)).toEqual(["2026-03-29T01:00/02:00"]);
  });

  it("leaves out an occurrence lying wholly in the skipped hour", () => {
    const occ = windowOccurrences(
      { start: "2026-03-28", end: "2026-03-30" },
      { start: "01:10", end: "01:50", serviceDays: ALL_DAYS },
    );
    expect(iso(occ)).toEqual(["2026-03-28T01:10/01:50", "2026-03-30T00:10/00:50"]);
  });

  it("moves from BST to GMT in the week of 25 October 2026", () => {
    const occ = windowOccurrences(
      { start: "2026-10-24", end: "2026-10-26" },
      { start: "17:00", end: "19:30", serviceDays: ALL_DAYS },
    );
    expect(iso(occ)).toEqual(["2026-10-24T16:00/18:30", "2026-10-25T17:00/19:30", "2026-10-26T17:00/19:30"]);
  });

  it("makes a window spanning the fall-back hour one hour longer", () => {
    const occ = windowOccurrences(
      { start: "2026-10-25", end: "2026-10-25" },
      { start: "00:00", end: "03:00", serviceDays: ["Sunday"] },
    );
    expect(iso(occ)).toEqual(["2026-10-24T23:00/03:00"]);
    expect(hours(occ)).toEqual([4]);
  });

  it("reads a repeated autumn wall time at its first (BST) pass", () => {
    const occ = windowOccurrences(
      { start: "2026-10-25", end: "2026-10-25" },
      { start: "01:30", end: "02:30", serviceDays: ["Sunday"] },
    );
    expect(iso(occ)).toEqual(["2026-10-25T00:30/02:30"]);
    expect(hours(occ)).toEqual([2]);
  });

  it("runs an overnight window into the next day, across both DST changes", () => {
    const spring = windowOccurrences(
      { start: "2026-03-28", end: "2026-03-28" },
      { start: "22:00", end: "06:00", serviceDays: ["Saturday"] },
    );
    expect(iso(spring)).toEqual(["2026-03-28T22:00/05:00"]);
    expect(hours(spring)).toEqual([7]);
    const autumn = windowOccurrences(
      { start: "2026-10-24", end: "2026-10-24" },
      { start: "22:00", end: "06:00", serviceDays: ["Saturday"] },
    );
    expect(iso(autumn)).toEqual(["2026-10-24T21:00/06:00"]);
    expect(hours(autumn)).toEqual([9]);
  });

  it("ends a window at midnight when its end is 00:00", () => {
    const occ = windowOccurrences(
      { start: "2026-06-01", end: "2026-06-01" },
      { start: "17:00", end: "00:00", serviceDays: ["Monday"] },
    );
    expect(iso(occ)).toEqual(["2026-06-01T16:00/23:00"]);
  });

  it("is empty when no date of the period is a service day", () => {
    expect(
      windowOccurrences(
        { start: "2026-06-01", end: "2026-06-05" },
        { start: "17:00", end: "19:00", serviceDays: ["Saturday"] },
      ),
    ).toEqual([]);
  });
});
