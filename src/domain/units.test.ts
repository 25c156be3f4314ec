import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  centsToEur,
  eurToCents,
  eurToCentsDecimal,
  formatGbp,
  formatMw,
  kwFromWire,
  parseGbp,
  parseMw,
} from "./units.js";

describe("parseMw", () => {
  it("parses MW strings exactly into milli-MW", () => {
    expect(parseMw("9.32", "f")).toEqual({ ok: true, value: 9320 });
    expect(parseMw("1.250", "f")).toEqual({ ok: true, value: 1250 });
    expect(parseMw("0.001", "f")).toEqual({ ok: true, value: 1 });
    expect(parseMw("12", "f")).toEqual({ ok: true, value: 12000 });
  });
  it.each(["", "abc", "NaN", "1e3", "-1", "1.2345", " 1", "1.", ".5", "Infinity"])("rejects %j", (text) => {
    const r = parseMw(text, "bids[0].capacity");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe("decimal_invalid");
      expect(r.error.field).toBe("bids[0].capacity");
    }
  });
  it("rejects non-strings", () => {
    expect(parseMw(1.5, "f").ok).toBe(false);
  });
  it("formats with three places", () => {
    expect(formatMw(9320)).toBe("9.320");
    expect(formatMw(1)).toBe("0.001");
  });
});

describe("parseGbp", () => {
  it("parses pounds into pence without floats", () => {
    expect(parseGbp("123.45", "f")).toEqual({ ok: true, value: 12345 });
    expect(parseGbp("0.10", "f")).toEqual({ ok: true, value: 10 });
  });
  it("rejects more than two places", () => {
    expect(parseGbp("1.001", "f").ok).toBe(false);
  });
  it("formats with two places", () => {
    expect(formatGbp(12345)).toBe("123.45");
  });
});

describe("EUR and kW", () => {
  it("converts EUR numbers to cents exactly", () => {
    expect(eurToCents(100.1, "f")).toEqual({ ok: true, value: 10010 });
    expect(eurToCents(-15000, "f")).toEqual({ ok: true, value: -1500000 });
    expect(eurToCents(0.29, "f")).toEqual({ ok: true, value: 29 });
    expect(eurToCents(1.005, "f").ok).toBe(false);
    expect(centsToEur(10050)).toBe(100.5);
  });
  it("floors a fraction of a kW", () => {
    expect(kwFromWire(1000.5, "f")).toEqual({ ok: true, value: 1000 });
    expect(kwFromWire(-1, "f").ok).toBe(false);
  });
});

describe("eurToCents fast path", () => {
  const agrees = (value: number) => {
    const expected = Number.isFinite(value)
      ? eurToCentsDecimal(value, "f")
      : { ok: false, error: { code: "price_field_invalid", message: "price must be a number in EUR", field: "f" } };
    const actual = eurToCents(value, "f");
    expect(actual).toEqual(expected);
    if (actual.ok) expect(Object.is(actual.value, -0)).toBe(false);
  };

  it("agrees with decimal.js on chosen values", () => {
    for (const v of [
      0,
      -0,
      0.1,
      0.29,
      1.005,
      100.1,
      -15000,
      -0.01,
      0.001,
      1e-7,
      1e21,
      -1e21,
      123456789012.34,
      9999999999999.99,
      90071992547409.91,
      90071992547409.92,
      1e15,
      1e16,
      Number.MAX_SAFE_INTEGER,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      Number.EPSILON,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]) {
      agrees(v);
    }
  });

  it("agrees with decimal.js on generated numbers", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100),
          fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 1000),
          fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }).map((c) => Number(c) / 100),
          fc.integer({ min: -1e6, max: 1e6 }).map((c) => c * 0.01),
        ),
        agrees,
      ),
      { numRuns: 20_000 },
    );
  });
});
