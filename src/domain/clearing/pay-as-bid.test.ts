/** Golden worked examples for pay-as-bid (aFRR capacity). kW (step 1000), euro-cents per MW/h. */
import { describe, expect, it } from "vitest";
import { clearPayAsBid, payAsBid } from "./pay-as-bid.js";
import type { Order } from "./types.js";

const o = (id: string, price: number, quantity: number, submittedAt: number): Order => ({
  id,
  price,
  quantity,
  submittedAt,
});

describe("pay-as-bid (aFRR capacity)", () => {
  it("is registered with whole-MW steps and own-price settlement", () => {
    expect(payAsBid.name).toBe("pay-as-bid");
    expect(payAsBid.defaultStep).toBe(1000);
    expect(payAsBid.settlement).toBe("pay-as-bid");
  });

  it("worked example: demand 5 MW; A 2 MW@10, B 2 MW@12, C 3 MW@12 (earlier), D 1 MW@20", () => {
    // Same merit order as pay-as-cleared: A → C → B → D; A and C accepted (2 + 3 MW).
    // Each is paid its own price: A 10.00, C 12.00. clearingPrice 12.00 is the marginal price, for information.
    const result = clearPayAsBid({
      demand: 5000,
      orders: [o("A", 1000, 2000, 300), o("B", 1200, 2000, 200), o("C", 1200, 3000, 100), o("D", 2000, 1000, 50)],
    });
    expect(result).toEqual({
      mechanism: "pay-as-bid",
      requested: 5000,
      step: 1000,
      clearingPrice: 1200,
      acceptedTotal: 5000,
      meritOrder: ["A", "C", "B", "D"],
      awards: [
        { id: "A", rank: 1, accepted: true, acceptedQuantity: 2000, pricePaid: 1000, reason: null },
        { id: "C", rank: 2, accepted: true, acceptedQuantity: 3000, pricePaid: 1200, reason: null },
        { id: "B", rank: 3, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
        { id: "D", rank: 4, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
      ],
    });
  });

  it("partially accepts the marginal order in whole MW and pays it its own price", () => {
    // demand 7 MW: E 4 MW@3.50 (3 MW left), F 5 MW@4.20 → 3 MW, G 1 MW@9.99 rejected.
    const result = clearPayAsBid({
      demand: 7000,
      orders: [o("G", 999, 1000, 1), o("F", 420, 5000, 1), o("E", 350, 4000, 1)],
    });
    expect(result.awards.map((a) => [a.id, a.acceptedQuantity, a.pricePaid, a.reason])).toEqual([
      ["E", 4000, 350, null],
      ["F", 3000, 420, null],
      ["G", 0, null, "capacity covered"],
    ]);
    expect(result.clearingPrice).toBe(420);
  });

  it("demand exceeding supply: all accepted, each at its own price", () => {
    const result = clearPayAsBid({ demand: 50_000, orders: [o("E", 350, 4000, 1), o("F", 420, 5000, 1)] });
    expect(result.acceptedTotal).toBe(9000);
    expect(result.awards.map((a) => a.pricePaid)).toEqual([350, 420]);
    expect(result.clearingPrice).toBe(420);
  });

  it("demand zero and no orders", () => {
    expect(clearPayAsBid({ demand: 0, orders: [o("E", 350, 4000, 1)] }).awards[0]).toEqual({
      id: "E",
      rank: 1,
      accepted: false,
      acceptedQuantity: 0,
      pricePaid: null,
      reason: "capacity covered",
    });
    const empty = clearPayAsBid({ demand: 3000, orders: [] });
    expect([empty.clearingPrice, empty.acceptedTotal, empty.awards]).toEqual([null, 0, []]);
  });
});
