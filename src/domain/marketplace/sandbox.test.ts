import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RankableBid } from "./decisions.js";
import {
  ABOVE_GUIDE_PRICE,
  ACCEPTED_IN_MERIT_ORDER,
  CAPACITY_COVERED,
  decideSandboxBids,
  isAboveGuidePrice,
  PARTIALLY_ACCEPTED,
} from "./sandbox.js";
import { makeCompetition } from "./test-fixtures.js";
import type { Rate } from "./types.js";

// sw1 requires 1.250 MW, sw2 5.000 MW; availability guide £15.00, utilisation guide £300.00.
const av = (pence: number): Rate => ({ type: "availability", pence });
const ut = (pence: number): Rate => ({ type: "utilisation", pence });
const bid = (id: string, capacityMilliMw: number, rates: Rate[], ballotCreated = 1, serviceWindowId = "sw1") => ({
  id,
  serviceWindowId,
  ballotCreated,
  capacityMilliMw,
  rates,
});
const summary = (ds: ReturnType<typeof decideSandboxBids>) =>
  ds.map((d) => [d.bidId, d.rank, d.status, d.acceptedCapacityMilliMw, d.reason]);

describe("decideSandboxBids — worked examples", () => {
  it("accepts the cheapest until capacity_required is covered, the last one partly, and rejects the rest", () => {
    // sw1 needs 1.250 MW: b2 (£10, 0.5 MW) + b3 (£12, 0.5 MW) + 0.250 of b1 (£14, 1 MW); b4 (£14.50) is not needed.
    const bids = [
      bid("b1", 1000, [av(1400)]),
      bid("b2", 500, [av(1000)]),
      bid("b3", 500, [av(1200)]),
      bid("b4", 800, [av(1450)]),
    ];
    expect(summary(decideSandboxBids(makeCompetition(), bids))).toEqual([
      ["b2", 1, "accepted", 500, ACCEPTED_IN_MERIT_ORDER],
      ["b3", 2, "accepted", 500, ACCEPTED_IN_MERIT_ORDER],
      ["b1", 3, "accepted", 250, PARTIALLY_ACCEPTED],
      ["b4", 4, "rejected", null, CAPACITY_COVERED],
    ]);
  });

  it("rejects bids above the guide price even while capacity is still needed", () => {
    const bids = [bid("cheap", 500, [av(1500)]), bid("dear", 2000, [av(1501)])];
    expect(summary(decideSandboxBids(makeCompetition(), bids))).toEqual([
      ["cheap", 1, "accepted", 500, ACCEPTED_IN_MERIT_ORDER],
      ["dear", 2, "rejected", null, ABOVE_GUIDE_PRICE],
    ]);
  });

  it("breaks equal prices by the earliest ballot, then the lowest bid id", () => {
    const bids = [bid("b9", 1000, [av(1000)], 5), bid("b2", 1000, [av(1000)], 7), bid("b1", 1000, [av(1000)], 7)];
    expect(summary(decideSandboxBids(makeCompetition(), bids))).toEqual([
      ["b9", 1, "accepted", 1000, ACCEPTED_IN_MERIT_ORDER],
      ["b1", 2, "accepted", 250, PARTIALLY_ACCEPTED],
      ["b2", 3, "rejected", null, CAPACITY_COVERED],
    ]);
  });

  it("clears each window on its own", () => {
    const bids = [bid("a", 1000, [av(900)], 1, "sw1"), bid("b", 6000, [av(900)], 1, "sw2")];
    expect(summary(decideSandboxBids(makeCompetition(), bids))).toEqual([
      ["a", 1, "accepted", 1000, ACCEPTED_IN_MERIT_ORDER],
      ["b", 1, "accepted", 5000, PARTIALLY_ACCEPTED],
    ]);
  });

  it("ranks Availability & Utilisation on availability then utilisation, and checks both guides", () => {
    const competition = makeCompetition({ type: "Availability & Utilisation" });
    const bids = [
      bid("u-high", 500, [av(1000), ut(30001)]),
      bid("second", 1000, [av(1000), ut(29000)]),
      bid("first", 500, [av(1000), ut(20000)]),
    ];
    expect(summary(decideSandboxBids(competition, bids))).toEqual([
      ["first", 1, "accepted", 500, ACCEPTED_IN_MERIT_ORDER],
      ["second", 2, "accepted", 750, PARTIALLY_ACCEPTED],
      ["u-high", 3, "rejected", null, ABOVE_GUIDE_PRICE],
    ]);
  });

  it("has no guide rule when the competition gives no guide price", () => {
    const competition = makeCompetition({ availabilityGuidePricePence: null });
    expect(isAboveGuidePrice(competition, { rates: [av(999_999_99)] })).toBe(false);
    expect(isAboveGuidePrice(makeCompetition(), { rates: [av(1501)] })).toBe(true);
  });

  it("ignores bids of windows the competition does not have", () => {
    expect(decideSandboxBids(makeCompetition(), [bid("x", 100, [av(1)], 1, "nope")])).toEqual([]);
  });
});

// --- properties ---

const arbBids = fc.array(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    serviceWindowId: fc.constantFrom("sw1", "sw2"),
    ballotCreated: fc.integer({ min: 0, max: 5 }),
    capacityMilliMw: fc.integer({ min: 1, max: 4000 }),
    rates: fc.integer({ min: 0, max: 2500 }).map((p) => [av(p)]),
  }),
  { maxLength: 30 },
);
const uniqueIds = (bids: RankableBid[]) => {
  const seen = new Set<string>();
  return bids.filter((b) => !seen.has(b.id) && seen.add(b.id));
};
const priceOf = (b: RankableBid) => b.rates[0]!.pence;

describe("decideSandboxBids — properties", () => {
  const competition = makeCompetition();
  const required = new Map(competition.servicePeriods[0]!.serviceWindows.map((w) => [w.id, w.capacityRequiredMilliMw]));

  it("decides every bid once; accepted ≤ capacity_required per window and ≤ each bid's capacity", () => {
    fc.assert(
      fc.property(arbBids.map(uniqueIds), (bids) => {
        const decisions = decideSandboxBids(competition, bids);
        expect(decisions.map((d) => d.bidId).sort()).toEqual(bids.map((b) => b.id).sort());
        for (const [windowId, capacity] of required) {
          const accepted = decisions
            .filter((d) => d.serviceWindowId === windowId)
            .reduce((s, d) => s + (d.acceptedCapacityMilliMw ?? 0), 0);
          expect(accepted).toBeLessThanOrEqual(capacity);
        }
        for (const d of decisions) {
          const b = bids.find((x) => x.id === d.bidId)!;
          if (d.status === "accepted") {
            expect(d.acceptedCapacityMilliMw).toBeGreaterThan(0);
            expect(d.acceptedCapacityMilliMw).toBeLessThanOrEqual(b.capacityMilliMw);
            expect(priceOf(b)).toBeLessThanOrEqual(competition.availabilityGuidePricePence!);
          }
        }
      }),
    );
  });

  it("never rejects a bid cheaper than an accepted one unless the window was covered or it is above the guide", () => {
    fc.assert(
      fc.property(arbBids.map(uniqueIds), (bids) => {
        const decisions = decideSandboxBids(competition, bids);
        const price = new Map(bids.map((b) => [b.id, priceOf(b)]));
        for (const [windowId, capacity] of required) {
          const inWindow = decisions.filter((d) => d.serviceWindowId === windowId);
          const accepted = inWindow.filter((d) => d.status === "accepted");
          const covered = accepted.reduce((s, d) => s + d.acceptedCapacityMilliMw!, 0) === capacity;
          for (const r of inWindow.filter((d) => d.status === "rejected")) {
            if (r.reason === ABOVE_GUIDE_PRICE) continue;
            const cheaperThanAnAccepted = accepted.some((a) => price.get(r.bidId)! < price.get(a.bidId)!);
            expect(cheaperThanAnAccepted).toBe(false);
            expect(covered).toBe(true);
          }
        }
      }),
    );
  });

  it("is deterministic and independent of the order of its input", () => {
    fc.assert(
      fc.property(
        arbBids
          .map(uniqueIds)
          .chain((bids) => fc.tuple(fc.constant(bids), fc.shuffledSubarray(bids, { minLength: bids.length }))),
        ([bids, shuffled]) => {
          const frozen = JSON.stringify(bids);
          const a = decideSandboxBids(competition, bids);
          expect(JSON.stringify(bids)).toBe(frozen);
          expect(decideSandboxBids(competition, shuffled)).toEqual(a);
          for (const windowId of ["sw1", "sw2"]) {
            const ranks = a.filter((d) => d.serviceWindowId === windowId).map((d) => d.rank);
            expect(ranks).toEqual(ranks.map((_, i) => i + 1));
          }
        },
      ),
    );
  });
});
