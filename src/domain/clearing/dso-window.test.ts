/**
 * Golden worked examples for dso-window (marketplace DSO sandbox): quantities in milli-MW (step 1 milli-MW),
 * prices in pence of the competition's ranking rate, ties by earliest ballot then lowest bid id.
 */
import { describe, expect, it } from "vitest";
import { clearDsoWindow, clearServiceWindows, dsoWindow, toDsoWindowInput } from "./dso-window.js";
import type { Order } from "./types.js";

const T1 = 1_750_000_000_000; // ballot created first
const T2 = T1 + 60_000; // a minute later

const bid = (id: string, price: number, quantity: number, submittedAt: number): Order => ({
  id,
  price,
  quantity,
  submittedAt,
});

// capacity_required "1.250" MW; guide price £14.00.
// P1 0.500 MW @ £12.00 (T1), P2 0.600 MW @ £10.00 (T2), P3 0.400 MW @ £10.00 (T1),
// P4 1.000 MW @ £15.00 (T1, above the guide price), P5 0.300 MW @ £13.00 (T2).
const BIDS = [
  bid("P1", 1200, 500, T1),
  bid("P2", 1000, 600, T2),
  bid("P3", 1000, 400, T1),
  bid("P4", 1500, 1000, T1),
  bid("P5", 1300, 300, T2),
];

describe("dso-window (marketplace)", () => {
  it("is registered with milli-MW steps and own-price settlement", () => {
    expect(dsoWindow.name).toBe("dso-window");
    expect(dsoWindow.defaultStep).toBe(1);
    expect(dsoWindow.settlement).toBe("pay-as-bid");
  });

  it("worked example: 1.250 MW required, guide £14.00", () => {
    // Merit order: P3 (£10.00, earlier ballot) → P2 (£10.00) → P1 (£12.00) → P5 (£13.00) → P4 (£15.00).
    // P3 0.400 (0.850 left), P2 0.600 (0.250 left), P1 0.250 of 0.500 (covered), P5 "capacity covered",
    // P4 "above guide price". Each accepted bid is paid its own rate.
    const result = clearDsoWindow({ demand: 1250, guidePrice: 1400, orders: BIDS });
    expect(result).toEqual({
      mechanism: "dso-window",
      requested: 1250,
      step: 1,
      clearingPrice: 1200,
      acceptedTotal: 1250,
      meritOrder: ["P3", "P2", "P1", "P5", "P4"],
      awards: [
        { id: "P3", rank: 1, accepted: true, acceptedQuantity: 400, pricePaid: 1000, reason: null },
        { id: "P2", rank: 2, accepted: true, acceptedQuantity: 600, pricePaid: 1000, reason: null },
        { id: "P1", rank: 3, accepted: true, acceptedQuantity: 250, pricePaid: 1200, reason: null },
        { id: "P5", rank: 4, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "capacity covered" },
        { id: "P4", rank: 5, accepted: false, acceptedQuantity: 0, pricePaid: null, reason: "above guide price" },
      ],
    });
  });

  it("never accepts a bid above the guide price, even when capacity is still needed", () => {
    // 3.000 MW required: P3 0.400 + P2 0.600 + P1 0.500 + P5 0.300 = 1.800 MW; P4 would fit but is above £14.00.
    const result = clearDsoWindow({ demand: 3000, guidePrice: 1400, orders: BIDS });
    expect(result.acceptedTotal).toBe(1800);
    expect(result.clearingPrice).toBe(1300);
    expect(result.awards.at(-1)).toEqual({
      id: "P4",
      rank: 5,
      accepted: false,
      acceptedQuantity: 0,
      pricePaid: null,
      reason: "above guide price",
    });
  });

  it("a bid exactly at the guide price is eligible", () => {
    const result = clearDsoWindow({ demand: 3000, guidePrice: 1500, orders: BIDS });
    expect(result.acceptedTotal).toBe(2800);
    expect(result.awards.at(-1)?.acceptedQuantity).toBe(1000);
  });

  it("no guide price, no such rule", () => {
    const result = clearDsoWindow({ demand: 3000, guidePrice: null, orders: BIDS });
    expect(result.acceptedTotal).toBe(2800);
    expect(clearDsoWindow({ demand: 1250, orders: BIDS }).awards.at(-1)?.reason).toBe("capacity covered");
  });

  it("ties at the same price and ballot time go to the lowest bid id", () => {
    const result = clearDsoWindow({ demand: 100, orders: [bid("b-2", 900, 100, T1), bid("b-10", 900, 100, T1)] });
    // "b-10" < "b-2" in code-unit order.
    expect(result.meritOrder).toEqual(["b-10", "b-2"]);
    expect(result.awards.map((a) => a.accepted)).toEqual([true, false]);
  });

  it("all bids above the guide price: nothing accepted", () => {
    const result = clearDsoWindow({ demand: 1250, guidePrice: 900, orders: BIDS });
    expect(result.clearingPrice).toBeNull();
    expect(result.awards.every((a) => a.reason === "above guide price")).toBe(true);
  });

  it("clears service windows one by one from marketplace bids", () => {
    const results = clearServiceWindows([
      {
        serviceWindowId: "sw-evening",
        capacityRequired: 1250,
        guidePrice: 1400,
        bids: BIDS.map((b) => ({ bidId: b.id, capacity: b.quantity, price: b.price, ballotCreatedAt: b.submittedAt })),
      },
      { serviceWindowId: "sw-morning", capacityRequired: 500, guidePrice: null, bids: [] },
    ]);
    expect(results.map((r) => r.serviceWindowId)).toEqual(["sw-evening", "sw-morning"]);
    expect(results[0]?.result).toEqual(clearDsoWindow({ demand: 1250, guidePrice: 1400, orders: BIDS }));
    expect(results[1]?.result.awards).toEqual([]);
    expect(
      toDsoWindowInput({
        serviceWindowId: "x",
        capacityRequired: 1,
        guidePrice: null,
        bids: [{ bidId: "b", capacity: 1, price: 2, ballotCreatedAt: 3 }],
      }),
    ).toEqual({ demand: 1, guidePrice: null, step: 1, orders: [{ id: "b", price: 2, quantity: 1, submittedAt: 3 }] });
  });
});
