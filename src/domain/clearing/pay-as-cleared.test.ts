/**
 * Golden worked examples for pay-as-cleared (FCR). Quantities in kW (1 MW = 1000 kW, step 1000), prices in
 * euro-cents. Every expected number is written out by hand.
 */
import { describe, expect, it } from "vitest";
import { clearPayAsCleared, payAsCleared } from "./pay-as-cleared.js";
import { ClearingInputError, type Order } from "./types.js";

const o = (id: string, price: number, quantity: number, submittedAt: number): Order => ({
  id,
  price,
  quantity,
  submittedAt,
});

describe("pay-as-cleared (FCR)", () => {
  it("is registered with whole-MW steps and marginal pricing", () => {
    expect(payAsCleared.name).toBe("pay-as-cleared");
    expect(payAsCleared.defaultStep).toBe(1000);
    expect(payAsCleared.settlement).toBe("pay-as-cleared");
  });

  it("worked example: demand 5 MW; A 2 MW@10, B 2 MW@12, C 3 MW@12 (earlier), D 1 MW@20", () => {
    // Merit order: A (10.00) → C (12.00, submitted at t=100) → B (12.00, t=200) → D (20.00).
    // A takes 2 MW (3 MW left), C takes 3 MW (0 left): demand covered; B and D rejected.
    // Marginal price = price of the last accepted order (C) = 12.00 EUR, paid to A and C alike.
    const result = clearPayAsCleared({
      demand: 5000,
      orders: [o("A", 1000, 2000, 300), o("B", 1200, 2000, 200), o("C", 1200, 3000, 100), o("D", 2000, 1000, 50)],
    });
    expect(result).toEqual({
      mechanism: "pay-as-cleared",
      requested: 5000,
      step: 1000,
      clearingPrice: 1200,
      acceptedTotal: 5000,
      meritOrder: ["A", "C", "B", "D"],
      awards: [
        { id: "A", rank: 1, accepted: true, acceptedQuantity: 2000, pricePaid: 1200, reason: null },
        { id: "C", rank: 2, accepted: true, acceptedQuantity: 3000, pricePaid: 1200, reason: null },
        { id: "B", rank: 3, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
        { id: "D", rank: 4, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
      ],
    });
  });

  it("accepts the marginal order partially, in whole MW", () => {
    // demand 5 MW: A 2 MW@10 (3 MW left), B 4 MW@11 → 3 MW of it, C 3 MW@15 rejected. Clearing price 11.00.
    const result = clearPayAsCleared({
      demand: 5000,
      orders: [o("C", 1500, 3000, 1), o("B", 1100, 4000, 2), o("A", 1000, 2000, 3)],
    });
    expect(result.clearingPrice).toBe(1100);
    expect(result.acceptedTotal).toBe(5000);
    expect(result.awards.map((a) => [a.id, a.acceptedQuantity, a.pricePaid])).toEqual([
      ["A", 2000, 1100],
      ["B", 3000, 1100],
      ["C", 0, null],
    ]);
  });

  it("rounds the marginal acceptance down to a whole MW: demand 5.5 MW buys 5 MW", () => {
    // A 2 MW@10 (3.5 MW left); B 5 MW@11 takes floor(3.5) = 3 MW; 0.5 MW stays unbought (accepted ≤ demand).
    const result = clearPayAsCleared({ demand: 5500, orders: [o("A", 1000, 2000, 1), o("B", 1100, 5000, 2)] });
    expect(result.requested).toBe(5500);
    expect(result.acceptedTotal).toBe(5000);
    expect(result.awards.map((a) => a.acceptedQuantity)).toEqual([2000, 3000]);
    expect(result.clearingPrice).toBe(1100);
  });

  it("buys nothing when less than one MW is demanded", () => {
    const result = clearPayAsCleared({ demand: 500, orders: [o("A", 1000, 1000, 1)] });
    expect(result.clearingPrice).toBeNull();
    expect(result.acceptedTotal).toBe(0);
    expect(result.awards).toEqual([
      { id: "A", rank: 1, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
    ]);
  });

  it("breaks price ties by earliest submission, then lowest id", () => {
    // All at 8.00: Z submitted at t=50 first; X "b" and Y "a" both at t=100 → id "a" before "b".
    // demand 2 MW: Z 1 MW, Y 1 MW; X rejected.
    const result = clearPayAsCleared({
      demand: 2000,
      orders: [o("b", 800, 1000, 100), o("a", 800, 1000, 100), o("c", 800, 1000, 50)],
    });
    expect(result.meritOrder).toEqual(["c", "a", "b"]);
    expect(result.awards.map((a) => a.accepted)).toEqual([true, true, false]);
  });

  it("demand zero: nothing accepted, no clearing price", () => {
    const result = clearPayAsCleared({ demand: 0, orders: [o("A", 1000, 1000, 1), o("B", 900, 2000, 2)] });
    expect(result).toEqual({
      mechanism: "pay-as-cleared",
      requested: 0,
      step: 1000,
      clearingPrice: null,
      acceptedTotal: 0,
      meritOrder: ["B", "A"],
      awards: [
        { id: "B", rank: 1, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
        { id: "A", rank: 2, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
      ],
    });
  });

  it("no orders: an empty result", () => {
    expect(clearPayAsCleared({ demand: 10_000, orders: [] })).toEqual({
      mechanism: "pay-as-cleared",
      requested: 10_000,
      step: 1000,
      clearingPrice: null,
      acceptedTotal: 0,
      meritOrder: [],
      awards: [],
    });
  });

  it("demand exceeding supply: everything accepted in full at the most expensive price", () => {
    // demand 100 MW, supply 2 + 3 MW = 5 MW; clearing price = 25.00 (B), A is paid 25.00 too.
    const result = clearPayAsCleared({ demand: 100_000, orders: [o("B", 2500, 3000, 1), o("A", 1000, 2000, 2)] });
    expect(result.acceptedTotal).toBe(5000);
    expect(result.clearingPrice).toBe(2500);
    expect(result.awards.map((a) => [a.id, a.acceptedQuantity, a.pricePaid])).toEqual([
      ["A", 2000, 2500],
      ["B", 3000, 2500],
    ]);
  });

  it("handles negative prices (the provider pays): -5.00 and 3.00, demand 2 MW", () => {
    const result = clearPayAsCleared({ demand: 2000, orders: [o("P", 300, 1000, 1), o("N", -500, 1000, 2)] });
    expect(result.meritOrder).toEqual(["N", "P"]);
    expect(result.clearingPrice).toBe(300);
    expect(result.awards.map((a) => a.pricePaid)).toEqual([300, 300]);
  });

  it("honours an explicit step", () => {
    // step 500 kW: demand 1.25 MW against A 1.5 MW@10 → 1 MW (two whole steps of 0.5 MW).
    const result = clearPayAsCleared({ demand: 1250, step: 500, orders: [o("A", 1000, 1500, 1)] });
    expect(result.acceptedTotal).toBe(1000);
    expect(result.step).toBe(500);
  });

  it.each([
    ["a quantity of 0", { demand: 1000, orders: [o("A", 1, 0, 1)] }, "orders[0].quantity"],
    ["a quantity that is not whole MW", { demand: 1000, orders: [o("A", 1, 1500, 1)] }, "orders[0].quantity"],
    ["a fractional price", { demand: 1000, orders: [o("A", 1.5, 1000, 1)] }, "orders[0].price"],
    ["a negative demand", { demand: -1, orders: [] }, "demand"],
    ["a fractional demand", { demand: 1.5, orders: [] }, "demand"],
    ["a zero step", { demand: 1000, step: 0, orders: [] }, "step"],
    ["an empty id", { demand: 1000, orders: [o("", 1, 1000, 1)] }, "orders[0].id"],
    ["a fractional submittedAt", { demand: 1000, orders: [o("A", 1, 1000, 0.5)] }, "orders[0].submittedAt"],
    ["a duplicate id that ties", { demand: 1000, orders: [o("A", 1, 1000, 1), o("A", 1, 2000, 1)] }, "orders[1].id"],
  ])("throws ClearingInputError (an upstream bug) for %s", (_what, input, field) => {
    expect(() => clearPayAsCleared(input)).toThrow(ClearingInputError);
    expect(() => clearPayAsCleared(input)).toThrow(`${field}: `); // the message starts with the field
  });
});
