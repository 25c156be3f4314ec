import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Result } from "../errors.js";
import {
  type BidContext,
  type ExistingBid,
  implicitBidsRejectedWith,
  repriceImplicitEnergyBid,
  type ValidatedBids,
  validateAncillaryBids,
} from "./bids.js";
import type { VirtualAssetSpec } from "./virtual-asset.js";

const utc = (iso: string) => Date.parse(iso);
const DAY = "2026-05-30";
/** 2026-05-28 12:00 in Berlin: every gate of DAY is open, DAY is within the FCR week. */
const NOW = utc("2026-05-28T10:00:00Z");
/** 2026-05-29 14:00 in Berlin: the capacity gates of DAY closed, its energy gates open. */
const AFTER_CAPACITY_GATE = utc("2026-05-29T12:00:00Z");

const ASSET: VirtualAssetSpec = {
  id: "va-1",
  start: utc("2026-01-01T00:00:00Z"),
  end: utc("2027-01-01T00:00:00Z"),
  energyCapacityWh: 20_000_000,
  availableEnergyCapacityWh: 20_000_000,
  ratedChargePowerKw: 10_000,
  ratedDischargePowerKw: 10_000,
  chargeEfficiency: 943_000,
  dischargeEfficiency: 943_000,
  rampRateKwPerMin: 0,
  dailyCycleLimitPpm: 2_000_000,
  annualCycleLimit: 365,
  totalAllowedCycles: 5000,
  dispatchGateClosureSeconds: 480,
  protectedDurationSeconds: 0,
  initialEnergyWh: 10_000_000,
  finalSoCTolerance: 10_000,
};

type Bid = Record<string, unknown>;
const fcr = (product = "NEGPOS_00_04", bid: Bid = {}, deliveryDay = DAY) => ({
  product,
  deliveryDay,
  bids: [{ offeredCapacity: 2000, capacityPrice: 100.5, energyPrice: null, ...bid }],
});
const capacity = (product = "POS_00_04", bid: Bid = {}, deliveryDay = DAY) => ({
  product,
  deliveryDay,
  bids: [{ offeredCapacity: 2000, capacityPrice: 10, energyPrice: 80, ...bid }],
});
const energy = (product = "POS_001", bid: Bid = {}, deliveryDay = DAY) => ({
  product,
  deliveryDay,
  bids: [{ offeredCapacity: 2000, capacityPrice: null, energyPrice: 80, ...bid }],
});
const existing = (bidId: string, product: string, more: Partial<ExistingBid> = {}): ExistingBid => ({
  bidId,
  product,
  deliveryDay: DAY,
  status: "submitted",
  offeredKw: 2000,
  ...more,
});

const run = (body: unknown, ctx: Partial<BidContext> = {}) =>
  validateAncillaryBids(body, { asset: ASSET, now: NOW, existing: [], ...ctx });
const errorOf = (r: Result<unknown>) => (r.ok ? "ok" : { code: r.error.code, field: r.error.field });
const validOf = (r: Result<ValidatedBids>): ValidatedBids => {
  if (!r.ok) expect.unreachable(`expected valid bids, got ${r.error.code} at ${r.error.field}: ${r.error.message}`);
  return r.value;
};

describe("normalised output", () => {
  it("turns an FCR bid into exact units", () => {
    const out = validOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 2000.7, capacityPrice: 100.5 })]));
    expect(out.family).toBe("FCR");
    expect(out.bids).toHaveLength(1);
    const [bid] = out.bids;
    expect(bid).toMatchObject({
      offeredKw: 2000,
      capacityPriceCents: 10050,
      energyPriceCents: null,
      replacesBidId: null,
      parentBidId: null,
      implicitEnergyBids: [],
    });
    expect(bid?.product).toMatchObject({
      code: "NEGPOS_00_04",
      market: "FCR",
      productDateCode: "2026-05-30_NEGPOS_00_04",
      start: utc("2026-05-29T22:00:00Z"),
      end: utc("2026-05-30T02:00:00Z"),
    });
  });

  it("gives each aFRR capacity bid 16 implicit energy bids with its capacity and energy price", () => {
    const out = validOf(
      run([capacity("POS_04_08", { offeredCapacity: 3000, capacityPrice: 12.34, energyPrice: -45.6 })]),
    );
    expect(out.family).toBe("AFRR");
    const bid = out.bids[0]!;
    expect(bid).toMatchObject({ offeredKw: 3000, capacityPriceCents: 1234, energyPriceCents: -4560 });
    expect(bid.implicitEnergyBids.map((e) => e.product.code)).toEqual(
      Array.from({ length: 16 }, (_, i) => `POS_${String(17 + i).padStart(3, "0")}`),
    );
    for (const e of bid.implicitEnergyBids) {
      expect(e).toMatchObject({ offeredKw: 3000, energyPriceCents: -4560, replacesBidId: null });
    }
  });

  it("gives the DST blocks 00_04 12 (spring) and 20 (autumn) implicit energy bids", () => {
    const spring = validOf(run([capacity("NEG_00_04", {}, "2026-03-29")], { now: utc("2026-03-20T10:00:00Z") }));
    expect(spring.bids[0]!.implicitEnergyBids).toHaveLength(12);
    const autumn = validOf(run([capacity("POS_00_04", {}, "2026-10-25")], { now: utc("2026-10-20T10:00:00Z") }));
    expect(autumn.bids[0]!.implicitEnergyBids).toHaveLength(20);
    expect(autumn.bids[0]!.implicitEnergyBids.at(-1)!.product.code).toBe("POS_020");
  });

  it("takes aFRR capacity and aFRR energy in one request", () => {
    const out = validOf(run([capacity("POS_00_04"), energy("POS_017"), energy("NEG_001")]));
    expect(out.bids.map((b) => b.product.market)).toEqual(["AFRRCapacity", "AFRREnergy", "AFRREnergy"]);
  });

  it("accepts an absent price field where null is expected", () => {
    const out = validOf(
      run([{ product: "NEGPOS_04_08", deliveryDay: DAY, bids: [{ offeredCapacity: 1000, capacityPrice: 0 }] }]),
    );
    expect(out.bids[0]).toMatchObject({ offeredKw: 1000, capacityPriceCents: 0, energyPriceCents: null });
  });
});

describe("body shape", () => {
  it.each([
    ["not an array", { product: "NEGPOS_00_04" }],
    ["an empty array", []],
    ["null", null],
  ])("rejects %s", (_, body) => {
    expect(errorOf(run(body))).toEqual({ code: "validation_failed", field: undefined });
  });

  it("rejects non-object products and bids", () => {
    expect(errorOf(run([fcr(), "NEGPOS_04_08"]))).toEqual({ code: "validation_failed", field: "[1]" });
    expect(errorOf(run([{ ...fcr(), bids: [2000] }]))).toEqual({ code: "validation_failed", field: "[0].bids[0]" });
    expect(errorOf(run([{ ...fcr(), bids: [] }]))).toEqual({ code: "validation_failed", field: "[0].bids" });
    expect(errorOf(run([{ ...fcr(), bids: undefined }]))).toEqual({ code: "validation_failed", field: "[0].bids" });
  });

  it("rejects unknown properties, a market field included", () => {
    const withMarket = run([{ market: "FCR", ...fcr() }]);
    expect(errorOf(withMarket)).toEqual({ code: "validation_failed", field: "[0].market" });
    if (!withMarket.ok) expect(withMarket.error.message).toContain("the product code says the market");
    const withId = { ...fcr(), bids: [{ offeredCapacity: 2000, capacityPrice: 1, bidID: "x" }] };
    expect(errorOf(run([withId]))).toEqual({ code: "validation_failed", field: "[0].bids[0].bidID" });
  });
});

describe("delivery day and product", () => {
  it.each([["2026-02-30"], ["30.05.2026"], [20260530], [undefined]])("rejects delivery day %j", (deliveryDay) => {
    expect(errorOf(run([{ ...fcr(), deliveryDay }]))).toEqual({
      code: "delivery_day_invalid",
      field: "[0].deliveryDay",
    });
  });

  it("rejects unknown products and products absent that day", () => {
    expect(errorOf(run([fcr("NEGPOS_01_05")]))).toEqual({ code: "product_unknown", field: "[0].product" });
    expect(errorOf(run([{ ...fcr(), product: undefined }]))).toEqual({ code: "product_unknown", field: "[0].product" });
    const spring = { now: utc("2026-03-20T10:00:00Z") };
    expect(errorOf(run([energy("POS_093", {}, "2026-03-29")], spring))).toEqual({
      code: "product_unknown",
      field: "[0].product",
    });
    expect(errorOf(run([energy("POS_092", {}, "2026-03-29")], spring))).toBe("ok");
    expect(errorOf(run([energy("POS_100", {}, "2026-10-25")], { now: utc("2026-10-20T10:00:00Z") }))).toBe("ok");
  });

  it("keeps the products inside the virtual asset's lifetime", () => {
    // The asset ends at 00:00Z = 02:00 local on DAY: NEGPOS_00_04 (22:00Z–02:00Z) sticks out, POS_001 fits.
    const asset = { ...ASSET, end: utc("2026-05-30T00:00:00Z") };
    expect(errorOf(run([fcr("NEGPOS_00_04")], { asset }))).toEqual({
      code: "product_outside_lifetime",
      field: "[0].deliveryDay",
    });
    expect(errorOf(run([energy("POS_008")], { asset }))).toBe("ok");
    expect(errorOf(run([energy("POS_009")], { asset }))).toEqual({
      code: "product_outside_lifetime",
      field: "[0].deliveryDay",
    });
    const late = { ...ASSET, start: utc("2026-05-29T22:15:00Z") };
    expect(errorOf(run([energy("POS_001")], { asset: late }))).toEqual({
      code: "product_outside_lifetime",
      field: "[0].deliveryDay",
    });
  });
});

describe("one family and one bid per product", () => {
  it("rejects FCR mixed with aFRR, either way round", () => {
    expect(errorOf(run([fcr(), capacity()]))).toEqual({ code: "markets_mixed", field: "[1].product" });
    expect(errorOf(run([energy(), fcr()]))).toEqual({ code: "markets_mixed", field: "[1].product" });
  });

  it("rejects the same product twice and two bids for one product", () => {
    expect(errorOf(run([fcr(), fcr("NEGPOS_04_08"), fcr()]))).toEqual({
      code: "duplicate_product",
      field: "[2].product",
    });
    const two = { ...fcr(), bids: [fcr().bids[0], fcr().bids[0]] };
    expect(errorOf(run([two]))).toEqual({ code: "duplicate_product", field: "[0].bids[1]" });
    expect(errorOf(run([fcr(), fcr("NEGPOS_00_04", {}, "2026-05-31")]))).toBe("ok");
  });

  it("counts the implicit energy bids of a capacity bid as bids on their products", () => {
    expect(errorOf(run([capacity("POS_00_04"), energy("POS_005")]))).toEqual({
      code: "duplicate_product",
      field: "[1].product",
    });
    expect(errorOf(run([energy("POS_016"), capacity("POS_00_04")]))).toEqual({
      code: "duplicate_product",
      field: "[1].product",
    });
    expect(errorOf(run([capacity("POS_00_04"), energy("NEG_005"), energy("POS_017")]))).toBe("ok");
  });
});

describe("gates and horizon", () => {
  const fcrGate = utc("2026-05-29T05:30:00Z");

  it("closes FCR exactly at D-1 07:30 Berlin and is open a minute before", () => {
    expect(errorOf(run([fcr()], { now: fcrGate - 60_000 }))).toBe("ok");
    const r = run([fcr()], { now: fcrGate });
    expect(errorOf(r)).toEqual({ code: "gate_closed", field: "[0].product" });
    if (!r.ok) expect(r.error.message).toContain("07:30 Europe/Berlin (2026-05-29T05:30:00Z)");
  });

  it("closes aFRR capacity at D-1 08:30 and aFRR energy 25 minutes before its quarter-hour", () => {
    const capacityGate = utc("2026-05-29T06:30:00Z");
    expect(errorOf(run([capacity()], { now: capacityGate - 60_000 }))).toBe("ok");
    expect(errorOf(run([capacity()], { now: capacityGate }))).toEqual({ code: "gate_closed", field: "[0].product" });
    const energyGate = utc("2026-05-29T21:35:00Z"); // POS_001 starts 22:00Z
    expect(errorOf(run([energy("POS_001")], { now: energyGate - 60_000 }))).toBe("ok");
    expect(errorOf(run([energy("POS_002"), energy("POS_001")], { now: energyGate }))).toEqual({
      code: "gate_closed",
      field: "[1].product",
    });
  });

  it("opens FCR 7 days ahead only", () => {
    expect(errorOf(run([fcr("NEGPOS_00_04", {}, "2026-06-04")]))).toBe("ok");
    expect(errorOf(run([fcr("NEGPOS_00_04", {}, "2026-06-05")]))).toEqual({
      code: "delivery_day_too_far",
      field: "[0].deliveryDay",
    });
    expect(errorOf(run([capacity("POS_00_04", {}, "2026-07-30")]))).toBe("ok");
  });
});

describe("offered capacity", () => {
  const field = "[0].bids[0].offeredCapacity";

  it("floors a fraction of a kW, then wants whole MW of at least 1 MW", () => {
    expect(validOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 1000.5 })])).bids[0]!.offeredKw).toBe(1000);
    expect(errorOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 1500 })]))).toEqual({
      code: "capacity_not_whole_mw",
      field,
    });
    expect(errorOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 999.9 })]))).toEqual({
      code: "capacity_below_minimum",
      field,
    });
    expect(errorOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 0 })]))).toEqual({
      code: "capacity_below_minimum",
      field,
    });
  });

  it.each([[-1000], ["2000"], [null], [undefined]])("rejects offeredCapacity %j", (offeredCapacity) => {
    expect(errorOf(run([energy("POS_001", { offeredCapacity })]))).toEqual({ code: "capacity_invalid", field });
  });

  it("keeps FCR within 80 % of the smaller rated power", () => {
    const asset = { ...ASSET, ratedChargePowerKw: 10_000, ratedDischargePowerKw: 12_000 };
    expect(errorOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 8000 })], { asset }))).toBe("ok");
    const r = run([fcr("NEGPOS_00_04", { offeredCapacity: 9000 })], { asset });
    expect(errorOf(r)).toEqual({ code: "capacity_exceeds_asset", field });
    if (!r.ok) expect(r.error.message).toContain("at most 8 MW");
  });

  it("keeps 15 minutes of FCR energy in reserve both ways from 50 % state of charge", () => {
    // 3,000 kWh available: 1,500 kWh each way → at most 6,000 kW × 0.25 h.
    const asset = { ...ASSET, availableEnergyCapacityWh: 3_000_000 };
    expect(errorOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 6000 })], { asset }))).toBe("ok");
    const r = run([fcr("NEGPOS_00_04", { offeredCapacity: 7000 })], { asset });
    expect(errorOf(r)).toEqual({ code: "capacity_exceeds_asset", field });
    if (!r.ok) expect(r.error.message).toContain("at most 6 MW");
  });

  it("accepts exactly the floored whole-MW offers within the asset (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20_000, noNaN: true }), (x) => {
        const r = run([energy("POS_001", { offeredCapacity: x })]);
        const kw = Math.floor(x);
        if (kw >= 1000 && kw % 1000 === 0 && kw <= ASSET.ratedDischargePowerKw) {
          expect(r.ok && r.value.bids[0]!.offeredKw).toBe(kw);
        } else {
          expect(r.ok).toBe(false);
        }
      }),
    );
  });
});

describe("prices", () => {
  const at = "[0].bids[0]";

  it("wants capacityPrice and no energyPrice for FCR", () => {
    expect(errorOf(run([fcr("NEGPOS_00_04", { capacityPrice: null })]))).toEqual({
      code: "price_field_invalid",
      field: `${at}.capacityPrice`,
    });
    expect(errorOf(run([fcr("NEGPOS_00_04", { energyPrice: 5 })]))).toEqual({
      code: "price_field_invalid",
      field: `${at}.energyPrice`,
    });
  });

  it("wants both prices for aFRR capacity", () => {
    expect(errorOf(run([capacity("POS_00_04", { energyPrice: null })]))).toEqual({
      code: "price_field_invalid",
      field: `${at}.energyPrice`,
    });
    expect(errorOf(run([capacity("POS_00_04", { capacityPrice: undefined })]))).toEqual({
      code: "price_field_invalid",
      field: `${at}.capacityPrice`,
    });
  });

  it("wants energyPrice and no capacityPrice for aFRR energy", () => {
    expect(errorOf(run([energy("POS_001", { capacityPrice: 1 })]))).toEqual({
      code: "price_field_invalid",
      field: `${at}.capacityPrice`,
    });
    expect(errorOf(run([energy("POS_001", { energyPrice: null })]))).toEqual({
      code: "price_field_invalid",
      field: `${at}.energyPrice`,
    });
  });

  it("wants numbers with at most 2 decimal places", () => {
    expect(errorOf(run([energy("POS_001", { energyPrice: 1.005 })]))).toEqual({
      code: "price_field_invalid",
      field: `${at}.energyPrice`,
    });
    expect(errorOf(run([energy("POS_001", { energyPrice: "80" })]))).toEqual({
      code: "price_field_invalid",
      field: `${at}.energyPrice`,
    });
  });

  it("keeps prices within −15,000 … 15,000 EUR", () => {
    expect(errorOf(run([energy("POS_001", { energyPrice: 15000 })]))).toBe("ok");
    expect(errorOf(run([energy("POS_001", { energyPrice: -15000 })]))).toBe("ok");
    expect(errorOf(run([energy("POS_001", { energyPrice: 15000.01 })]))).toEqual({
      code: "price_out_of_range",
      field: `${at}.energyPrice`,
    });
    expect(errorOf(run([fcr("NEGPOS_00_04", { capacityPrice: -15000.01 })]))).toEqual({
      code: "price_out_of_range",
      field: `${at}.capacityPrice`,
    });
  });

  it("converts any 2-decimal EUR price exactly into cents (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_600_000, max: 1_600_000 }), (cents) => {
        const r = run([energy("POS_001", { energyPrice: cents / 100 })]);
        if (Math.abs(cents) <= 1_500_000) expect(r.ok && r.value.bids[0]!.energyPriceCents).toBe(cents);
        else expect(errorOf(r)).toEqual({ code: "price_out_of_range", field: `${at}.energyPrice` });
      }),
    );
  });
});

describe("the asset's power across simultaneous products", () => {
  const field = (i: number) => `[${i}].bids[0].offeredCapacity`;
  const fcr8 = existing("f1", "NEGPOS_00_04", { offeredKw: 8000 });

  it("adds FCR both ways to aFRR on the same quarter-hours", () => {
    expect(errorOf(run([capacity("POS_00_04", { offeredCapacity: 2000 })], { existing: [fcr8] }))).toBe("ok");
    const r = run([capacity("POS_00_04", { offeredCapacity: 3000 })], { existing: [fcr8] });
    expect(errorOf(r)).toEqual({ code: "capacity_exceeds_asset", field: field(0) });
    if (!r.ok) expect(r.error.message).toContain("11000 kW of positive (discharge) capacity");
    expect(errorOf(run([energy("NEG_008", { offeredCapacity: 3000 })], { existing: [fcr8] }))).toEqual({
      code: "capacity_exceeds_asset",
      field: field(0),
    });
    // Not simultaneous: the next block is free.
    expect(errorOf(run([capacity("POS_04_08", { offeredCapacity: 10_000 })], { existing: [fcr8] }))).toBe("ok");
  });

  it("checks each direction against its own rated power", () => {
    const asset = { ...ASSET, ratedChargePowerKw: 6000 };
    expect(errorOf(run([capacity("POS_00_04", { offeredCapacity: 7000 })], { asset }))).toBe("ok");
    expect(errorOf(run([capacity("NEG_00_04", { offeredCapacity: 7000 })], { asset }))).toEqual({
      code: "capacity_exceeds_asset",
      field: field(0),
    });
  });

  it("counts an existing aFRR capacity bid through its implicit energy bids", () => {
    const held = [
      existing("c1", "POS_00_04", { offeredKw: 8000 }),
      ...Array.from({ length: 16 }, (_, i) =>
        existing(`e${i}`, `POS_${String(i + 1).padStart(3, "0")}`, { offeredKw: 8000, parentBidId: "c1" }),
      ),
    ];
    expect(errorOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 2000 })], { existing: held }))).toBe("ok");
    expect(errorOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 3000 })], { existing: held }))).toEqual({
      code: "capacity_exceeds_asset",
      field: field(0),
    });
  });

  it("blames the product of the request that meets the overflow", () => {
    const held = [existing("f1", "NEGPOS_00_04", { offeredKw: 5000 })];
    expect(
      errorOf(
        run([capacity("NEG_20_24", { offeredCapacity: 6000 }), capacity("POS_00_04", { offeredCapacity: 6000 })], {
          existing: held,
        }),
      ),
    ).toEqual({
      code: "capacity_exceeds_asset",
      field: field(1),
    });
  });

  it("ignores replaced bids, rejected bids and other days", () => {
    expect(errorOf(run([fcr("NEGPOS_00_04", { offeredCapacity: 8000 })], { existing: [fcr8] }))).toBe("ok");
    const rejected = existing("f2", "NEGPOS_00_04", { offeredKw: 8000, accepted: false });
    expect(errorOf(run([capacity("POS_00_04", { offeredCapacity: 8000 })], { existing: [rejected] }))).toBe("ok");
    const otherDay = { ...fcr8, deliveryDay: "2026-05-31" };
    expect(errorOf(run([capacity("POS_00_04", { offeredCapacity: 8000 })], { existing: [otherDay] }))).toBe("ok");
  });

  it("replaces a stand-alone energy bid with the implicit bid of a new capacity bid", () => {
    const free = existing("e5", "POS_005", { offeredKw: 5000 });
    const out = validOf(run([capacity("POS_00_04", { offeredCapacity: 6000 })], { existing: [free] }));
    const implicit = out.bids[0]!.implicitEnergyBids;
    expect(implicit[4]).toMatchObject({ replacesBidId: "e5", offeredKw: 6000 });
    expect(implicit.filter((e) => e.replacesBidId !== null)).toHaveLength(1);
  });
});

describe("replacing bids", () => {
  it("replaces the live bid of the same product", () => {
    const out = validOf(run([fcr()], { existing: [existing("f1", "NEGPOS_00_04"), existing("f2", "NEGPOS_04_08")] }));
    expect(out.bids[0]!.replacesBidId).toBe("f1");
  });

  it("replaces a capacity bid together with its implicit energy bids", () => {
    const held = [
      existing("c1", "POS_00_04"),
      ...Array.from({ length: 16 }, (_, i) =>
        existing(`e${i}`, `POS_${String(i + 1).padStart(3, "0")}`, { parentBidId: "c1" }),
      ),
    ];
    const bid = validOf(run([capacity("POS_00_04", { offeredCapacity: 1000 })], { existing: held })).bids[0]!;
    expect(bid.replacesBidId).toBe("c1");
    expect(bid.implicitEnergyBids.map((e) => e.replacesBidId)).toEqual(held.slice(1).map((b) => b.bidId));
  });

  it("refuses to replace a pending bid", () => {
    const pending = existing("f1", "NEGPOS_00_04", { status: "pending" });
    expect(errorOf(run([fcr()], { existing: [pending] }))).toEqual({ code: "bid_pending", field: "[0].product" });
    expect(errorOf(run([fcr("NEGPOS_04_08")], { existing: [pending] }))).toBe("ok");
    const pendingImplicit = existing("e3", "POS_003", { status: "pending", parentBidId: "c1" });
    expect(errorOf(run([capacity("POS_00_04")], { existing: [existing("c1", "POS_00_04"), pendingImplicit] }))).toEqual(
      {
        code: "bid_pending",
        field: "[0].product",
      },
    );
  });
});

describe("repricing implicit energy bids", () => {
  const implicitOf = (parent: ExistingBid) => [
    parent,
    ...Array.from({ length: 16 }, (_, i) =>
      existing(`e${i + 1}`, `POS_${String(i + 1).padStart(3, "0")}`, { offeredKw: 4000, parentBidId: parent.bidId }),
    ),
  ];
  const ctx = (parent: ExistingBid) => ({ now: AFTER_CAPACITY_GATE, existing: implicitOf(parent) });
  const accepted = existing("c1", "POS_00_04", { offeredKw: 4000, accepted: true });

  it("reprices the implicit bid of an accepted capacity bid, keeping the link", () => {
    const bid = validOf(run([energy("POS_005", { offeredCapacity: 4000, energyPrice: 120 })], ctx(accepted))).bids[0]!;
    expect(bid).toMatchObject({ replacesBidId: "e5", parentBidId: "c1", offeredKw: 4000, energyPriceCents: 12000 });
    expect(errorOf(run([energy("POS_005", { offeredCapacity: 5000 })], ctx(accepted)))).toBe("ok");
  });

  it("never reduces the implicit capacity of an accepted (or not yet decided) capacity bid", () => {
    expect(errorOf(run([energy("POS_005", { offeredCapacity: 3000 })], ctx(accepted)))).toEqual({
      code: "implicit_capacity_reduced",
      field: "[0].bids[0].offeredCapacity",
    });
    const undecided = existing("c1", "POS_00_04", { offeredKw: 4000 });
    expect(errorOf(run([energy("POS_005", { offeredCapacity: 3000 })], ctx(undecided)))).toEqual({
      code: "implicit_capacity_reduced",
      field: "[0].bids[0].offeredCapacity",
    });
  });

  it("lets a new stand-alone bid take the product of an implicit bid rejected with its capacity bid", () => {
    const rejected = existing("c1", "POS_00_04", { offeredKw: 4000, accepted: false });
    const bid = validOf(run([energy("POS_005", { offeredCapacity: 1000 })], ctx(rejected))).bids[0]!;
    expect(bid).toMatchObject({ replacesBidId: null, parentBidId: null, offeredKw: 1000 });
  });

  it("then replaces that stand-alone bid, not the rejected implicit one, whatever the stored order", () => {
    const rejected = existing("c1", "POS_00_04", { offeredKw: 4000, accepted: false });
    const standAlone = existing("s5", "POS_005", { offeredKw: 1000 });
    const held = [standAlone, ...implicitOf(rejected)];
    const bid = validOf(
      run([energy("POS_005", { offeredCapacity: 1000 })], { now: AFTER_CAPACITY_GATE, existing: held }),
    );
    expect(bid.bids[0]).toMatchObject({ replacesBidId: "s5", parentBidId: null });
  });

  it("decides directly: reprice, reduce or stand alone", () => {
    const implicit = existing("e1", "POS_001", { offeredKw: 4000, parentBidId: "c1" });
    expect(repriceImplicitEnergyBid(implicit, accepted, 4000, "f")).toEqual({
      ok: true,
      value: { kind: "replace", bidId: "e1", parentBidId: "c1" },
    });
    expect(errorOf(repriceImplicitEnergyBid(implicit, accepted, 2000, "f"))).toEqual({
      code: "implicit_capacity_reduced",
      field: "f",
    });
    expect(repriceImplicitEnergyBid(implicit, { ...accepted, accepted: false }, 2000, "f")).toEqual({
      ok: true,
      value: { kind: "new" },
    });
  });

  it("rejects the implicit bids with their capacity bid", () => {
    const held = implicitOf(existing("c1", "POS_00_04", { accepted: false }));
    expect(implicitBidsRejectedWith(held[0]!, held)).toEqual(held.slice(1).map((b) => b.bidId));
    expect(implicitBidsRejectedWith(accepted, implicitOf(accepted))).toEqual([]);
    expect(implicitBidsRejectedWith(existing("c1", "POS_00_04"), held)).toEqual([]);
  });
});
