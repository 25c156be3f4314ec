import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../errors.js";
import { activeBallot, activeBallots, type BallotContext, sameAssetSet, validateBallot } from "./ballot.js";
import {
  type Body,
  ballotBody,
  bid,
  CLOSED,
  makeCompetition,
  makeContext,
  NOW_OPEN,
  OPEN,
  QUALIFIED,
  withType,
} from "./test-fixtures.js";

const rejects = (body: unknown, ctx: BallotContext, code: ErrorCode, field?: string) => {
  const r = validateBallot(body, ctx);
  expect(r).toMatchObject({ ok: false, error: { code } });
  if (!r.ok) expect(r.error.field).toBe(field);
  return r.ok ? "" : r.error.message;
};

describe("validateBallot: a valid ballot", () => {
  it("normalizes the tutorial's ballot (no assets named → all qualified, entered assets)", () => {
    const body = ballotBody({
      bids: [
        bid({ service_window_id: "sw2", capacity: "3.32", max_runtime: "1T01:30:00" }),
        bid({ service_window_id: "sw1", capacity: "1.25", max_runtime: "1 01:30:00" }),
      ],
    });
    expect(validateBallot(body, makeContext())).toEqual({
      ok: true,
      value: {
        competitionId: "cmp1",
        assets: { flex: ["a1", "a2"], planned: ["p1"] },
        assetsNamed: false,
        assetCapacityMilliMw: 3500,
        bids: [
          {
            serviceWindowId: "sw2",
            capacityMilliMw: 3320,
            maxRuntimeSeconds: 91_800,
            rates: [{ type: "availability", pence: 12345 }],
          },
          {
            serviceWindowId: "sw1",
            capacityMilliMw: 1250,
            maxRuntimeSeconds: 91_800,
            rates: [{ type: "availability", pence: 12345 }],
          },
        ],
      },
    });
  });

  it("keeps named assets, sorted", () => {
    const r = validateBallot(ballotBody({ assets: { flex: ["a2", "a1"], planned: [] } }), makeContext());
    expect(r.ok && r.value.assets).toEqual({ flex: ["a1", "a2"], planned: [] });
    expect(r.ok && r.value.assetsNamed).toBe(true);
    expect(r.ok && r.value.assetCapacityMilliMw).toBe(2500);
  });

  it.each([
    ["null", null],
    ["both lists empty", { flex: [], planned: [] }],
    ["an empty object", {}],
    ["null lists", { flex: null, planned: null }],
  ])("uses every qualified asset when assets is %s", (_, assets) => {
    const r = validateBallot(ballotBody({ assets }), makeContext());
    expect(r.ok && r.value.assets).toEqual({ flex: ["a1", "a2"], planned: ["p1"] });
    expect(r.ok && r.value.assetsNamed).toBe(false);
  });

  it("accepts a ballot with only planned assets", () => {
    const r = validateBallot(ballotBody({ assets: { planned: ["p1"] } }), makeContext());
    expect(r.ok && r.value.assets).toEqual({ flex: [], planned: ["p1"] });
  });
});

describe("rule 1: the competition is open and is the one of the path", () => {
  it.each([
    ["at the instant it opens", OPEN],
    ["just before it closes", CLOSED - 1],
  ])("accepts %s", (_, now) => {
    expect(validateBallot(ballotBody(), makeContext({ now })).ok).toBe(true);
  });

  it.each([
    ["before it opens", makeContext({ now: OPEN - 1 })],
    ["at the instant it closes", makeContext({ now: CLOSED })],
    ["in a draft", makeContext({ competition: makeCompetition({ status: "draft" }) })],
    ["after results are published", makeContext({ competition: makeCompetition({ resultsPublished: true }) })],
  ])("rejects a ballot %s", (_, ctx) => {
    const message = rejects(ballotBody(), ctx, "competition_not_open");
    expect(message).toContain("2026-01-19T09:00:00Z");
  });

  it("checks the competition before the body", () => {
    rejects("garbage", makeContext({ now: CLOSED }), "competition_not_open");
  });

  it("rejects a competition_id other than the path's", () => {
    rejects(ballotBody({ competition_id: "cmp2" }), makeContext(), "competition_id_mismatch", "competition_id");
  });

  it.each([
    ["missing", {}],
    ["a number", { competition_id: 1 }],
  ])("rejects a competition_id that is %s", (_, patch) => {
    const body = { ...ballotBody(), ...patch };
    if (!("competition_id" in patch)) delete (body as Body).competition_id;
    rejects(body, makeContext(), "validation_failed", "competition_id");
  });

  it("treats a context for another competition as a caller bug", () => {
    expect(() => validateBallot(ballotBody(), makeContext({ pathCompetitionId: "cmp2" }))).toThrow(/not the path/);
  });
});

describe("rule 2: rate types of the competition's type", () => {
  it.each([
    ["Availability", [{ type: "availability", value: "1" }]],
    ["Utilisation", [{ type: "utilisation", value: "1" }]],
    [
      "Availability & Utilisation",
      [
        { type: "availability", value: "1" },
        { type: "utilisation", value: "2" },
      ],
    ],
    ["Service Fee", [{ type: "service_fee", value: "1" }]],
  ] as const)("accepts the rates of %s", (type, rates) => {
    expect(validateBallot(ballotBody({ bids: [bid({ rates })] }), withType(type)).ok).toBe(true);
  });

  it("rejects a missing utilisation rate in an Availability & Utilisation competition", () => {
    const message = rejects(
      ballotBody(),
      withType("Availability & Utilisation"),
      "rate_types_mismatch",
      "bids[0].rates",
    );
    expect(message).toContain("missing rate type utilisation");
  });

  it("rejects a service_fee rate in an Availability & Utilisation competition", () => {
    const rates = [
      { type: "availability", value: "1" },
      { type: "utilisation", value: "1" },
      { type: "service_fee", value: "1" },
    ];
    const message = rejects(
      ballotBody({ bids: [bid({ rates })] }),
      withType("Availability & Utilisation"),
      "rate_types_mismatch",
      "bids[0].rates[2].type",
    );
    expect(message).toContain('"service_fee" is not taken');
  });

  it("rejects a rate type given twice", () => {
    const rates = [
      { type: "availability", value: "1" },
      { type: "availability", value: "2" },
    ];
    rejects(ballotBody({ bids: [bid({ rates })] }), makeContext(), "rate_types_mismatch", "bids[0].rates[1].type");
  });
});

describe("rule 3: service windows", () => {
  it("rejects a window that is not this competition's", () => {
    const body = ballotBody({ bids: [bid(), bid({ service_window_id: "sw-of-cmp2" })] });
    rejects(body, makeContext(), "service_window_unknown", "bids[1].service_window_id");
  });

  it("rejects two bids for one window", () => {
    const body = ballotBody({ bids: [bid(), bid({ service_window_id: "sw2" }), bid()] });
    const message = rejects(body, makeContext(), "service_window_duplicate", "bids[2].service_window_id");
    expect(message).toContain("bids[0]");
  });

  it.each([
    ["empty", []],
    ["not a list", bid()],
    ["missing", undefined],
  ])("rejects bids that are %s", (_, bids) => {
    rejects(ballotBody({ bids }), makeContext(), "validation_failed", "bids");
  });

  it.each([undefined, "", 7])("rejects the service_window_id %j", (id) => {
    rejects(
      ballotBody({ bids: [bid({ service_window_id: id })] }),
      makeContext(),
      "validation_failed",
      "bids[0].service_window_id",
    );
  });
});

describe("rule 4: capacity", () => {
  const withBid = (b: Body, assets?: unknown) =>
    ballotBody({ bids: [bid(b)], ...(assets === undefined ? {} : { assets }) });

  it.each(["0", "0.000"])("rejects a capacity of %j", (capacity) => {
    rejects(withBid({ capacity }), makeContext(), "capacity_invalid", "bids[0].capacity");
  });

  it("accepts the window's capacity_required exactly, and rejects 0.001 MW more", () => {
    expect(validateBallot(withBid({ capacity: "1.250" }), makeContext()).ok).toBe(true);
    const message = rejects(
      withBid({ capacity: "1.251" }),
      makeContext(),
      "capacity_exceeds_required",
      "bids[0].capacity",
    );
    expect(message).toContain("1.250 MW");
  });

  it("accepts the named assets' capacity exactly, and rejects more", () => {
    expect(validateBallot(withBid({ capacity: "0.500" }, { flex: ["a2"] }), makeContext()).ok).toBe(true);
    const message = rejects(
      withBid({ capacity: "0.501" }, { flex: ["a2"] }),
      makeContext(),
      "capacity_exceeds_assets",
      "bids[0].capacity",
    );
    expect(message).toContain("0.500 MW of the ballot's assets");
  });

  it("limits by the capacity of all qualified assets when none are named", () => {
    const ctx = makeContext({
      qualifiedAssets: [
        { kind: "flex", id: "a1", capacityMilliMw: 3000 },
        { kind: "planned", id: "p1", capacityMilliMw: 200 },
      ],
    });
    expect(validateBallot(withBid({ service_window_id: "sw2", capacity: "3.200" }), ctx).ok).toBe(true);
    rejects(
      withBid({ service_window_id: "sw2", capacity: "3.201" }),
      ctx,
      "capacity_exceeds_assets",
      "bids[0].capacity",
    );
  });
});

describe("rule 5: the asset set", () => {
  it("rejects another provider's (or an unknown) asset without telling which", () => {
    const foreign = rejects(
      ballotBody({ assets: { flex: ["a1", "zz9"] } }),
      makeContext(),
      "asset_not_qualified",
      "assets.flex[1]",
    );
    const unknown = rejects(
      ballotBody({ assets: { flex: ["a1", "nope"] } }),
      makeContext(),
      "asset_not_qualified",
      "assets.flex[1]",
    );
    expect(foreign.replace("zz9", "ID")).toBe(unknown.replace("nope", "ID"));
    expect(foreign).not.toMatch(/provider|exists|belongs/i);
  });

  it("tells the provider when its own asset is not qualified or not entered", () => {
    const message = rejects(
      ballotBody({ assets: { flex: ["a3"] } }),
      makeContext(),
      "asset_not_qualified",
      "assets.flex[0]",
    );
    expect(message).toContain('your flex asset "a3" is not qualified');
  });

  it("does not take a planned id for a flex asset", () => {
    rejects(ballotBody({ assets: { flex: ["p1"] } }), makeContext(), "asset_not_qualified", "assets.flex[0]");
  });

  it("rejects an asset listed twice rather than collapsing it", () => {
    rejects(ballotBody({ assets: { planned: ["p1", "p1"] } }), makeContext(), "validation_failed", "assets.planned[1]");
  });

  it("checks 100,000 named asset ids in linear time (a duplicate scan per id was quadratic: 14 s)", () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => `x${i}`);
    const started = performance.now();
    rejects(
      ballotBody({ assets: { flex: ids, planned: ids } }),
      makeContext({ ownAssetIds: { flex: ids, planned: ids } }),
      "asset_not_qualified",
      "assets.flex[0]",
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("rejects a ballot when the provider has no qualified, entered asset", () => {
    rejects(ballotBody(), makeContext({ qualifiedAssets: [] }), "no_qualified_assets", "assets");
  });

  it("rejects named assets when none qualify", () => {
    rejects(
      ballotBody({ assets: { flex: ["a1"] } }),
      makeContext({ qualifiedAssets: [] }),
      "asset_not_qualified",
      "assets.flex[0]",
    );
  });

  it.each([
    ["a list", ["a1"], "assets"],
    ["a string", "a1", "assets"],
    ["with an unknown key", { flex: ["a1"], virtual: [] }, "assets.virtual"],
    ["with a list that is a string", { flex: "a1" }, "assets.flex"],
    ["with an id that is a number", { flex: [1] }, "assets.flex[0]"],
    ["with an empty id", { flex: [""] }, "assets.flex[0]"],
  ])("rejects assets that are %s", (_, assets, field) => {
    rejects(ballotBody({ assets }), makeContext(), "validation_failed", field);
  });
});

describe("rule 6: a later ballot keeps the asset set", () => {
  const existing = { flex: ["a2", "a1"], planned: ["p1"] };

  it("accepts the same set in another order, named or by default", () => {
    const ctx = makeContext({ existingAssetSet: existing });
    expect(validateBallot(ballotBody({ assets: { planned: ["p1"], flex: ["a1", "a2"] } }), ctx).ok).toBe(true);
    expect(validateBallot(ballotBody(), ctx).ok).toBe(true);
  });

  it("rejects a different set, naming both", () => {
    const ctx = makeContext({ existingAssetSet: existing });
    const message = rejects(ballotBody({ assets: { flex: ["a1"] } }), ctx, "ballot_asset_set_changed", "assets");
    expect(message).toContain("flex assets [a1, a2] and planned assets [p1]");
    expect(message).toContain("flex assets [a1] and planned assets []");
  });

  it("rejects a default set that no longer matches (an asset entered since)", () => {
    const ctx = makeContext({ existingAssetSet: { flex: ["a1"], planned: [] } });
    rejects(ballotBody(), ctx, "ballot_asset_set_changed", "assets");
    expect(validateBallot(ballotBody({ assets: { flex: ["a1"] } }), ctx).ok).toBe(true);
  });

  it("compares sets by kind and ignoring order", () => {
    expect(sameAssetSet({ flex: ["b", "a"], planned: [] }, { flex: ["a", "b"], planned: [] })).toBe(true);
    expect(sameAssetSet({ flex: ["a"], planned: [] }, { flex: [], planned: ["a"] })).toBe(false);
    expect(sameAssetSet({ flex: ["a"], planned: [] }, { flex: ["a", "b"], planned: [] })).toBe(false);
  });
});

describe("rule 8: exact decimals, known properties", () => {
  it.each(["1.2345", "-1", "", "NaN", "1e3", " 1", 1.5, null])("rejects the capacity %j", (capacity) => {
    rejects(ballotBody({ bids: [bid({ capacity })] }), makeContext(), "decimal_invalid", "bids[0].capacity");
  });

  it("rejects a bid without capacity", () => {
    const b = bid();
    delete b.capacity;
    rejects(ballotBody({ bids: [b] }), makeContext(), "decimal_invalid", "bids[0].capacity");
  });

  it.each(["123.456", "-0.01", "", "NaN"])("rejects the rate value %j", (value) => {
    rejects(
      ballotBody({ bids: [bid({ rates: [{ type: "availability", value }] })] }),
      makeContext(),
      "decimal_invalid",
      "bids[0].rates[0].value",
    );
  });

  it("accepts a zero rate and a capacity of 0.001 MW", () => {
    const r = validateBallot(
      ballotBody({ bids: [bid({ capacity: "0.001", rates: [{ type: "availability", value: "0" }] })] }),
      makeContext(),
    );
    expect(r.ok && r.value.bids[0]).toEqual({
      serviceWindowId: "sw1",
      capacityMilliMw: 1,
      maxRuntimeSeconds: 5400,
      rates: [{ type: "availability", pence: 0 }],
    });
  });

  it("rejects a bad max_runtime", () => {
    rejects(
      ballotBody({ bids: [bid({ max_runtime: "01:60:00" })] }),
      makeContext(),
      "max_runtime_invalid",
      "bids[0].max_runtime",
    );
  });

  it.each([
    [{ ...ballotBody(), provider: "p" }, "provider"],
    [ballotBody({ bids: [{ ...bid(), price: "1" }] }), "bids[0].price"],
    [ballotBody({ bids: ["sw1"] }), "bids[0]"],
  ])("rejects unknown or malformed content (%#)", (body, field) => {
    rejects(body, makeContext(), "validation_failed", field);
  });

  it.each([[null], [[]], ["ballot"], [42], [true]])("rejects the non-object body %j", (body) => {
    rejects(body, makeContext(), "validation_failed");
  });
});

describe("rule 7: the newest ballot is active", () => {
  const b = (id: string, created: number, providerId = "prov1", competitionId = "cmp1") => ({
    id,
    created,
    providerId,
    competitionId,
  });

  it("picks the newest, the greater id on equal instants, none of none", () => {
    expect(activeBallot([b("x", 1), b("y", 3), b("z", 2)])?.id).toBe("y");
    expect(activeBallot([b("a", 5), b("c", 5), b("b", 5)])?.id).toBe("c");
    expect(activeBallot([])).toBeUndefined();
  });

  it("picks one per provider and competition, oldest first", () => {
    const ballots = [b("p1-old", 1), b("p2", 2, "prov2"), b("p1-new", 3), b("other", 9, "prov1", "cmp2")];
    expect(activeBallots(ballots).map((x) => x.id)).toEqual(["p2", "p1-new", "other"]);
  });
});

describe("properties", () => {
  it("never throws, whatever JSON arrives", () => {
    const ctx = makeContext();
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        const r = validateBallot(body, ctx);
        expect(typeof r.ok).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on near-valid bodies with arbitrary values", () => {
    const ctx = withType("Availability & Utilisation");
    const anyValue = fc.oneof(fc.jsonValue(), fc.constantFrom("sw1", "sw2", "1.000", "01:00:00", "a1", "p1"));
    fc.assert(
      fc.property(
        fc.record(
          {
            competition_id: fc.oneof(fc.constant("cmp1"), anyValue),
            bids: fc.array(
              fc.dictionary(fc.constantFrom("service_window_id", "capacity", "max_runtime", "rates"), anyValue),
              { maxLength: 3 },
            ),
            assets: anyValue,
          },
          { requiredKeys: [] },
        ),
        (body) => {
          expect(typeof validateBallot(body, ctx).ok).toBe("boolean");
        },
      ),
      { numRuns: 500 },
    );
  });

  it("accepts only ballots that satisfy the capacity rules, and accepts every ballot that does", () => {
    const decimalMw = (milli: number) => (milli / 1000).toFixed(3);
    const windowIds = fc.uniqueArray(fc.constantFrom("sw1", "sw2"), { minLength: 1, maxLength: 2 });
    const assetChoice = fc.subarray(["a1", "a2"]);
    fc.assert(
      fc.property(
        windowIds,
        fc.array(fc.integer({ min: 0, max: 6000 }), { minLength: 2, maxLength: 2 }),
        assetChoice,
        (ids, capacities, flex) => {
          const body = ballotBody({
            bids: ids.map((id, i) => bid({ service_window_id: id, capacity: decimalMw(capacities[i]!) })),
            assets: { flex },
          });
          const ctx = makeContext();
          const r = validateBallot(body, ctx);
          const assetCap =
            flex.length === 0
              ? 3500
              : QUALIFIED.filter((a) => flex.includes(a.id)).reduce((s, a) => s + a.capacityMilliMw, 0);
          const required: Record<string, number> = { sw1: 1250, sw2: 5000 };
          const shouldPass = ids.every(
            (id, i) => capacities[i]! > 0 && capacities[i]! <= required[id]! && capacities[i]! <= assetCap,
          );
          expect(r.ok).toBe(shouldPass);
          if (r.ok) {
            expect(r.value.assetCapacityMilliMw).toBe(assetCap);
            for (const b of r.value.bids) {
              expect(b.capacityMilliMw).toBeGreaterThan(0);
              expect(b.capacityMilliMw).toBeLessThanOrEqual(required[b.serviceWindowId]!);
              expect(b.capacityMilliMw).toBeLessThanOrEqual(r.value.assetCapacityMilliMw);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("gives the same result for any order of the named assets", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(["a1", "a2"], { minLength: 1 }), fc.shuffledSubarray(["p1"]), (flex, planned) => {
        const r = validateBallot(
          ballotBody({ bids: [bid({ capacity: "0.500" })], assets: { flex, planned } }),
          makeContext(),
        );
        expect(r.ok && r.value.assets).toEqual({ flex: [...flex].sort(), planned });
      }),
      { numRuns: 50 },
    );
  });
});

it("accepts a ballot at NOW_OPEN from the fixtures (sanity)", () => {
  expect(validateBallot(ballotBody(), makeContext({ now: NOW_OPEN })).ok).toBe(true);
});
