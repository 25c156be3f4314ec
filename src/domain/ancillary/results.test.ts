import { describe, expect, it } from "vitest";
import type { ExistingBid } from "./bid-types.js";
import { type ReportedBid, resultsToStore } from "./results.js";

const DAY = "2026-06-02";
const stored = (market: ReportedBid["market"], bidId: string, product: string, offeredKw = 2000): ReportedBid => ({
  market,
  offeredKw,
  existing: { bidId, product, deliveryDay: DAY, status: "submitted", offeredKw },
});
const child = (bidId: string, parentBidId: string, more: Partial<ExistingBid> = {}): ExistingBid => ({
  bidId,
  product: "POS_001",
  deliveryDay: DAY,
  status: "submitted",
  offeredKw: 2000,
  parentBidId,
  ...more,
});
const bids = new Map([
  ["fcr", stored("FCR", "fcr", "NEGPOS_00_04")],
  ["cap", stored("AFRRCapacity", "cap", "POS_00_04")],
]);

describe("resultsToStore", () => {
  it("keeps the settlement price for FCR (pay-as-cleared) only, and fills in the accepted capacity", () => {
    const rows = resultsToStore(
      [
        { bidId: "fcr", accepted: true, settlementPriceCents: 9_950, decidedAt: 1 },
        { bidId: "cap", accepted: true, acceptedKw: 1000, settlementPriceCents: 500, decidedAt: 1 },
      ],
      bids,
      [],
    );
    expect(rows).toEqual([
      { bidId: "fcr", accepted: true, acceptedKw: 2000, settlementPriceCents: 9_950, decidedAt: 1 },
      { bidId: "cap", accepted: true, acceptedKw: 1000, settlementPriceCents: null, decidedAt: 1 },
    ]);
  });

  it("rejects the live implicit energy bids of a rejected aFRR capacity bid, unless already rejected or reported", () => {
    const children = [child("e1", "cap"), child("e2", "cap", { accepted: false }), child("e3", "cap")];
    const rows = resultsToStore(
      [
        { bidId: "cap", accepted: false, decidedAt: 2 },
        { bidId: "e3", accepted: false, decidedAt: 2 },
      ],
      new Map([...bids, ["e3", stored("AFRREnergy", "e3", "POS_002")]]),
      children,
    );
    expect(rows.map((r) => [r.bidId, r.accepted, r.acceptedKw])).toEqual([
      ["cap", false, 0],
      ["e3", false, 0],
      ["e1", false, 0],
    ]);
  });

  it("throws on a broken report: a bid twice, an unknown bid, too much accepted capacity", () => {
    expect(() => resultsToStore([{ bidId: "x", accepted: true, decidedAt: 0 }], bids, [])).toThrow(/unknown bid x/);
    const twice = { bidId: "fcr", accepted: true, decidedAt: 0 };
    expect(() => resultsToStore([twice, twice], bids, [])).toThrow(/appears twice/);
    const tooMuch = { bidId: "fcr", accepted: true, acceptedKw: 3000, decidedAt: 0 };
    expect(() => resultsToStore([tooMuch], bids, [])).toThrow(/accepted capacity 3000 kW is invalid/);
  });
});
