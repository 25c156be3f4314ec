/**
 * One invariant suite, run over EVERY registered mechanism (after the ASSUME framework's clearing registry): register a mechanism in
 * registry.ts and it is checked here without further work. Properties with fast-check, plus a reference model
 * (comparator sort + greedy walk) that every mechanism must agree with.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MARKET_CATALOGUE } from "../markets/catalogue.js";
import { compareOrders } from "./merit-order.js";
import { referenceClearing } from "./reference.js";
import { CLEARING_MECHANISMS, clear, getMechanism, MECHANISM_NAMES } from "./registry.js";
import type { ClearingInput, ClearingMechanism, ClearingResult, Order } from "./types.js";

const RUNS = 200;

/** Inputs: unique ids, quantities in whole steps, small price/time domains (ties) or wide ones, long or short. */
const inputArb: fc.Arbitrary<ClearingInput> = fc
  .record({
    step: fc.constantFrom(1, 2, 1000),
    narrow: fc.boolean(),
    rows: fc.array(
      fc.record({
        p: fc.integer({ min: -1_500_000, max: 1_500_000 }),
        pSmall: fc.integer({ min: -2, max: 6 }),
        t: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_600_000 }),
        tSmall: fc.integer({ min: 0, max: 3 }),
        k: fc.integer({ min: 1, max: 6 }),
      }),
      { maxLength: 70, size: "max" },
    ),
    demandSteps: fc.integer({ min: 0, max: 120 }),
    demandExtra: fc.integer({ min: 0, max: 999 }),
    guide: fc.option(fc.integer({ min: -2, max: 6 }), { nil: undefined }),
    seed: fc.option(fc.integer(), { nil: undefined }),
    activationShare: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  })
  .chain((g) =>
    fc
      .shuffledSubarray(
        g.rows.map((_, i) => `bid-${i}`),
        { minLength: g.rows.length, maxLength: g.rows.length },
      )
      .map((ids) => {
        const orders: Order[] = g.rows.map((r, i) => ({
          id: ids[i]!,
          price: g.narrow ? r.pSmall : r.p,
          quantity: r.k * g.step,
          submittedAt: g.narrow ? r.tSmall : r.t,
        }));
        const demand = g.demandSteps * g.step + (g.demandExtra % g.step);
        const input: {
          demand: number;
          orders: Order[];
          step: number;
          guidePrice?: number | null;
          seed?: number;
          activationVolume?: number;
        } = { demand, orders, step: g.step };
        if (g.guide !== undefined && g.narrow) input.guidePrice = g.guide;
        if (g.seed !== undefined) input.seed = g.seed;
        if (g.activationShare !== undefined) input.activationVolume = Math.floor((demand * g.activationShare) / 100);
        return input as ClearingInput;
      }),
  );

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe("the registry", () => {
  it("lists the four mechanisms by name, each under its own name", () => {
    expect(MECHANISM_NAMES).toEqual(["pay-as-cleared", "pay-as-bid", "marginal-energy", "dso-window"]);
    for (const name of MECHANISM_NAMES) {
      expect(getMechanism(name)?.name).toBe(name);
      expect(CLEARING_MECHANISMS[name].name).toBe(name);
    }
    expect(getMechanism("toString")).toBeUndefined();
    expect(getMechanism("pay-as-you-like")).toBeUndefined();
  });

  it("maps each TSO market to its mechanism (the market catalogue's rows)", () => {
    expect(Object.fromEntries(MARKET_CATALOGUE.rows.map((r) => [r.name, r.mechanism]))).toEqual({
      FCR: "pay-as-cleared",
      AFRRCapacity: "pay-as-bid",
      AFRREnergy: "marginal-energy",
    });
  });

  it("clear(name, input) dispatches by name", () => {
    const input = { demand: 1000, orders: [{ id: "a", price: 5, quantity: 1000, submittedAt: 0 }] };
    expect(clear("pay-as-bid", input)).toEqual(CLEARING_MECHANISMS["pay-as-bid"].clear(input));
  });
});

describe.each(MECHANISM_NAMES.map((name) => [name, CLEARING_MECHANISMS[name]] as const))(
  "invariants of %s",
  (name, mechanism: ClearingMechanism) => {
    const prop = (check: (input: ClearingInput, result: ClearingResult) => void) =>
      fc.assert(
        fc.property(inputArb, (input) => check(input, mechanism.clear(input))),
        { numRuns: RUNS },
      );

    it("accepts at most the demand, in whole steps, never more than offered", () => {
      prop((input, r) => {
        const step = input.step ?? mechanism.defaultStep;
        expect(r.requested).toBeLessThanOrEqual(input.demand);
        expect(r.acceptedTotal).toBeLessThanOrEqual(r.requested);
        expect(r.acceptedTotal).toBe(r.awards.reduce((s, a) => s + a.acceptedQuantity, 0));
        const offered = new Map(input.orders.map((o) => [o.id, o]));
        for (const a of r.awards) {
          expect(a.acceptedQuantity % step).toBe(0);
          expect(a.acceptedQuantity).toBeLessThanOrEqual(offered.get(a.id)!.quantity);
          expect(a.accepted).toBe(a.acceptedQuantity > 0);
          expect(a.reason === null).toBe(a.accepted);
        }
      });
    });

    it("prices every accepted order at or below the clearing price, which is the marginal accepted price", () => {
      prop((input, r) => {
        const price = new Map(input.orders.map((o) => [o.id, o.price]));
        const accepted = r.awards.filter((a) => a.accepted);
        if (accepted.length === 0) expect(r.clearingPrice).toBeNull();
        else expect(r.clearingPrice).toBe(Math.max(...accepted.map((a) => price.get(a.id)!)));
        for (const a of accepted) expect(price.get(a.id)!).toBeLessThanOrEqual(r.clearingPrice!);
      });
    });

    it(`settles ${mechanism.settlement}`, () => {
      prop((input, r) => {
        const price = new Map(input.orders.map((o) => [o.id, o.price]));
        for (const a of r.awards) {
          if (!a.accepted) expect(a.pricePaid).toBeNull();
          else if (mechanism.settlement === "pay-as-cleared") expect(a.pricePaid).toBe(r.clearingPrice);
          else expect(a.pricePaid).toBe(price.get(a.id));
        }
      });
    });

    it("rejects no order cheaper than an accepted one, and rejects for capacity only once it is covered", () => {
      prop((input, r) => {
        const step = input.step ?? mechanism.defaultStep;
        const price = new Map(input.orders.map((o) => [o.id, o.price]));
        const accepted = r.awards.filter((a) => a.accepted).map((a) => price.get(a.id)!);
        const maxAccepted = Math.max(...accepted);
        for (const a of r.awards.filter((x) => !x.accepted)) {
          expect(price.get(a.id)! < maxAccepted).toBe(false);
          if (a.reason === "capacity covered") expect(r.requested - r.acceptedTotal).toBeLessThan(step);
          const guide = input.guidePrice ?? null;
          expect(a.reason === "above guide price").toBe(guide !== null && price.get(a.id)! > guide);
        }
        // at most one partial acceptance, and it is the last accepted order
        const partial = r.awards.filter(
          (a) => a.accepted && a.acceptedQuantity < input.orders.find((o) => o.id === a.id)!.quantity,
        );
        expect(partial.length).toBeLessThanOrEqual(1);
        if (partial.length === 1) expect(partial[0]!.rank).toBe(accepted.length);
      });
    });

    it("lists every order once, in merit order, ranked 1…n", () => {
      prop((input, r) => {
        const sorted = [...input.orders].sort(compareOrders).map((o) => o.id);
        expect(r.meritOrder).toEqual(sorted);
        expect(r.awards.map((a) => a.id)).toEqual(sorted);
        expect(r.awards.map((a) => a.rank)).toEqual(sorted.map((_, i) => i + 1));
      });
    });

    it("agrees with the reference model", () => {
      prop((input, r) => {
        expect(r).toEqual(referenceClearing(mechanism, input, r.requested));
        if (name !== "marginal-energy") expect(r.requested).toBe(input.demand);
      });
    });

    it("does not mutate its input (deep-frozen input, and a snapshot compared after)", () => {
      prop((input) => {
        const snapshot = structuredClone(input);
        const frozen = deepFreeze(structuredClone(input));
        mechanism.clear(frozen);
        expect(frozen).toEqual(snapshot);
        expect(input).toEqual(snapshot);
      });
    });

    it("is deterministic: same input twice → deep-equal and byte-identical JSON", () => {
      prop((input, r) => {
        const again = mechanism.clear(structuredClone(input));
        expect(again).toEqual(r);
        expect(JSON.stringify(again)).toBe(JSON.stringify(r));
      });
    });

    it("gives the same result (merit order included) for any permutation of the orders", () => {
      fc.assert(
        fc.property(
          inputArb.chain((input) =>
            fc
              .shuffledSubarray([...input.orders], { minLength: input.orders.length, maxLength: input.orders.length })
              .map((orders) => [input, { ...input, orders }] as const),
          ),
          ([input, permuted]) => {
            const a = mechanism.clear(input);
            const b = mechanism.clear(permuted);
            expect(b.meritOrder).toEqual(a.meritOrder);
            expect(JSON.stringify(b)).toBe(JSON.stringify(a));
          },
        ),
        { numRuns: RUNS },
      );
    });
  },
);
