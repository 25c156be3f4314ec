/**
 * The fast paths of the shared allocation against the obvious implementation (comparator sort + greedy walk),
 * on inputs large enough to leave the small-input path (> 32 orders) and at the edges of each fast path:
 * - the two-word radix sort (price and time spans < 2^31: exactly at 2^31 − 1, one more → general path,
 *   a single submission time → no time bits);
 * - awards written as small integers (prices and quantities within int32) or as any safe integer (beyond);
 * - the reused workspace (a smaller run after a larger one, a run started while another is reading orders).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { referenceClearing } from "./reference.js";
import { CLEARING_MECHANISMS, MECHANISM_NAMES } from "./registry.js";
import { generateSyntheticMarket } from "./synthetic.js";
import type { ClearingInput, ClearingResult, Order } from "./types.js";

const T0 = 1_767_225_600_000;
const SPAN31 = 2 ** 31 - 1;

/** Integers in [min, max], the two ends drawn often. */
const edgy = (min: number, max: number) => fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max }));

const domains = {
  price: [
    [-3, 3], // many ties
    [-1_500_000, 1_500_000], // market-like
    [-(2 ** 30), 2 ** 30 - 1], // span exactly 2^31 − 1: still the two-word radix
    [-(2 ** 30), 2 ** 30], // span 2^31: general path
    [-(2 ** 31) - 5, 2 ** 31 + 5], // beyond int32: awards as any safe integer
  ],
  time: [
    [T0, T0], // one instant: no time bits
    [T0, T0 + 3],
    [T0, T0 + SPAN31], // span exactly 2^31 − 1
    [T0, T0 + SPAN31 + 1], // span 2^31: general path
  ],
  step: [1, 1000, 2 ** 31], // 2^31: quantities beyond int32
} as const;

const inputArb: fc.Arbitrary<ClearingInput> = fc
  .record({
    p: fc.integer({ min: 0, max: domains.price.length - 1 }),
    t: fc.integer({ min: 0, max: domains.time.length - 1 }),
    step: fc.constantFrom(...domains.step),
    n: fc.integer({ min: 33, max: 260 }),
    demandShare: fc.integer({ min: 0, max: 110 }),
    demandExtra: fc.integer({ min: 0, max: 999 }),
    guide: fc.boolean(),
    seed: fc.integer(),
  })
  .chain((g) => {
    const [pMin, pMax] = domains.price[g.p]!;
    const [tMin, tMax] = domains.time[g.t]!;
    return fc
      .tuple(
        fc.array(fc.tuple(edgy(pMin, pMax), edgy(tMin, tMax), fc.integer({ min: 1, max: 9 })), {
          minLength: g.n,
          maxLength: g.n,
        }),
        fc.option(edgy(pMin, pMax), { nil: null }),
      )
      .map(([rows, guidePrice]) => {
        // ids unique (the suffix), their order unrelated to the position (the seeded prefix)
        const orders: Order[] = rows.map(([price, submittedAt, k], i) => ({
          id: `o${((i * 7919 + g.seed) >>> 0) % 101}-${i}`,
          price,
          submittedAt,
          quantity: k * g.step,
        }));
        const offered = orders.reduce((s, o) => s + o.quantity, 0);
        const demand = Math.floor((offered * g.demandShare) / 100 / g.step) * g.step + (g.demandExtra % g.step);
        return { demand, orders, step: g.step, guidePrice: g.guide ? guidePrice : null } as ClearingInput;
      });
  });

describe.each(MECHANISM_NAMES.map((name) => [name, CLEARING_MECHANISMS[name]] as const))(
  "fast paths of %s",
  (_name, mechanism) => {
    it("equal the reference implementation at every fast path's edges", () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          expect(mechanism.clear(input)).toEqual(referenceClearing(mechanism, input));
        }),
        { numRuns: 250 },
      );
    });
  },
);

describe("the reused workspace", () => {
  const mechanism = CLEARING_MECHANISMS["pay-as-bid"];
  const market = (seed: number, bidCount: number) =>
    generateSyntheticMarket({ seed, market: "AFRRCapacity", bidCount, demandMw: bidCount * 2 }).input;

  it("gives a smaller run after a larger one (and the larger again) the same results as a fresh run", () => {
    const big = market(1, 5000);
    const small = market(2, 300);
    const bigFirst = mechanism.clear(big);
    expect(bigFirst).toEqual(referenceClearing(mechanism, big));
    expect(mechanism.clear(small)).toEqual(referenceClearing(mechanism, small));
    expect(mechanism.clear(big)).toEqual(bigFirst);
  });

  it("never shares arrays between a run and one started while it reads its orders", () => {
    const inner = market(3, 400);
    let innerResult: ClearingResult | undefined;
    const outer = market(4, 600);
    const orders = outer.orders.map((o, i) =>
      i === 300
        ? {
            id: o.id,
            quantity: o.quantity,
            submittedAt: o.submittedAt,
            get price() {
              innerResult ??= mechanism.clear(inner); // runs mid-way through the outer run's reading
              return o.price;
            },
          }
        : o,
    );
    const outerInput = { ...outer, orders };
    expect(mechanism.clear(outerInput)).toEqual(referenceClearing(mechanism, outer));
    expect(innerResult).toEqual(referenceClearing(mechanism, inner));
  });
});
