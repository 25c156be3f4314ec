/** Golden worked examples for marginal-energy (aFRR energy, one quarter-hour). kW (step 1000), euro-cents/MWh. */
import { describe, expect, it } from "vitest";
import { clearMarginalEnergy, marginalEnergy, resolveActivationVolume } from "./marginal-energy.js";
import { ClearingInputError, type Order } from "./types.js";

const o = (id: string, price: number, quantity: number, submittedAt: number): Order => ({
  id,
  price,
  quantity,
  submittedAt,
});

// A quarter-hour merit order: 80.00, 95.50, 95.50 (later), 140.00, 260.00 EUR/MWh; 10 MW of need at most.
const ORDERS = [
  o("e5", 26_000, 2000, 10),
  o("e2", 9_550, 2000, 30),
  o("e1", 8_000, 3000, 40),
  o("e3", 9_550, 1000, 20),
  o("e4", 14_000, 4000, 50),
];

describe("marginal-energy (aFRR energy)", () => {
  it("is registered with whole-MW steps and marginal pricing", () => {
    expect(marginalEnergy.name).toBe("marginal-energy");
    expect(marginalEnergy.defaultStep).toBe(1000);
    expect(marginalEnergy.settlement).toBe("pay-as-cleared");
  });

  it("worked example: 5 MW activated of 10 MW", () => {
    // Merit order: e1 (80.00) → e3 (95.50, t=20) → e2 (95.50, t=30) → e4 (140.00) → e5 (260.00).
    // 5 MW: e1 3 MW (2 left), e3 1 MW (1 left), e2 1 MW of 2 (partial), e4 and e5 not activated.
    // All activated energy is paid the marginal price 95.50 EUR/MWh.
    const result = clearMarginalEnergy({ demand: 10_000, activationVolume: 5000, orders: ORDERS });
    expect(result).toEqual({
      mechanism: "marginal-energy",
      requested: 5000,
      step: 1000,
      clearingPrice: 9550,
      acceptedTotal: 5000,
      meritOrder: ["e1", "e3", "e2", "e4", "e5"],
      awards: [
        { id: "e1", rank: 1, accepted: true, acceptedQuantity: 3000, pricePaid: 9550, reason: null },
        { id: "e3", rank: 2, accepted: true, acceptedQuantity: 1000, pricePaid: 9550, reason: null },
        { id: "e2", rank: 3, accepted: true, acceptedQuantity: 1000, pricePaid: 9550, reason: null },
        { id: "e4", rank: 4, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
        { id: "e5", rank: 5, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
      ],
    });
  });

  it("draws the activated volume from the seed: seed 42 activates 7 MW of 10 MW", () => {
    // 7 MW: e1 3, e3 1, e2 2, e4 1 of 4 → marginal price 140.00 EUR/MWh.
    expect(resolveActivationVolume({ demand: 10_000, orders: [], seed: 42 }, 1000)).toBe(7000);
    const result = clearMarginalEnergy({ demand: 10_000, seed: 42, orders: ORDERS });
    expect(result.requested).toBe(7000);
    expect(result.clearingPrice).toBe(14_000);
    expect(result.awards.map((a) => a.acceptedQuantity)).toEqual([3000, 1000, 2000, 1000, 0]);
    expect(result.awards.filter((a) => a.accepted).every((a) => a.pricePaid === 14_000)).toBe(true);
  });

  it("seed 7 draws no activation: nothing accepted", () => {
    const result = clearMarginalEnergy({ demand: 10_000, seed: 7, orders: ORDERS });
    expect([result.requested, result.acceptedTotal, result.clearingPrice]).toEqual([0, 0, null]);
  });

  it("a given activation volume wins over the seed", () => {
    expect(clearMarginalEnergy({ demand: 10_000, seed: 42, activationVolume: 3000, orders: ORDERS }).requested).toBe(
      3000,
    );
  });

  it("without a volume or a seed the whole demand is activated (supply 12 MW > 10 MW)", () => {
    const result = clearMarginalEnergy({ demand: 10_000, orders: ORDERS });
    expect(result.requested).toBe(10_000);
    // e1 3, e3 1, e2 2, e4 4 = 10 MW exactly; marginal 140.00.
    expect(result.awards.map((a) => a.acceptedQuantity)).toEqual([3000, 1000, 2000, 4000, 0]);
    expect(result.clearingPrice).toBe(14_000);
  });

  it("an activation above the demand is an input bug", () => {
    expect(() => clearMarginalEnergy({ demand: 1000, activationVolume: 2000, orders: [] })).toThrow(ClearingInputError);
    expect(() => clearMarginalEnergy({ demand: 1000, activationVolume: 1.5, orders: [] })).toThrow("activationVolume");
  });
});
