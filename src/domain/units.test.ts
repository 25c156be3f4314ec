import { describe, expect, it } from "vitest";
import { centsToEur, eurToCents, formatGbp, formatMw, kwFromWire, parseGbp, parseMw } from "./units.js";

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
