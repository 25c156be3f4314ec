import { describe, expect, it } from "vitest";
import { biddingOpportunities } from "./opportunities.js";
import type { AssetEntry } from "./qualification.js";
import { at, CLOSED, makeAsset, makeCompetition, NOW_OPEN, OPEN } from "./test-fixtures.js";

const open1 = makeCompetition({ id: "cmp1" });
const open2 = makeCompetition({ id: "cmp2", closed: at("2026-01-25T12:00:00Z") });
const upcoming = makeCompetition({ id: "cmp3", open: NOW_OPEN + 1 });
const noEntries = makeCompetition({ id: "cmp4" });

const assets = [
  makeAsset({ id: "a1", exportCapacityMilliMw: 2000 }),
  makeAsset({ id: "a2", exportCapacityMilliMw: 320 }),
  makeAsset({ kind: "planned", id: "p1", exportCapacityMilliMw: 7000 }),
];
const entered = (competitionId: string, assetKind: "flex" | "planned", assetId: string): AssetEntry => ({
  competitionId,
  assetKind,
  assetId,
  status: "Entered",
});
const entries = [
  entered("cmp1", "flex", "a1"),
  entered("cmp1", "flex", "a2"),
  entered("cmp1", "planned", "p1"),
  entered("cmp2", "flex", "a2"),
  entered("cmp3", "flex", "a1"),
];

describe("biddingOpportunities", () => {
  it("lists open competitions with entered qualified assets, soonest closing first", () => {
    expect(
      biddingOpportunities({ now: NOW_OPEN, competitions: [open1, open2, upcoming, noEntries], assets, entries }),
    ).toEqual([
      {
        competitionId: "cmp2",
        flexAssetIds: ["a2"],
        plannedAssetIds: [],
        totalCapacityMilliMw: 320,
        totalCapacity: "0.320",
      },
      {
        competitionId: "cmp1",
        flexAssetIds: ["a1", "a2"],
        plannedAssetIds: ["p1"],
        totalCapacityMilliMw: 9320,
        totalCapacity: "9.320",
      },
    ]);
  });

  it("lists a competition only while it is open [open, closed)", () => {
    const ids = (now: number) =>
      biddingOpportunities({ now, competitions: [open1], assets, entries }).map((o) => o.competitionId);
    expect(ids(OPEN - 1)).toEqual([]);
    expect(ids(OPEN)).toEqual(["cmp1"]);
    expect(ids(CLOSED - 1)).toEqual(["cmp1"]);
    expect(ids(CLOSED)).toEqual([]);
  });

  it("leaves out draft competitions", () => {
    expect(
      biddingOpportunities({ now: NOW_OPEN, competitions: [{ ...open1, status: "draft" }], assets, entries }),
    ).toEqual([]);
  });

  it("counts only assets that still qualify", () => {
    const archived = assets.map((a) => (a.id === "a1" ? { ...a, status: "archived" as const } : a));
    const [opportunity] = biddingOpportunities({ now: NOW_OPEN, competitions: [open1], assets: archived, entries });
    expect(opportunity?.flexAssetIds).toEqual(["a2"]);
    expect(opportunity?.totalCapacity).toBe("7.320");
  });

  it("orders competitions closing together by id", () => {
    const a = makeCompetition({ id: "b" });
    const b = makeCompetition({ id: "a" });
    const both = [entered("a", "flex", "a1"), entered("b", "flex", "a1")];
    expect(
      biddingOpportunities({ now: NOW_OPEN, competitions: [a, b], assets, entries: both }).map((o) => o.competitionId),
    ).toEqual(["a", "b"]);
  });
});
