import { describe, expect, it } from "vitest";
import { parseRates, priceKey, requiredRateTypes } from "./rates.js";
import type { CompetitionType } from "./types.js";

describe("requiredRateTypes", () => {
  it.each([
    ["Availability", ["availability"]],
    ["Utilisation", ["utilisation"]],
    ["Availability & Utilisation", ["availability", "utilisation"]],
    ["Service Fee", ["service_fee"]],
  ] as const)("%s takes %j", (type, rates) => {
    expect(requiredRateTypes(type)).toEqual(rates);
  });
});

describe("parseRates", () => {
  const F = "bids[1].rates";

  it.each([
    ["Availability", [{ type: "availability", value: "123.45" }], [{ type: "availability", pence: 12345 }]],
    ["Utilisation", [{ type: "utilisation", value: "300" }], [{ type: "utilisation", pence: 30000 }]],
    [
      "Availability & Utilisation",
      [
        { type: "utilisation", value: "250.10" },
        { type: "availability", value: "0" },
      ],
      [
        { type: "availability", pence: 0 },
        { type: "utilisation", pence: 25010 },
      ],
    ],
    ["Service Fee", [{ type: "service_fee", value: "999.99" }], [{ type: "service_fee", pence: 99999 }]],
  ] as const)("accepts the rates of %s (in canonical order)", (type, raw, expected) => {
    expect(parseRates(type as CompetitionType, raw, F)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["Availability & Utilisation", [{ type: "availability", value: "1" }], F, "missing rate type utilisation"],
    ["Availability & Utilisation", [], F, "missing rate type availability and utilisation"],
    [
      "Availability",
      [
        { type: "availability", value: "1" },
        { type: "utilisation", value: "1" },
      ],
      `${F}[1].type`,
      '"utilisation" is not taken',
    ],
    [
      "Availability & Utilisation",
      [
        { type: "availability", value: "1" },
        { type: "utilisation", value: "1" },
        { type: "service_fee", value: "1" },
      ],
      `${F}[2].type`,
      '"service_fee" is not taken',
    ],
    [
      "Availability",
      [
        { type: "availability", value: "1" },
        { type: "availability", value: "2" },
      ],
      `${F}[1].type`,
      "given twice",
    ],
    ["Service Fee", [{ type: "fee", value: "1" }], `${F}[0].type`, "is not a rate type"],
    ["Service Fee", [{ type: 3, value: "1" }], `${F}[0].type`, "is not a rate type"],
  ] as const)("rejects for %s: %j", (type, raw, field, words) => {
    const r = parseRates(type, raw, F);
    expect(r).toMatchObject({ ok: false, error: { code: "rate_types_mismatch", field } });
    expect(r.ok ? "" : r.error.message).toContain(words);
  });

  it.each(["123.456", "-1.00", "", "NaN", "1e2", 12.5, null])("rejects the value %j as decimal_invalid", (value) => {
    const r = parseRates("Availability", [{ type: "availability", value }], F);
    expect(r).toMatchObject({ ok: false, error: { code: "decimal_invalid", field: `${F}[0].value` } });
  });

  it("rejects a rate without a value", () => {
    expect(parseRates("Availability", [{ type: "availability" }], F)).toMatchObject({
      ok: false,
      error: { code: "decimal_invalid", field: `${F}[0].value` },
    });
  });

  it.each([
    [{ type: "availability", value: "1", currency: "GBP" }, `${F}[0].currency`],
    ["availability", `${F}[0]`],
    [{ value: "1" }, `${F}[0].type`],
  ])("rejects the malformed rate %j", (rate, field) => {
    expect(parseRates("Availability", [rate], F)).toMatchObject({
      ok: false,
      error: { code: "validation_failed", field },
    });
  });

  it("rejects rates that are not an array", () => {
    expect(parseRates("Availability", { type: "availability", value: "1" }, F)).toMatchObject({
      ok: false,
      error: { code: "validation_failed", field: F },
    });
  });
});

describe("priceKey", () => {
  const rates = [
    { type: "availability", pence: 500 },
    { type: "utilisation", pence: 20000 },
  ] as const;
  it("orders availability before utilisation", () => {
    expect(priceKey("Availability & Utilisation", rates)).toEqual([500, 20000]);
    expect(priceKey("Utilisation", rates)).toEqual([20000]);
  });
  it("throws when a stored bid lacks the rate (a bug)", () => {
    expect(() => priceKey("Service Fee", rates)).toThrow(/no service_fee rate/);
  });
});
