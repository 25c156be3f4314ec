/**
 * A market is a row: a throwaway catalogue with an mFRR capacity market (4-hour blocks, POS / NEG, pay-as-cleared)
 * runs through products, gates, bid rules and clearing without any other change; and a market's settlement price
 * follows its mechanism's settlement kind.
 */
import { describe, expect, it } from "vitest";
import { validateAncillaryBids } from "../ancillary/bids.js";
import { checkGate, gatesOf } from "../ancillary/gates.js";
import { parseProductCode, productsOf, resolveProduct } from "../ancillary/products.js";
import { resultsToStore } from "../ancillary/results.js";
import type { VirtualAssetSpec } from "../ancillary/virtual-asset.js";
import { auctionTimeOf, bidResultsOf, runTsoAuction } from "../clearing/tso-sandbox.js";
import { BERLIN, HOUR_MS, localDate } from "../time.js";
import { defineCatalogue, MARKET_CATALOGUE, type Market, type MarketRow } from "./catalogue.js";
import { recordsSettlementPrice, settlementPriceOf } from "./settlement.js";

const MFRR = "MFRRCapacity" as Market;
const MFRR_ROW: MarketRow = {
  name: MFRR,
  label: "mFRR capacity",
  family: "MFRR",
  familyLabel: "mFRR",
  delivery: "4-hour blocks",
  directions: ["POS", "NEG"],
  codePrefix: "MFRR_",
  implicitEnergy: null,
  gates: {
    kind: "day before",
    platform: { hour: 9, minute: 30 },
    tso: { hour: 10, minute: 0 },
    expectedResult: { hour: 10, minute: 30 },
  },
  horizonDays: null,
  clearsAt: "tso gate",
  prices: { capacityPrice: "EUR/MW/h" },
  meritPrice: "capacityPrice",
  reserve: null,
  mechanism: "pay-as-cleared",
  synthetic: { priceRangeCents: [100, 2_000], demandMw: 50 },
};
const WITH_MFRR = defineCatalogue([...MARKET_CATALOGUE.rows, MFRR_ROW]);

const utc = (iso: string) => Date.parse(iso);
const DAY = "2026-06-02";
/** 2026-05-31 12:00 Berlin: every gate of DAY is open. */
const NOW = utc("2026-05-31T10:00:00Z");
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
const mfrrBid = (product: string, bid: Record<string, unknown> = {}) => ({
  product,
  deliveryDay: DAY,
  bids: [{ offeredCapacity: 2000, capacityPrice: 7.5, energyPrice: null, ...bid }],
});

describe("a catalogue with another market (mFRR capacity)", () => {
  it("parses its product codes; the real catalogue does not know them", () => {
    expect(parseProductCode("MFRR_NEG_20_24", "product", WITH_MFRR)).toEqual({
      ok: true,
      value: { code: "MFRR_NEG_20_24", market: MFRR, direction: "NEG", index: 5 },
    });
    expect(parseProductCode("MFRR_NEGPOS_00_04", "product", WITH_MFRR).ok).toBe(false);
    const unknown = parseProductCode("MFRR_POS_00_04");
    expect(unknown.ok || unknown.error.code).toBe("product_unknown");
    // the other markets are as they were
    expect(parseProductCode("POS_00_04", "product", WITH_MFRR)).toEqual(parseProductCode("POS_00_04"));
    expect(productsOf("FCR", DAY, WITH_MFRR)).toEqual(productsOf("FCR", DAY));
  });

  it.each([
    ["2026-06-02", 24],
    ["2026-03-29", 23],
    ["2026-10-25", 25],
  ])("tiles the delivery day %s each way with six blocks (%i h)", (day, hours) => {
    const products = productsOf(MFRR, day, WITH_MFRR);
    expect(products.map((p) => p.code)).toEqual([
      ...["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"].map((b) => `MFRR_POS_${b}`),
      ...["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"].map((b) => `MFRR_NEG_${b}`),
    ]);
    for (const direction of ["POS", "NEG"]) {
      const way = products.filter((p) => p.direction === direction);
      for (let i = 1; i < way.length; i++) expect(way[i]!.start).toBe(way[i - 1]!.end);
      expect(localDate(way[0]!.start, BERLIN).toString()).toBe(day);
      expect(way[5]!.end - way[0]!.start).toBe(hours * HOUR_MS);
    }
    // the block holding the switch lasts 3 h (spring) or 5 h (autumn)
    expect(products[0]!.end - products[0]!.start).toBe((hours - 20) * HOUR_MS);
    const found = resolveProduct("MFRR_NEG_04_08", day, "product", WITH_MFRR);
    expect(found.ok && found.value.productDateCode).toBe(`${day}_MFRR_NEG_04_08`);
  });

  it("closes its gate as its row says (D-1 09:30 Berlin)", () => {
    const product = productsOf(MFRR, DAY, WITH_MFRR)[2]!;
    const gates = gatesOf(product, WITH_MFRR);
    expect(gates.platform).toBe(utc("2026-06-01T07:30:00Z"));
    expect(gates.tso).toBe(utc("2026-06-01T08:00:00Z"));
    expect(checkGate(product, gates.platform - 1, "product", WITH_MFRR).ok).toBe(true);
    const closed = checkGate(product, gates.platform, "product", WITH_MFRR);
    expect(closed.ok || closed.error.message).toMatch(
      /^the gate for mFRR capacity MFRR_POS_08_12 on 2026-06-02 closed/,
    );
  });

  it("validates a bid body for it by its row's prices and family", () => {
    const ctx = { asset: ASSET, now: NOW, existing: [] };
    const out = validateAncillaryBids([mfrrBid("MFRR_POS_08_12"), mfrrBid("MFRR_NEG_08_12")], ctx, WITH_MFRR);
    expect(out.ok && out.value.family).toBe("MFRR");
    expect(out.ok && out.value.bids.map((b) => [b.product.code, b.offeredKw, b.capacityPriceCents])).toEqual([
      ["MFRR_POS_08_12", 2000, 750],
      ["MFRR_NEG_08_12", 2000, 750],
    ]);
    const energy = validateAncillaryBids([mfrrBid("MFRR_POS_08_12", { energyPrice: 80 })], ctx, WITH_MFRR);
    expect(!energy.ok && [energy.error.code, energy.error.message]).toEqual([
      "price_field_invalid",
      "mFRR capacity bids take no energyPrice: send null or leave it out",
    ]);
    const mixed = validateAncillaryBids(
      [
        mfrrBid("MFRR_POS_08_12"),
        { product: "NEGPOS_08_12", deliveryDay: DAY, bids: [{ offeredCapacity: 1000, capacityPrice: 1 }] },
      ],
      ctx,
      WITH_MFRR,
    );
    expect(!mixed.ok && mixed.error.code).toBe("markets_mixed");
    // its power counts against the asset's rated power like any product's
    const tooMuch = validateAncillaryBids([mfrrBid("MFRR_POS_08_12", { offeredCapacity: 11_000 })], ctx, WITH_MFRR);
    expect(!tooMuch.ok && tooMuch.error.code).toBe("capacity_exceeds_asset");
  });

  it("clears it with its mechanism: pay-as-cleared, one settlement price on every accepted result", () => {
    const product = productsOf(MFRR, DAY, WITH_MFRR)[0]!;
    const auctionAt = auctionTimeOf(product, WITH_MFRR);
    expect(auctionAt).toBe(gatesOf(product, WITH_MFRR).tso);
    const outcome = runTsoAuction(
      {
        market: MFRR,
        productDateCode: product.productDateCode,
        auctionAt,
        bids: [{ id: "cheap", priceCents: 0, quantityKw: 2000, submittedAt: auctionAt - HOUR_MS }],
        syntheticBidCount: 20,
      },
      WITH_MFRR,
    );
    expect(outcome.mechanism).toBe("pay-as-cleared");
    expect(
      outcome.meritOrder.every((e) => e.synthetic === false || (e.priceCents >= 100 && e.priceCents <= 2_000)),
    ).toBe(true);
    const [result] = bidResultsOf(outcome);
    expect(result).toEqual({
      bidId: "cheap",
      accepted: true,
      acceptedKw: 2000,
      settlementPriceCents: outcome.clearingPriceCents,
    });
    expect(outcome.clearingPriceCents).not.toBeNull();
    expect(recordsSettlementPrice(MFRR, WITH_MFRR)).toBe(true);
  });
});

describe("settlement price from the mechanism's settlement kind", () => {
  const AFRR_PAY_AS_CLEARED = defineCatalogue(
    MARKET_CATALOGUE.rows.map((r) => (r.name === "AFRRCapacity" ? { ...r, mechanism: "pay-as-cleared" as const } : r)),
  );

  it("records the clearing price for pay-as-cleared markets only", () => {
    expect(MARKET_CATALOGUE.markets.filter((m) => recordsSettlementPrice(m))).toEqual(["FCR"]);
    expect(settlementPriceOf("AFRRCapacity", 500)).toBeNull();
    expect(settlementPriceOf("AFRRCapacity", 500, AFRR_PAY_AS_CLEARED)).toBe(500);
  });

  it("switching aFRR capacity to pay-as-cleared yields settlement prices in its auction and its stored results", () => {
    const product = productsOf("AFRRCapacity", DAY)[0]!;
    const spec = {
      market: "AFRRCapacity" as const,
      productDateCode: product.productDateCode,
      auctionAt: auctionTimeOf(product),
      bids: [{ id: "b", priceCents: 0, quantityKw: 1000, submittedAt: 0 }],
    };
    expect(bidResultsOf(runTsoAuction(spec))[0]!.settlementPriceCents).toBeNull();
    const outcome = runTsoAuction(spec, AFRR_PAY_AS_CLEARED);
    expect(outcome.mechanism).toBe("pay-as-cleared");
    const [result] = bidResultsOf(outcome);
    expect(result!.settlementPriceCents).toBe(outcome.clearingPriceCents);
    expect(result!.settlementPriceCents).not.toBeNull();

    const bids = new Map([
      [
        "b",
        {
          market: "AFRRCapacity" as const,
          offeredKw: 1000,
          existing: {
            bidId: "b",
            product: product.code,
            deliveryDay: DAY,
            status: "submitted" as const,
            offeredKw: 1000,
          },
        },
      ],
    ]);
    const reported = [{ ...result!, decidedAt: 0 }];
    expect(resultsToStore(reported, bids, [])[0]!.settlementPriceCents).toBeNull();
    expect(resultsToStore(reported, bids, [], AFRR_PAY_AS_CLEARED)[0]!.settlementPriceCents).toBe(
      result!.settlementPriceCents,
    );
  });
});
