import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAuctionRunning, decideAuction, parseAuctionPrice, phaseAt, statusFor } from "./internal-auction.js";

const A = { start: 1000, end: 2000, decidedAt: null };

describe("internal auction rules", () => {
  it("moves NOT_STARTED → RUNNING → PENDING on the clock, half-open [start, end), DECIDED once decided", () => {
    expect(phaseAt(A, 999)).toBe("NOT_STARTED");
    expect(phaseAt(A, 1000)).toBe("RUNNING");
    expect(phaseAt(A, 1999)).toBe("RUNNING");
    expect(phaseAt(A, 2000)).toBe("PENDING");
    expect(phaseAt({ ...A, decidedAt: 2500 }, 2600)).toBe("DECIDED");
  });

  it("shows each organisation its own outcome", () => {
    expect(statusFor("DECIDED", { organisationId: "w", hasBid: true }, "w")).toBe("WON");
    expect(statusFor("DECIDED", { organisationId: "l", hasBid: true }, "w")).toBe("LOST");
    expect(statusFor("DECIDED", { organisationId: "n", hasBid: false }, "w")).toBe("NO_BIDS_SUBMITTED");
    expect(statusFor("DECIDED", { organisationId: "n", hasBid: false }, null)).toBe("NO_BIDS_SUBMITTED");
    expect(statusFor("RUNNING", { organisationId: "n", hasBid: true }, null)).toBe("RUNNING");
  });

  it("parses prices exactly: numbers or decimal strings, > 0, ≤ 10,000,000 EUR, 2 decimals", () => {
    expect(parseAuctionPrice(1250.5)).toEqual({ ok: true, value: 125050 });
    expect(parseAuctionPrice("10000000")).toEqual({ ok: true, value: 1_000_000_000 });
    expect(parseAuctionPrice(0.1 + 0.2).ok).toBe(false);
    for (const bad of [0, -1, "10000000.01", 10_000_001, "1e3", "", " 5", "abc", null, Number.NaN, 1.234, true]) {
      const r = parseAuctionPrice(bad);
      expect(r.ok, String(bad)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("auction_price_invalid");
    }
  });

  it("takes bids only while running", () => {
    expect(checkAuctionRunning(A, 1500).ok).toBe(true);
    for (const t of [999, 2000]) {
      const r = checkAuctionRunning(A, t);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe("auction_not_running");
    }
  });

  it("hand-worked: highest wins; a tie goes to the earliest bid, then the lowest organisation id", () => {
    expect(decideAuction([])).toBeNull();
    const bids = [
      { organisationId: "b", priceCents: 500, placedAt: 3 },
      { organisationId: "c", priceCents: 700, placedAt: 5 },
      { organisationId: "a", priceCents: 700, placedAt: 4 },
    ];
    expect(decideAuction(bids)?.organisationId).toBe("a");
    expect(decideAuction([...bids, { organisationId: "0", priceCents: 700, placedAt: 4 }])?.organisationId).toBe("0");
  });

  it("property: the winner's price is the maximum and the result does not depend on the order of bids", () => {
    const bid = fc.record({
      organisationId: fc.string({ minLength: 1, maxLength: 3 }),
      priceCents: fc.integer({ min: 1, max: 20 }),
      placedAt: fc.integer({ min: 0, max: 5 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(bid, { selector: (b) => b.organisationId, minLength: 1 }), (bids) => {
        const w = decideAuction(bids)!;
        expect(w.priceCents).toBe(Math.max(...bids.map((b) => b.priceCents)));
        expect(decideAuction([...bids].reverse())).toEqual(w);
      }),
    );
  });
});
