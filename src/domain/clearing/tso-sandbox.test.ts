/** The TSO sandbox auction: hand-worked examples per market, seeding, determinism, auction times on DST days. */
import { describe, expect, it } from "vitest";
import { findProduct } from "../ancillary/products.js";
import {
  auctionTimeOf,
  bidResultsOf,
  runTsoAuction,
  seededDemandMw,
  seedOfProductDateCode,
  type TsoAuctionBid,
} from "./tso-sandbox.js";

const AT = Date.UTC(2026, 5, 1, 6, 0, 0);
const bid = (id: string, eur: number, mw: number, submittedAt = AT - 1000): TsoAuctionBid => ({
  id,
  priceCents: eur * 100,
  quantityKw: mw * 1000,
  submittedAt,
});

describe("hand-worked auctions (no synthetic competitors)", () => {
  // Demand 5 MW. Merit order b (8 EUR), a (10 EUR, earlier than d), d (10 EUR), c (12 EUR).
  // b takes 2 MW, a 2 MW, d the last 1 MW of its 3 MW; c is rejected.
  const bids = [bid("a", 10, 2, AT - 5000), bid("b", 8, 2), bid("c", 12, 3), bid("d", 10, 3, AT - 4000)];

  it("FCR: pay-as-cleared, everyone accepted is paid the marginal price (10 EUR/MW)", () => {
    const o = runTsoAuction({
      market: "FCR",
      productDateCode: "2026-06-02_NEGPOS_00_04",
      auctionAt: AT,
      bids,
      demandMw: 5,
      syntheticBidCount: 0,
    });
    expect(o.meritOrder.map((e) => e.id)).toEqual(["b", "a", "d", "c"]);
    expect(o.demandKw).toBe(5000);
    expect(o.acceptedKw).toBe(5000);
    expect(o.clearingPriceCents).toBe(1000);
    expect(bidResultsOf(o)).toEqual([
      { bidId: "b", accepted: true, acceptedKw: 2000, settlementPriceCents: 1000 },
      { bidId: "a", accepted: true, acceptedKw: 2000, settlementPriceCents: 1000 },
      { bidId: "d", accepted: true, acceptedKw: 1000, settlementPriceCents: 1000 },
      { bidId: "c", accepted: false, acceptedKw: 0, settlementPriceCents: null },
    ]);
  });

  it("aFRR capacity: pay-as-bid, each accepted bid paid its own price, no settlement price on the wire", () => {
    const o = runTsoAuction({
      market: "AFRRCapacity",
      productDateCode: "2026-06-02_POS_00_04",
      auctionAt: AT,
      bids,
      demandMw: 3,
      syntheticBidCount: 0,
    });
    expect(o.settlement).toBe("pay-as-bid");
    expect(o.meritOrder.map((e) => [e.id, e.acceptedKw, e.pricePaidCents])).toEqual([
      ["b", 2000, 800],
      ["a", 1000, 1000],
      ["d", 0, null],
      ["c", 0, null],
    ]);
    expect(bidResultsOf(o).every((r) => r.settlementPriceCents === null)).toBe(true);
  });

  it("aFRR energy: the activated volume (4 of 5 MW) bought in merit order at the marginal price", () => {
    const o = runTsoAuction({
      market: "AFRREnergy",
      productDateCode: "2026-06-02_POS_001",
      auctionAt: AT,
      bids,
      demandMw: 5,
      activationMw: 4,
      syntheticBidCount: 0,
    });
    expect(o.requestedKw).toBe(4000);
    expect(o.clearingPriceCents).toBe(1000);
    expect(o.meritOrder.map((e) => [e.id, e.acceptedKw, e.pricePaidCents])).toEqual([
      ["b", 2000, 1000],
      ["a", 2000, 1000],
      ["d", 0, null],
      ["c", 0, null],
    ]);
  });

  it("zero demand accepts nothing", () => {
    const o = runTsoAuction({
      market: "FCR",
      productDateCode: "x",
      auctionAt: AT,
      bids,
      demandMw: 0,
      syntheticBidCount: 0,
    });
    expect(o.acceptedKw).toBe(0);
    expect(o.clearingPriceCents).toBeNull();
    expect(bidResultsOf(o).every((r) => !r.accepted)).toBe(true);
  });
});

describe("seeded sandbox market", () => {
  it("derives a stable 31-bit seed from the product date code", () => {
    const a = seedOfProductDateCode("2026-06-02_NEGPOS_00_04");
    expect(a).toBe(seedOfProductDateCode("2026-06-02_NEGPOS_00_04"));
    expect(a).not.toBe(seedOfProductDateCode("2026-06-02_NEGPOS_04_08"));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(2 ** 31);
    expect(seedOfProductDateCode("")).toBe(0x811c9dc5 & 0x7fffffff);
  });

  it("draws the demand within 75–125 % of the market default", () => {
    for (let s = 0; s < 200; s++) {
      const d = seededDemandMw("FCR", s);
      expect(d).toBeGreaterThanOrEqual(75);
      expect(d).toBeLessThanOrEqual(125);
    }
  });

  it("is reproducible: same product, same bids → byte-identical outcome; another product differs", () => {
    const spec = {
      market: "FCR" as const,
      productDateCode: "2026-06-02_NEGPOS_08_12",
      auctionAt: AT,
      bids: [bid("r", 30, 2)],
    };
    const one = runTsoAuction(spec);
    expect(JSON.stringify(runTsoAuction(structuredClone(spec)))).toBe(JSON.stringify(one));
    expect(one.syntheticBidCount).toBe(40);
    expect(one.realBidCount).toBe(1);
    expect(one.meritOrder).toHaveLength(41);
    expect(one.acceptedKw).toBeLessThanOrEqual(one.demandKw);
    const other = runTsoAuction({ ...spec, productDateCode: "2026-06-03_NEGPOS_08_12" });
    expect(JSON.stringify(other.meritOrder)).not.toBe(JSON.stringify(one.meritOrder));
  });

  it("synthetic competitors are submitted in the week before the auction, never after", () => {
    const o = runTsoAuction({
      market: "AFRRCapacity",
      productDateCode: "2026-06-02_NEG_04_08",
      auctionAt: AT,
      bids: [],
    });
    for (const e of o.meritOrder) {
      expect(e.synthetic).toBe(true);
      expect(e.submittedAt).toBeLessThan(AT);
      expect(e.submittedAt).toBeGreaterThanOrEqual(AT - 7 * 24 * 3600_000);
    }
  });

  it("a cheap real bid beats the synthetic merit order; a very expensive one is rejected", () => {
    const o = runTsoAuction({
      market: "FCR",
      productDateCode: "2026-06-02_NEGPOS_12_16",
      auctionAt: AT,
      bids: [bid("cheap", -100, 1), bid("dear", 15_000, 1)],
    });
    const [cheap, dear] = ["cheap", "dear"].map((id) => bidResultsOf(o).find((r) => r.bidId === id)!);
    expect(cheap).toEqual({
      bidId: "cheap",
      accepted: true,
      acceptedKw: 1000,
      settlementPriceCents: o.clearingPriceCents,
    });
    expect(dear!.accepted).toBe(false);
    expect(o.meritOrder[0]!.id).toBe("cheap");
  });
});

describe("auction times (Europe/Berlin)", () => {
  it("FCR at D-1 08:00 local, aFRR capacity at D-1 09:00, energy at the quarter-hour's end", () => {
    expect(auctionTimeOf(findProduct("NEGPOS_00_04", "2026-06-02")!)).toBe(Date.UTC(2026, 5, 1, 6, 0));
    expect(auctionTimeOf(findProduct("POS_20_24", "2026-06-02")!)).toBe(Date.UTC(2026, 5, 1, 7, 0));
    expect(auctionTimeOf(findProduct("NEG_001", "2026-06-02")!)).toBe(Date.UTC(2026, 5, 1, 22, 15));
  });

  it("on DST days: winter gate in UTC+1, and the last quarter-hour of the autumn day is its 100th", () => {
    expect(auctionTimeOf(findProduct("NEGPOS_00_04", "2026-03-29")!)).toBe(Date.UTC(2026, 2, 28, 7, 0));
    expect(auctionTimeOf(findProduct("NEGPOS_00_04", "2026-03-30")!)).toBe(Date.UTC(2026, 2, 29, 6, 0));
    expect(findProduct("POS_100", "2026-10-25")).toBeDefined();
    expect(auctionTimeOf(findProduct("POS_100", "2026-10-25")!)).toBe(Date.UTC(2026, 9, 25, 23, 0));
    expect(findProduct("POS_093", "2026-03-29")).toBeUndefined();
  });
});
