import { describe, expect, it } from "vitest";
import { describeAction, optimizeRequest, type Plan, type PlanAction, submitSteps } from "./optimize-plan.js";

const action = (a: Partial<PlanAction>): PlanAction => ({
  action: "new",
  market: "FCR",
  product: "NEGPOS_16_20",
  deliveryDay: "2026-06-03",
  offeredCapacity: 1000,
  capacityPrice: 12.5,
  energyPrice: null,
  existing: null,
  fixed: null,
  ...a,
});

describe("the optimize panel's confirm list and submit steps", () => {
  it("says what is kept (and why it cannot change), replaced and added", () => {
    const existing = { bidID: "b1", offeredCapacity: 1000, status: "pending" as const };
    expect(describeAction(action({ action: "keep", existing, fixed: "bid_pending", capacityPrice: null }))).toBe(
      "Keep FCR NEGPOS_16_20 2026-06-03: 1 MW, pending (still being placed with the TSO)",
    );
    expect(
      describeAction(
        action({
          action: "replace",
          market: "AFRRCapacity",
          product: "POS_00_04",
          offeredCapacity: 2000,
          capacityPrice: 6,
          energyPrice: 140,
          existing: { ...existing, status: "submitted" },
        }),
      ),
    ).toBe("Replace aFRR POS_00_04 2026-06-03: 1 MW → 2 MW at 6 / 140 EUR/MWh");
    expect(describeAction(action({}))).toBe("Add FCR NEGPOS_16_20 2026-06-03: 1 MW at 12.5");
  });

  it("sends FCR, then aFRR, then the schedule — and no schedule the server said it would refuse", () => {
    const product = { product: "NEGPOS_00_04", deliveryDay: "2026-06-03", bids: [] };
    const plan = {
      bids: { fcr: [product], afrr: [{ ...product, product: "POS_00_04" }] },
      wholesaleBlockID: "blk",
      schedule: [{ time: "2026-06-02T22:00:00Z", power: 0 }],
      scheduleAction: "replace",
    } as unknown as Plan;
    expect(submitSteps(plan).map((s) => `${s.method} ${s.path}`)).toEqual([
      "POST /ancillary/bids",
      "POST /ancillary/bids",
      "PUT /blocks/blk",
    ]);
    expect(submitSteps({ ...plan, scheduleAction: "keep", bids: { fcr: [], afrr: [] } })).toEqual([]);
  });

  it("builds the request body over DST days (92 quarter-hours on the spring day)", () => {
    expect(optimizeRequest("2026-03-29", 1).prices.wholesale).toHaveLength(92);
    expect(optimizeRequest("2026-06-03", 2).prices.fcr).toHaveLength(12);
  });
});
