/**
 * The merit order's fast path (typed columns, LSD radix sort on a composite key, tie runs by id) against the
 * obvious comparator sort, over every code path: small inputs (insertion sort), the composite key, the two-key
 * fallback (spans too wide for one key), the comparator fallback (spans beyond 2^53), long tie runs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareOrders, sortMeritOrder } from "./merit-order.js";
import { generateSyntheticMarket } from "./synthetic.js";
import { ClearingInputError, type Order } from "./types.js";

const byComparator = (orders: readonly Order[]): string[] => [...orders].sort(compareOrders).map((o) => o.id);
const byMeritOrder = (orders: readonly Order[]): string[] => Array.from(sortMeritOrder(orders), (i) => orders[i]!.id);

/** Orders with unique ids ("o0", "o1", …) from price and time arbitraries. */
const ordersArb = (price: fc.Arbitrary<number>, time: fc.Arbitrary<number>, maxLength: number) =>
  fc
    .array(fc.record({ price, submittedAt: time, quantity: fc.integer({ min: 1, max: 5 }) }), {
      maxLength,
      size: "max",
    })
    .chain((rows) =>
      // ids unique but in an order unrelated to the input position
      fc
        .shuffledSubarray(
          rows.map((_, i) => `o${i}`),
          { minLength: rows.length, maxLength: rows.length },
        )
        .map((ids) => rows.map((r, i) => ({ id: ids[i]!, ...r }))),
    );

describe("merit order", () => {
  it("ranks by price, then earliest submission, then lowest id", () => {
    const orders = [
      { id: "d", price: 5, quantity: 1, submittedAt: 1 },
      { id: "c", price: 3, quantity: 1, submittedAt: 9 },
      { id: "b", price: 3, quantity: 1, submittedAt: 2 },
      { id: "a", price: 3, quantity: 1, submittedAt: 9 },
      { id: "e", price: -1, quantity: 1, submittedAt: 100 },
    ];
    expect(byMeritOrder(orders)).toEqual(["e", "b", "a", "c", "d"]);
  });

  it.each([
    ["narrow spans (many ties)", fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 3 }), 200],
    [
      "market-like spans",
      fc.integer({ min: -1_500_000, max: 1_500_000 }),
      fc.integer({ min: 1.7e12, max: 1.8e12 }),
      120,
    ],
    [
      "spans too wide for one key (two-key radix)",
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.integer({ min: 0, max: 2 ** 40 }),
      120,
    ],
    [
      "spans beyond 2^53 (comparator fallback)",
      fc.constantFrom(-(2 ** 52), 0, 1, 2 ** 52),
      fc.constantFrom(-Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER),
      60,
    ],
  ])("equals the comparator sort: %s", (_name, price, time, maxLength) => {
    fc.assert(
      fc.property(ordersArb(price, time, maxLength), (orders) => {
        expect(byMeritOrder(orders)).toEqual(byComparator(orders));
      }),
      { numRuns: 150 },
    );
  });

  it("does not take keys equal in their low word only for ties (packed words)", () => {
    // 40 orders: 6 index bits; times 2^26 apart (span < 2^31), so every key has the same low 26 bits;
    // ids against time order
    const orders = Array.from({ length: 40 }, (_, i) => ({
      id: `k${99 - i}`,
      price: i < 32 ? 7 : 8,
      quantity: 1,
      submittedAt: 1_767_225_600_000 + (i % 32) * 2 ** 26,
    }));
    expect(byMeritOrder(orders)).toEqual(byComparator(orders));
  });

  it("does not take keys equal in their low word only for ties (unpacked words)", () => {
    // price and time spans 2^31 − 1: 62 key bits, no room for the index; prices 0, 2, 4, … at one instant
    // give keys k · 2^32 + 5, equal in their low word; ids against price order
    const t0 = 1_767_225_600_000;
    const orders = [
      ...Array.from({ length: 40 }, (_, k) => ({ id: `k${99 - k}`, price: 2 * k, quantity: 1, submittedAt: t0 + 5 })),
      { id: "last", price: 2 ** 31 - 1, quantity: 1, submittedAt: t0 + 2 ** 31 - 1 },
    ];
    expect(byMeritOrder(orders)).toEqual(byComparator(orders));
  });

  it("orders a long tie run (same price and time) by id", () => {
    const orders = Array.from({ length: 100 }, (_, i) => ({
      id: `t-${(i * 37) % 100}`,
      price: 7,
      quantity: 1,
      submittedAt: 5,
    }));
    expect(byMeritOrder(orders)).toEqual(byComparator(orders));
  });

  it("equals the comparator sort on 70,000 synthetic orders (16-bit digits)", () => {
    const { input } = generateSyntheticMarket({ seed: 3, market: "AFRREnergy", bidCount: 70_000 });
    const fast = byMeritOrder(input.orders);
    const slow = byComparator(input.orders);
    // the first mismatch, not a 70,000-line diff
    expect(fast.length).toBe(slow.length);
    expect(fast.findIndex((id, i) => id !== slow[i])).toBe(-1);
  });

  it("throws on a duplicate id that ties in price and time, on every path", () => {
    const dup = (n: number, price: (i: number) => number) =>
      Array.from({ length: n }, (_, i) => ({
        id: i === n - 1 ? "x0" : `x${i}`,
        price: price(i),
        quantity: 1,
        submittedAt: 0,
      }));
    expect(() => sortMeritOrder(dup(3, () => 1))).toThrow(ClearingInputError);
    expect(() => sortMeritOrder(dup(50, () => 1))).toThrow(ClearingInputError);
    expect(() => sortMeritOrder(dup(50, (i) => (i === 0 || i === 49 ? 2 ** 52 : -(2 ** 52))))).toThrow(
      ClearingInputError,
    );
  });

  it("does not touch its input", () => {
    const orders = Object.freeze(
      Array.from({ length: 40 }, (_, i) => Object.freeze({ id: `f${i}`, price: 40 - i, quantity: 1, submittedAt: i })),
    );
    expect(byMeritOrder(orders)[0]).toBe("f39");
  });
});
