import fc from "fast-check";
import { Temporal } from "temporal-polyfill";
import { describe, expect, it } from "vitest";
import { BERLIN, HOUR_MS, QUARTER_HOUR_MS, startOfDay } from "../time.js";
import {
  DIRECTIONS,
  deliveryDaysOverlapping,
  findProduct,
  implicitEnergyProducts,
  MARKETS,
  parseDeliveryDay,
  parseDirections,
  parseMarkets,
  parseProductCode,
  productDateCode,
  productInterval,
  productOfDateCode,
  productRank,
  productSelected,
  productsOf,
  productsOverlapping,
} from "./products.js";

const utc = (iso: string) => Date.parse(iso);
const SPRING = "2026-03-29";
const AUTUMN = "2026-10-25";
const PLAIN = "2026-05-30";

describe("parseProductCode", () => {
  it("reads market, direction and 0-based index from the code", () => {
    expect(parseProductCode("NEGPOS_00_04")).toEqual({
      ok: true,
      value: { code: "NEGPOS_00_04", market: "FCR", direction: "NEGPOS", index: 0 },
    });
    expect(parseProductCode("NEG_20_24")).toEqual({
      ok: true,
      value: { code: "NEG_20_24", market: "AFRRCapacity", direction: "NEG", index: 5 },
    });
    expect(parseProductCode("POS_001")).toEqual({
      ok: true,
      value: { code: "POS_001", market: "AFRREnergy", direction: "POS", index: 0 },
    });
    expect(parseProductCode("NEG_100").ok).toBe(true);
  });

  it.each([
    "NEGPOS_01_05",
    "NEGPOS_00_08",
    "NEGPOS_24_28",
    "NEGPOS_001",
    "POS_000",
    "POS_101",
    "POS_1",
    "pos_001",
    "POS_00_04 ",
    "",
    42,
    null,
  ])("rejects %j as product_unknown", (code) => {
    const r = parseProductCode(code, "[0].product");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: "product_unknown", field: "[0].product" });
  });
});

describe("productsOf", () => {
  it("lists six FCR blocks, twelve aFRR capacity blocks and 2 × 96 quarter-hours on an ordinary day", () => {
    expect(productsOf("FCR", PLAIN).map((p) => p.code)).toEqual([
      "NEGPOS_00_04",
      "NEGPOS_04_08",
      "NEGPOS_08_12",
      "NEGPOS_12_16",
      "NEGPOS_16_20",
      "NEGPOS_20_24",
    ]);
    const capacity = productsOf("AFRRCapacity", PLAIN).map((p) => p.code);
    expect(capacity).toHaveLength(12);
    expect(capacity.slice(0, 2)).toEqual(["POS_00_04", "POS_04_08"]);
    expect(capacity.at(-1)).toBe("NEG_20_24");
    const energy = productsOf("AFRREnergy", PLAIN);
    expect(energy).toHaveLength(192);
    expect(energy[95]?.code).toBe("POS_096");
    expect(energy[96]?.code).toBe("NEG_001");
  });

  it("has 92 quarter-hours per direction on the spring DST day and 100 on the autumn one", () => {
    const count = (day: string, direction: string) =>
      productsOf("AFRREnergy", day).filter((p) => p.direction === direction).length;
    expect(count(SPRING, "POS")).toBe(92);
    expect(count(SPRING, "NEG")).toBe(92);
    expect(count(AUTUMN, "POS")).toBe(100);
    expect(count(AUTUMN, "NEG")).toBe(100);
    expect(findProduct("POS_092", SPRING)).toBeDefined();
    expect(findProduct("POS_093", SPRING)).toBeUndefined();
    expect(findProduct("NEG_100", AUTUMN)).toBeDefined();
    expect(findProduct("POS_097", PLAIN)).toBeUndefined();
  });

  it("accepts a Temporal date as well as a string", () => {
    expect(productsOf("FCR", Temporal.PlainDate.from(PLAIN))).toBe(productsOf("FCR", PLAIN));
  });

  it("tiles each delivery day exactly, per market and direction, on any day (DST days included)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 60 }), (offset) => {
        const date = Temporal.PlainDate.from("2000-01-01").add({ days: offset });
        const dayStart = startOfDay(date, BERLIN);
        const dayEnd = startOfDay(date.add({ days: 1 }), BERLIN);
        for (const market of MARKETS) {
          for (const direction of DIRECTIONS) {
            const list = productsOf(market, date).filter((p) => p.direction === direction);
            if (list.length === 0) continue;
            expect(list[0]!.start).toBe(dayStart);
            expect(list.at(-1)!.end).toBe(dayEnd);
            for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBe(list[i - 1]!.end);
            for (const p of list) expect(p.end).toBeGreaterThan(p.start);
          }
        }
        expect(productsOf("AFRREnergy", date).length).toBe((2 * (dayEnd - dayStart)) / QUARTER_HOUR_MS);
      }),
      { numRuns: 60 },
    );
  });
});

describe("productInterval", () => {
  it("computes 4-hour blocks in Berlin time, as UTC", () => {
    expect(productInterval("NEGPOS_00_04", PLAIN)).toEqual({
      ok: true,
      value: { start: utc("2026-05-29T22:00:00Z"), end: utc("2026-05-30T02:00:00Z") },
    });
    expect(productInterval("NEG_20_24", PLAIN)).toEqual({
      ok: true,
      value: { start: utc("2026-05-30T18:00:00Z"), end: utc("2026-05-30T22:00:00Z") },
    });
    expect(productInterval("POS_08_12", "2026-01-15")).toEqual({
      ok: true,
      value: { start: utc("2026-01-15T07:00:00Z"), end: utc("2026-01-15T11:00:00Z") },
    });
  });

  it("makes the block holding the DST switch 3 h long in spring and 5 h long in autumn", () => {
    expect(productInterval("NEGPOS_00_04", SPRING)).toEqual({
      ok: true,
      value: { start: utc("2026-03-28T23:00:00Z"), end: utc("2026-03-29T02:00:00Z") },
    });
    expect(productInterval("NEGPOS_04_08", SPRING)).toEqual({
      ok: true,
      value: { start: utc("2026-03-29T02:00:00Z"), end: utc("2026-03-29T06:00:00Z") },
    });
    expect(productInterval("POS_00_04", AUTUMN)).toEqual({
      ok: true,
      value: { start: utc("2026-10-24T22:00:00Z"), end: utc("2026-10-25T03:00:00Z") },
    });
  });

  it("makes aFRR energy products the n-th real quarter-hour of the local day", () => {
    expect(productInterval("POS_001", PLAIN)).toEqual({
      ok: true,
      value: { start: utc("2026-05-29T22:00:00Z"), end: utc("2026-05-29T22:15:00Z") },
    });
    // Spring: 02:00 local does not exist, so the 9th quarter-hour starts at 03:00 CEST = 01:00Z.
    expect(productInterval("POS_009", SPRING)).toEqual({
      ok: true,
      value: { start: utc("2026-03-29T01:00:00Z"), end: utc("2026-03-29T01:15:00Z") },
    });
    expect(productInterval("NEG_092", SPRING)).toEqual({
      ok: true,
      value: { start: utc("2026-03-29T21:45:00Z"), end: utc("2026-03-29T22:00:00Z") },
    });
    expect(productInterval("POS_100", AUTUMN)).toEqual({
      ok: true,
      value: { start: utc("2026-10-25T22:45:00Z"), end: utc("2026-10-25T23:00:00Z") },
    });
  });

  it("rejects a product that does not exist on that day", () => {
    const r = productInterval("POS_093", SPRING);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("product_unknown");
      expect(r.error.message).toContain("92 quarter-hours");
    }
    expect(productInterval("POS_097", PLAIN).ok).toBe(false);
    expect(productInterval("NEGPOS_01_05", PLAIN).ok).toBe(false);
  });
});

describe("productDateCode", () => {
  it("joins delivery day and product", () => {
    expect(productDateCode("NEGPOS_00_04", PLAIN)).toBe("2026-05-30_NEGPOS_00_04");
    expect(productDateCode("POS_001", Temporal.PlainDate.from(PLAIN))).toBe("2026-05-30_POS_001");
    expect(findProduct("NEGPOS_00_04", PLAIN)?.productDateCode).toBe("2026-05-30_NEGPOS_00_04");
  });
});

describe("implicitEnergyProducts", () => {
  const implicit = (code: string, day: string) => implicitEnergyProducts(findProduct(code, day)!).map((p) => p.code);

  it("covers a capacity block with its 16 quarter-hours of the same direction", () => {
    const codes = implicit("POS_04_08", PLAIN);
    expect(codes).toHaveLength(16);
    expect(codes[0]).toBe("POS_017");
    expect(codes.at(-1)).toBe("POS_032");
    expect(implicit("NEG_20_24", PLAIN)).toEqual(
      productsOf("AFRREnergy", PLAIN)
        .slice(-16)
        .map((p) => p.code),
    );
  });

  it("covers the real duration of the block on DST days: 12 in spring, 20 in autumn", () => {
    expect(implicit("POS_00_04", SPRING)).toEqual(
      Array.from({ length: 12 }, (_, i) => `POS_${String(i + 1).padStart(3, "0")}`),
    );
    expect(implicit("POS_04_08", SPRING)[0]).toBe("POS_013");
    expect(implicit("NEG_00_04", AUTUMN)).toHaveLength(20);
    expect(implicit("NEG_04_08", AUTUMN)[0]).toBe("NEG_021");
  });

  it("is empty for FCR and aFRR energy", () => {
    expect(implicitEnergyProducts(findProduct("NEGPOS_00_04", PLAIN)!)).toEqual([]);
    expect(implicitEnergyProducts(findProduct("POS_001", PLAIN)!)).toEqual([]);
  });

  it("tiles every capacity block exactly, on any day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 30 }), (offset) => {
        const day = Temporal.PlainDate.from("2020-01-01").add({ days: offset });
        for (const block of productsOf("AFRRCapacity", day)) {
          const energy = implicitEnergyProducts(block);
          expect(energy[0]!.start).toBe(block.start);
          expect(energy.at(-1)!.end).toBe(block.end);
          expect(energy.length * QUARTER_HOUR_MS).toBe(block.end - block.start);
          for (const e of energy) expect(e.direction).toBe(block.direction);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("productsOverlapping", () => {
  const codes = (r: ReturnType<typeof productsOverlapping>) =>
    r.ok ? r.value.map((p) => p.productDateCode) : r.error.code;

  it("selects a product when its interval overlaps [start, end) — touching ends do not overlap", () => {
    const start = utc("2026-05-30T02:00:00Z");
    const end = utc("2026-05-30T02:15:00Z");
    expect(codes(productsOverlapping(start, end))).toEqual([
      "2026-05-30_NEGPOS_04_08",
      "2026-05-30_POS_04_08",
      "2026-05-30_NEG_04_08",
      "2026-05-30_POS_017",
      "2026-05-30_NEG_017",
    ]);
  });

  it("filters by markets and directions", () => {
    const start = utc("2026-05-30T02:00:00Z");
    expect(
      codes(productsOverlapping(start, start + HOUR_MS, { markets: ["AFRREnergy"], directions: ["NEG"] })),
    ).toEqual(["2026-05-30_NEG_017", "2026-05-30_NEG_018", "2026-05-30_NEG_019", "2026-05-30_NEG_020"]);
    expect(codes(productsOverlapping(start, start + 1, { directions: ["NEGPOS"] }))).toEqual([
      "2026-05-30_NEGPOS_04_08",
    ]);
  });

  it("crosses delivery days at Berlin midnight", () => {
    const r = productsOverlapping(utc("2026-05-30T21:45:00Z"), utc("2026-05-30T22:15:00Z"), {
      markets: ["AFRREnergy"],
      directions: ["POS"],
    });
    expect(codes(r)).toEqual(["2026-05-30_POS_096", "2026-05-31_POS_001"]);
  });

  it("rejects an empty, reversed or over-long interval", () => {
    const t = utc("2026-05-30T00:00:00Z");
    expect(codes(productsOverlapping(t, t))).toBe("interval_invalid");
    expect(codes(productsOverlapping(t, t - 1))).toBe("interval_invalid");
    expect(codes(productsOverlapping(t, t + 400 * 24 * HOUR_MS))).toBe("interval_invalid");
    expect(codes(productsOverlapping(Number.NaN, t))).toBe("interval_invalid");
  });

  it("is what deliveryDaysOverlapping, productSelected and productOfDateCode's rank give without listing", () => {
    const base = utc("2026-03-27T00:00:00Z");
    const filters = [{}, { markets: ["FCR", "AFRREnergy"] as const }, { directions: ["NEG"] as const }];
    fc.assert(
      fc.property(
        fc.integer({ min: -2 * 96, max: 10 * 96 }),
        fc.integer({ min: 1, max: 4 * 24 * 60 }),
        fc.integer({ min: 0, max: 2 }),
        (q, minutes, f) => {
          const start = base + q * QUARTER_HOUR_MS + (minutes % 11) * 60_000;
          const end = start + minutes * 60_000;
          const filter = filters[f]!;
          const listed = productsOverlapping(start, end, filter);
          const days = deliveryDaysOverlapping(start, end);
          if (!listed.ok || !days.ok) throw new Error("both must accept the interval");
          const candidates = [];
          for (let d = Temporal.PlainDate.from(days.value.firstDay); ; d = d.add({ days: 1 })) {
            for (const market of MARKETS) candidates.push(...productsOf(market, d));
            if (d.toString() === days.value.lastDay) break;
          }
          const selected = candidates
            .filter((p) => productSelected(p, start, end, filter))
            .map((p) => ({ p: productOfDateCode(p.productDateCode)!, rank: productRank(p) }))
            .sort((a, b) =>
              a.p.deliveryDay === b.p.deliveryDay ? a.rank - b.rank : a.p.deliveryDay < b.p.deliveryDay ? -1 : 1,
            )
            .map(({ p }) => p);
          expect(selected).toEqual(listed.value);
        },
      ),
      { numRuns: 200 },
    );
    const t = utc("2026-05-30T00:00:00Z");
    expect(deliveryDaysOverlapping(t, t).ok).toBe(false);
    expect(deliveryDaysOverlapping(t, t + 400 * 24 * HOUR_MS).ok).toBe(false);
    expect(productOfDateCode("2026-05-30_POS_097")).toBeUndefined();
    expect(productOfDateCode("2026-02-30_POS_001")).toBeUndefined();
    expect(productOfDateCode("garbage")).toBeUndefined();
  });

  it("returns exactly the overlapping products of the days touched", () => {
    const base = utc("2026-10-24T00:00:00Z");
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 96 }), fc.integer({ min: 1, max: 5 * 3600 }), (q, seconds) => {
        const start = base + q * QUARTER_HOUR_MS + (seconds % 7) * 60_000;
        const end = start + seconds * 1000;
        const r = productsOverlapping(start, end);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const expected = ["2026-10-23", "2026-10-24", "2026-10-25", "2026-10-26", "2026-10-27"]
          .flatMap((day) => MARKETS.flatMap((m) => productsOf(m, day)))
          .filter((p) => p.start < end && start < p.end)
          .map((p) => p.productDateCode)
          .sort();
        expect(r.value.map((p) => p.productDateCode).sort()).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });
});

describe("parseDeliveryDay", () => {
  it("accepts calendar dates YYYY-MM-DD", () => {
    expect(parseDeliveryDay("2026-05-30")).toEqual({ ok: true, value: "2026-05-30" });
    expect(parseDeliveryDay("2028-02-29")).toEqual({ ok: true, value: "2028-02-29" });
  });
  it.each(["2026-02-30", "2026-5-30", "30.05.2026", "2026-05-30T00:00:00Z", "", 20260530, null])(
    "rejects %j",
    (text) => {
      const r = parseDeliveryDay(text, "[0].deliveryDay");
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: "delivery_day_invalid", field: "[0].deliveryDay" });
    },
  );
});

describe("parseMarkets / parseDirections", () => {
  it("reads case-sensitive comma lists; absent means all", () => {
    expect(parseMarkets("FCR,AFRREnergy")).toEqual({ ok: true, value: ["FCR", "AFRREnergy"] });
    expect(parseMarkets(undefined)).toEqual({ ok: true, value: undefined });
    expect(parseDirections("NEGPOS,POS")).toEqual({ ok: true, value: ["NEGPOS", "POS"] });
  });
  it("rejects unknown or wrongly cased names", () => {
    expect(parseMarkets("fcr")).toMatchObject({ ok: false, error: { code: "validation_failed", field: "markets" } });
    expect(parseMarkets("FCR,")).toMatchObject({ ok: false });
    expect(parseDirections("POS,BOTH")).toMatchObject({
      ok: false,
      error: { code: "validation_failed", field: "productDirections" },
    });
  });
});
