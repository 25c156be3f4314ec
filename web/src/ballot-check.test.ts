import { describe, expect, it } from "vitest";
import { competitionFromWire } from "../../src/sdk/competition.js";
import type { CompetitionWire, QualificationWire, StoredBallotWire } from "../../src/sdk/index.js";
import { checkBallot, existingAssetSet, qualifiedAssetsFromWire } from "./ballot-check.js";

const competition: CompetitionWire = {
  id: "cmp1",
  reference: "TEST_AU",
  name: "Test",
  system_operator_id: "so",
  system_operator: "SO",
  status: "open",
  type: "Availability & Utilisation",
  need_type: "Pre Fault",
  need_direction: "Deficit",
  power_type: "Active Power",
  product_type: "Scheduled Availability",
  pricing_type: "auction",
  availability_guide_price: "12.00",
  utilisation_guide_price: "280.00",
  service_fee: null,
  qualification_open: "2026-05-01T00:00:00.000Z",
  qualification_closed: "2026-05-10T00:00:00.000Z",
  open: "2026-05-10T00:00:00.000Z",
  closed: "2026-06-10T00:00:00.000Z",
  boundary: { area_references: ["A"], postcodes: [] },
  service_periods: [
    {
      id: "p1",
      name: "Summer",
      start: "2026-06-20",
      end: "2026-08-31",
      service_windows: [
        {
          id: "w1",
          name: "Evening",
          start: "17:00",
          end: "19:00",
          service_days: ["Monday"],
          capacity_required: "6.000",
          minimum_aggregate_asset_size: null,
        },
      ],
    },
  ],
  created: "2026-04-01T00:00:00.000Z",
  modified: "2026-04-01T00:00:00.000Z",
};

const qualification = (
  asset_id: string,
  capacity: string,
  over: Partial<QualificationWire> = {},
): QualificationWire => ({
  id: `q-${asset_id}`,
  competition_id: "cmp1",
  asset_kind: "flex",
  asset_id,
  status: "Entered",
  qualified: true,
  reason: null,
  capacity,
  created: "2026-05-01T00:00:00.000Z",
  modified: "2026-05-01T00:00:00.000Z",
  ...over,
});

const qualifications = [
  qualification("a1", "3.000"),
  qualification("a2", "5.000"),
  qualification("a3", "9.000", { status: "Withdrawn" }),
];

const body = (
  capacity: string,
  rates = [
    { type: "availability", value: "10.00" },
    { type: "utilisation", value: "250.00" },
  ],
) => ({
  competition_id: "cmp1",
  bids: [{ service_window_id: "w1", capacity, max_runtime: "02:00:00", rates }],
});

const input = (over: { status?: string; ballots?: StoredBallotWire[] } = {}) => ({
  competition: { ...competition, status: over.status ?? "open" },
  qualifications,
  ballots: over.ballots ?? [],
});

describe("ballot check in the browser (the server's validateBallot on wire data)", () => {
  it("converts the wire competition into exact units", () => {
    const c = competitionFromWire(competition);
    expect(c.servicePeriods[0]!.serviceWindows[0]!.capacityRequiredMilliMw).toBe(6000);
    expect(c.availabilityGuidePricePence).toBe(1200);
    expect(c.open).toBe(Date.UTC(2026, 4, 10));
  });

  it("uses only qualified, entered assets", () => {
    expect(qualifiedAssetsFromWire(qualifications).map((a) => [a.id, a.capacityMilliMw])).toEqual([
      ["a1", 3000],
      ["a2", 5000],
    ]);
  });

  it("accepts a valid ballot and names each broken rule with the server's code and field", () => {
    expect(checkBallot(body("2.500"), input()).ok).toBe(true);
    const tooMuch = checkBallot(body("7.000"), input());
    expect(tooMuch.ok ? null : [tooMuch.error.code, tooMuch.error.field]).toEqual([
      "capacity_exceeds_required",
      "bids[0].capacity",
    ]);
    const places = checkBallot(body("1.2345"), input());
    expect(places.ok ? null : places.error.code).toBe("decimal_invalid");
    const rates = checkBallot(body("1.000", [{ type: "availability", value: "10.00" }]), input());
    expect(rates.ok ? null : rates.error.code).toBe("rate_types_mismatch");
  });

  it("follows the server's phase: a closed competition takes no ballot", () => {
    const closed = checkBallot(body("1.000"), input({ status: "closed" }));
    expect(closed.ok ? null : closed.error.code).toBe("competition_not_open");
  });

  it("holds a new ballot to the asset set of the active one (rule 6)", () => {
    const earlier: StoredBallotWire = {
      id: "b1",
      competition_id: "cmp1",
      created: "2026-05-20T00:00:00.000Z",
      status: "active",
      assets: { flex: ["a1"], planned: [] },
      bids: [],
    };
    expect(existingAssetSet([earlier])).toEqual({ flex: ["a1"], planned: [] });
    const changed = checkBallot(body("1.000"), input({ ballots: [earlier] }));
    expect(changed.ok ? null : changed.error.code).toBe("ballot_asset_set_changed");
    const same = checkBallot(
      { ...body("1.000"), assets: { flex: ["a1"], planned: [] } },
      input({ ballots: [earlier] }),
    );
    expect(same.ok).toBe(true);
  });
});
