import { describe, expect, it } from "vitest";
import {
  type AssetEntry,
  directionalCapacity,
  enteredQualifiedAssets,
  entryStatusOf,
  isInBoundary,
  qualifyAsset,
  validateEntryChange,
} from "./qualification.js";
import { makeAsset, makeCompetition } from "./test-fixtures.js";

const deficit = makeCompetition(); // boundary: area OX-COWLEY, postcode district OX4
const surplus = makeCompetition({ needDirection: "Surplus" });

describe("qualifyAsset", () => {
  it("qualifies an operational battery in the boundary with its export capacity for a Deficit", () => {
    expect(qualifyAsset(deficit, makeAsset())).toEqual({ qualified: true, capacityMilliMw: 2000 });
  });

  it("qualifies the same battery with its import capacity for a Surplus", () => {
    expect(qualifyAsset(surplus, makeAsset())).toEqual({ qualified: true, capacityMilliMw: 1500 });
  });

  it("never qualifies an archived asset, even in the boundary", () => {
    expect(qualifyAsset(deficit, makeAsset({ status: "archived" }))).toMatchObject({
      qualified: false,
      reason: "archived",
    });
  });

  it.each(["in_development", "mothballed"] as const)("qualifies a %s asset", (status) => {
    expect(qualifyAsset(deficit, makeAsset({ status })).qualified).toBe(true);
  });

  it("qualifies a planned asset like a flex asset", () => {
    expect(qualifyAsset(deficit, makeAsset({ kind: "planned", id: "p1", status: "in_development" }))).toEqual({
      qualified: true,
      capacityMilliMw: 2000,
    });
  });

  it("qualifies a planned asset without a location for the competition its competition_reference names", () => {
    const planned = makeAsset({
      kind: "planned",
      id: "p2",
      postcode: null,
      competitionReference: deficit.reference,
    } as never);
    expect(qualifyAsset(deficit, planned)).toEqual({ qualified: true, capacityMilliMw: 2000 });
    expect(qualifyAsset({ ...deficit, reference: "OTHER_REF" }, planned)).toMatchObject({
      qualified: false,
      reason: "outside_boundary",
    });
    // the reference is no way around the other rules
    expect(qualifyAsset(deficit, { ...planned, status: "archived" })).toMatchObject({ reason: "archived" });
    expect(qualifyAsset(surplus, { ...planned, importCapacityMilliMw: 0 })).toMatchObject({
      reason: "direction_mismatch",
    });
  });

  it("a flex asset cannot name a competition: only its location counts", () => {
    const flex = makeAsset({ postcode: null, competitionReference: deficit.reference } as never);
    expect(qualifyAsset(deficit, flex)).toMatchObject({ qualified: false, reason: "outside_boundary" });
  });

  it("does not qualify an asset outside the boundary", () => {
    expect(qualifyAsset(deficit, makeAsset({ postcode: "OX44 7XX" }))).toMatchObject({
      qualified: false,
      reason: "outside_boundary",
    });
  });

  it("does not qualify a generator for a Surplus (no import capacity)", () => {
    const wind = makeAsset({ category: "renewable", type: "onshore_wind", importCapacityMilliMw: 0 });
    expect(qualifyAsset(deficit, wind).qualified).toBe(true);
    expect(qualifyAsset(surplus, wind)).toMatchObject({ qualified: false, reason: "direction_mismatch" });
  });

  it("qualifies a demand site for a Deficit with its import (turn-down) capacity", () => {
    const site = makeAsset({ category: "demand", type: "hvac", exportCapacityMilliMw: 0, importCapacityMilliMw: 800 });
    expect(qualifyAsset(deficit, site)).toEqual({ qualified: true, capacityMilliMw: 800 });
    expect(qualifyAsset(surplus, site)).toEqual({ qualified: true, capacityMilliMw: 800 });
  });

  it("does not qualify a demand site with nothing to turn down", () => {
    const site = makeAsset({ category: "demand", exportCapacityMilliMw: 500, importCapacityMilliMw: 0 });
    expect(qualifyAsset(deficit, site)).toMatchObject({ qualified: false, reason: "direction_mismatch" });
  });
});

describe("directionalCapacity", () => {
  it.each([
    ["storage", "Deficit", 2000],
    ["storage", "Surplus", 1500],
    ["renewable", "Deficit", 2000],
    ["renewable", "Surplus", 1500],
    ["demand", "Deficit", 1500],
    ["demand", "Surplus", 1500],
  ] as const)("%s for a %s → %i", (category, direction, capacity) => {
    expect(directionalCapacity({ category, exportCapacityMilliMw: 2000, importCapacityMilliMw: 1500 }, direction)).toBe(
      capacity,
    );
  });
});

describe("isInBoundary", () => {
  const boundary = { areaReferences: ["OX-COWLEY"], postcodes: ["OX4", "SW1A 1"] };
  it.each([
    [{ postcode: "OX4 2JY", areaReference: null }, true],
    [{ postcode: "ox42jy", areaReference: null }, true],
    [{ postcode: "OX44 7XX", areaReference: null }, false],
    [{ postcode: "SW1A 1AA", areaReference: null }, true],
    [{ postcode: "SW1A 2AA", areaReference: null }, false],
    [{ postcode: null, areaReference: "ox-cowley " }, true],
    [{ postcode: "EC1A 1BB", areaReference: "OX-COWLEY" }, true],
    [{ postcode: null, areaReference: "OX-HEADINGTON" }, false],
    [{ postcode: null, areaReference: null }, false],
    [{ postcode: null, areaReference: " " }, false],
  ])("%j → %s", (asset, inside) => {
    expect(isInBoundary(asset, boundary)).toBe(inside);
  });
});

describe("entry status", () => {
  const qualified = { qualified: true, capacityMilliMw: 1 } as const;
  const notQualified = { qualified: false, reason: "archived", message: "archived assets never qualify" } as const;

  it("is Undecided for a qualified asset until its provider decides", () => {
    expect(entryStatusOf(qualified, undefined)).toBe("Undecided");
    expect(entryStatusOf(qualified, "Entered")).toBe("Entered");
    expect(entryStatusOf(qualified, "Withdrawn")).toBe("Withdrawn");
    expect(entryStatusOf(qualified, "Not applicable")).toBe("Undecided");
  });

  it("is Not applicable for an asset that does not qualify, whatever was stored", () => {
    expect(entryStatusOf(notQualified, "Entered")).toBe("Not applicable");
    expect(entryStatusOf(notQualified, undefined)).toBe("Not applicable");
  });

  it.each(["Entered", "Withdrawn", "Undecided"] as const)(
    "lets a provider choose %s for a qualified asset",
    (status) => {
      expect(validateEntryChange(qualified, status, "status")).toEqual({ ok: true, value: status });
    },
  );

  it.each(["Not applicable", "entered", "", null])("refuses the status %j", (status) => {
    expect(validateEntryChange(qualified, status, "status")).toMatchObject({
      ok: false,
      error: { code: "validation_failed", field: "status" },
    });
  });

  it("refuses to enter an asset that does not qualify", () => {
    expect(validateEntryChange(notQualified, "Entered", "status")).toMatchObject({
      ok: false,
      error: { code: "asset_not_qualified" },
    });
  });
});

describe("enteredQualifiedAssets", () => {
  const assets = [
    makeAsset({ id: "a2" }),
    makeAsset({ id: "a1", exportCapacityMilliMw: 700 }),
    makeAsset({ id: "a3" }), // qualified, undecided
    makeAsset({ id: "a4", status: "archived" }), // entered but archived since
    makeAsset({ id: "a5" }), // withdrawn
    makeAsset({ kind: "planned", id: "p1", exportCapacityMilliMw: 1000 }),
  ];
  const entries: AssetEntry[] = [
    { competitionId: "cmp1", assetKind: "flex", assetId: "a1", status: "Entered" },
    { competitionId: "cmp1", assetKind: "flex", assetId: "a2", status: "Entered" },
    { competitionId: "cmp1", assetKind: "flex", assetId: "a4", status: "Entered" },
    { competitionId: "cmp1", assetKind: "flex", assetId: "a5", status: "Withdrawn" },
    { competitionId: "cmp1", assetKind: "planned", assetId: "p1", status: "Entered" },
    { competitionId: "other", assetKind: "flex", assetId: "a3", status: "Entered" },
    // an entry for a planned asset sharing a flex asset's id does not enter the flex asset
    { competitionId: "cmp1", assetKind: "planned", assetId: "a3", status: "Entered" },
  ];

  it("keeps only qualified, Entered assets of this competition, flex first, sorted by id", () => {
    expect(enteredQualifiedAssets(deficit, assets, entries)).toEqual([
      { kind: "flex", id: "a1", capacityMilliMw: 700 },
      { kind: "flex", id: "a2", capacityMilliMw: 2000 },
      { kind: "planned", id: "p1", capacityMilliMw: 1000 },
    ]);
  });

  it("is empty without entries", () => {
    expect(enteredQualifiedAssets(deficit, assets, [])).toEqual([]);
  });
});
