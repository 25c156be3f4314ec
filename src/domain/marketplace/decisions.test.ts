import { describe, expect, it } from "vitest";
import { type RankableBid, rankWindowBids, validateBidDecision } from "./decisions.js";
import { CLOSED, makeCompetition } from "./test-fixtures.js";
import type { Rate } from "./types.js";

const bidOf = (id: string, ballotCreated: number, rates: Rate[], serviceWindowId = "sw1"): RankableBid => ({
  id,
  serviceWindowId,
  ballotCreated,
  capacityMilliMw: 1000,
  rates,
});
const av = (pence: number): Rate => ({ type: "availability", pence });
const ut = (pence: number): Rate => ({ type: "utilisation", pence });
const fee = (pence: number): Rate => ({ type: "service_fee", pence });

describe("rankWindowBids", () => {
  it("ranks an Availability window by availability rate, cheapest first", () => {
    const bids = [bidOf("b1", 1, [av(300)]), bidOf("b2", 2, [av(100)]), bidOf("b3", 3, [av(200)])];
    expect(rankWindowBids("Availability", "sw1", bids).map((r) => [r.rank, r.bid.id, r.priceKey])).toEqual([
      [1, "b2", [100]],
      [2, "b3", [200]],
      [3, "b1", [300]],
    ]);
  });

  it("ranks a Utilisation window by utilisation rate", () => {
    const bids = [bidOf("b1", 1, [ut(300)]), bidOf("b2", 2, [ut(100)])];
    expect(rankWindowBids("Utilisation", "sw1", bids).map((r) => r.bid.id)).toEqual(["b2", "b1"]);
  });

  it("ranks a Service Fee window by service fee", () => {
    const bids = [bidOf("b1", 1, [fee(5)]), bidOf("b2", 2, [fee(4)])];
    expect(rankWindowBids("Service Fee", "sw1", bids).map((r) => r.bid.id)).toEqual(["b2", "b1"]);
  });

  it("ranks Availability & Utilisation by availability, then utilisation", () => {
    const bids = [
      bidOf("b1", 1, [av(100), ut(500)]),
      bidOf("b2", 2, [av(100), ut(400)]),
      bidOf("b3", 3, [av(50), ut(900)]),
    ];
    expect(rankWindowBids("Availability & Utilisation", "sw1", bids).map((r) => r.bid.id)).toEqual(["b3", "b2", "b1"]);
  });

  it("breaks equal prices by the earliest ballot, then the lowest bid id", () => {
    const bids = [bidOf("b9", 20, [av(100)]), bidOf("b5", 10, [av(100)]), bidOf("b2", 20, [av(100)])];
    expect(rankWindowBids("Availability", "sw1", bids).map((r) => r.bid.id)).toEqual(["b5", "b2", "b9"]);
  });

  it("ranks only the window asked for and leaves its input untouched", () => {
    const bids = [bidOf("b1", 1, [av(300)]), bidOf("b2", 2, [av(100)], "sw2"), bidOf("b3", 3, [av(200)])];
    const copy = structuredClone(bids);
    expect(rankWindowBids("Availability", "sw1", bids).map((r) => r.bid.id)).toEqual(["b3", "b1"]);
    expect(bids).toEqual(copy);
  });
});

describe("validateBidDecision", () => {
  const ctx = { competition: makeCompetition(), now: CLOSED, bid: { id: "b1", capacityMilliMw: 1250 } };

  it.each([
    [{ status: "accepted" }, { status: "accepted", acceptedCapacityMilliMw: 1250, reason: null }],
    [
      { status: "accepted", accepted_capacity: "1.250" },
      { status: "accepted", acceptedCapacityMilliMw: 1250, reason: null },
    ],
    [
      { status: "accepted", accepted_capacity: "0.001", reason: "partial need" },
      { status: "accepted", acceptedCapacityMilliMw: 1, reason: "partial need" },
    ],
    [
      { status: "rejected", reason: "price above guide" },
      { status: "rejected", reason: "price above guide" },
    ],
  ])("accepts %j", (body, decision) => {
    expect(validateBidDecision(body, ctx)).toEqual({ ok: true, value: decision });
  });

  it.each([
    [{ status: "accepted", accepted_capacity: "0" }, "capacity_invalid", "accepted_capacity"],
    [{ status: "accepted", accepted_capacity: "1.251" }, "capacity_invalid", "accepted_capacity"],
    [{ status: "accepted", accepted_capacity: "1.2501" }, "decimal_invalid", "accepted_capacity"],
    [{ status: "accepted", accepted_capacity: "-1" }, "decimal_invalid", "accepted_capacity"],
    [{ status: "accepted", accepted_capacity: 1 }, "decimal_invalid", "accepted_capacity"],
    [{ status: "rejected" }, "validation_failed", "reason"],
    [{ status: "rejected", reason: "   " }, "validation_failed", "reason"],
    [{ status: "rejected", reason: "x".repeat(1001) }, "validation_failed", "reason"],
    [{ status: "rejected", reason: 42 }, "validation_failed", "reason"],
    [{ status: "rejected", reason: "too dear", accepted_capacity: "1" }, "validation_failed", "accepted_capacity"],
    [{ status: "maybe" }, "validation_failed", "status"],
    [{}, "validation_failed", "status"],
    [{ status: "accepted", price: "1" }, "validation_failed", "price"],
  ])("rejects %j with %s", (body, code, field) => {
    expect(validateBidDecision(body, ctx)).toMatchObject({ ok: false, error: { code, field } });
  });

  it.each([[null], [[]], ["accepted"]])("rejects the non-object %j", (body) => {
    expect(validateBidDecision(body, ctx)).toMatchObject({ ok: false, error: { code: "validation_failed" } });
  });

  it("refuses decisions before the competition closes", () => {
    expect(validateBidDecision({ status: "accepted" }, { ...ctx, now: CLOSED - 1 })).toMatchObject({
      ok: false,
      error: { code: "competition_not_closed" },
    });
  });

  it("refuses decisions once results are published", () => {
    const published = { ...ctx, competition: makeCompetition({ resultsPublished: true }) };
    expect(validateBidDecision({ status: "accepted" }, published)).toMatchObject({
      ok: false,
      error: { code: "results_already_published" },
    });
  });
});
