import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePrices, pricesForDay, pricesPlanner } from "./ancillary.js";

describe("agent prices", () => {
  const rows = parsePrices(
    [
      "deliveryDay,product,capacityPrice,energyPrice",
      "*,NEGPOS_00_04,9.50,",
      "*,NEGPOS_04_08,11.20,",
      "2026-06-03,NEGPOS_00_04,12.00,",
      "*,POS_00_04,5.00,80",
    ].join("\n"),
  );

  it("uses a day's own row before the standing (*) row of the same product", () => {
    const day = pricesForDay(rows, "2026-06-03", "FCR");
    expect(day.map((r) => [r.product, r.capacityPrice])).toEqual([
      ["NEGPOS_00_04", 12],
      ["NEGPOS_04_08", 11.2],
    ]);
  });

  it("applies standing rows to any other day, per market", () => {
    expect(pricesForDay(rows, "2026-06-04", "FCR").map((r) => r.capacityPrice)).toEqual([9.5, 11.2]);
    expect(pricesForDay(rows, "2026-06-04", "AFRRCapacity").map((r) => r.product)).toEqual(["POS_00_04"]);
  });

  it("refuses a day that is neither a date nor *", () => {
    expect(() => parsePrices("deliveryDay,product,capacityPrice,energyPrice\ntomorrow,NEGPOS_00_04,1,")).toThrow(
      /YYYY-MM-DD or \*/,
    );
  });

  it("plans FCR bids for any day from the example prices file shipped with the repository", async () => {
    const file = new URL("../../../fcr-prices.csv", import.meta.url).pathname;
    expect(readFileSync(file, "utf8")).toContain("NEGPOS_16_20");
    const products = await pricesPlanner(1000)({
      deliveryDay: "2026-06-05",
      market: "FCR",
      pricesFile: file,
    } as Parameters<ReturnType<typeof pricesPlanner>>[0]);
    expect(products).toHaveLength(6);
    expect(products[4]).toEqual({
      product: "NEGPOS_16_20",
      deliveryDay: "2026-06-05",
      bids: [{ offeredCapacity: 1000, capacityPrice: 13.6, energyPrice: null }],
    });
  });
});
