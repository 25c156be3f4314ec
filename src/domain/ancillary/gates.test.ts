import { describe, expect, it } from "vitest";
import { MINUTE_MS } from "../time.js";
import { checkGate, checkHorizon, describeInstant, gatesOf, platformGate } from "./gates.js";
import { findProduct } from "./products.js";

const utc = (iso: string) => Date.parse(iso);
const product = (code: string, day: string) => findProduct(code, day)!;

describe("gatesOf", () => {
  it("FCR: platform D-1 07:30, TSO D-1 08:00, result ≈ D-1 08:20 (Berlin)", () => {
    expect(gatesOf(product("NEGPOS_12_16", "2026-05-30"))).toEqual({
      platform: utc("2026-05-29T05:30:00Z"),
      tso: utc("2026-05-29T06:00:00Z"),
      expectedResult: utc("2026-05-29T06:20:00Z"),
    });
  });

  it("aFRR capacity: platform D-1 08:30, TSO D-1 09:00, result ≈ D-1 09:30 (Berlin)", () => {
    expect(gatesOf(product("NEG_00_04", "2026-01-15"))).toEqual({
      platform: utc("2026-01-14T07:30:00Z"),
      tso: utc("2026-01-14T08:00:00Z"),
      expectedResult: utc("2026-01-14T08:30:00Z"),
    });
  });

  it("aFRR energy: 25 minutes before its quarter-hour; result at its end", () => {
    expect(gatesOf(product("POS_001", "2026-05-30"))).toEqual({
      platform: utc("2026-05-29T21:35:00Z"),
      tso: utc("2026-05-29T21:35:00Z"),
      expectedResult: utc("2026-05-29T22:15:00Z"),
    });
  });

  it("uses the day before's own offset around DST switches", () => {
    // D-1 = 2026-03-28 (CET) and 2026-03-29 (CEST, the switch day itself).
    expect(platformGate(product("NEGPOS_00_04", "2026-03-29"))).toBe(utc("2026-03-28T06:30:00Z"));
    expect(platformGate(product("NEGPOS_00_04", "2026-03-30"))).toBe(utc("2026-03-29T05:30:00Z"));
    // D-1 = 2026-10-24 (CEST) and 2026-10-25 (CET after the switch).
    expect(platformGate(product("POS_00_04", "2026-10-25"))).toBe(utc("2026-10-24T06:30:00Z"));
    expect(platformGate(product("POS_00_04", "2026-10-26"))).toBe(utc("2026-10-25T07:30:00Z"));
    // The second 02:45 of the autumn day: quarter-hour 16 starts 01:45Z, its gate is 01:20Z.
    expect(platformGate(product("POS_016", "2026-10-25"))).toBe(utc("2026-10-25T01:20:00Z"));
  });
});

describe("checkGate", () => {
  const fcr = product("NEGPOS_00_04", "2026-05-30");
  const gate = utc("2026-05-29T05:30:00Z");

  it("is open one minute before the gate", () => {
    expect(checkGate(fcr, gate - MINUTE_MS, "[0].product")).toEqual({ ok: true, value: undefined });
    expect(checkGate(fcr, gate - 1, "[0].product").ok).toBe(true);
  });

  it("is closed exactly at the gate, naming it in local time and UTC", () => {
    const r = checkGate(fcr, gate, "[0].product");
    expect(r).toMatchObject({ ok: false, error: { code: "gate_closed", field: "[0].product" } });
    if (!r.ok) {
      expect(r.error.message).toContain("2026-05-29 07:30 Europe/Berlin");
      expect(r.error.message).toContain("2026-05-29T05:30:00Z");
      expect(r.error.message).toContain("FCR NEGPOS_00_04 on 2026-05-30");
    }
    expect(checkGate(fcr, gate + MINUTE_MS, "f").ok).toBe(false);
  });

  it("closes aFRR capacity at 08:30 and aFRR energy 25 minutes before delivery", () => {
    const capacity = product("POS_08_12", "2026-05-30");
    expect(checkGate(capacity, utc("2026-05-29T06:29:00Z"), "f").ok).toBe(true);
    expect(checkGate(capacity, utc("2026-05-29T06:30:00Z"), "f").ok).toBe(false);
    const energy = product("NEG_041", "2026-05-30"); // 10:00 local = 08:00Z
    expect(checkGate(energy, utc("2026-05-30T07:34:00Z"), "f").ok).toBe(true);
    const late = checkGate(energy, utc("2026-05-30T07:35:00Z"), "f");
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.error.message).toContain("2026-05-30 09:35 Europe/Berlin (2026-05-30T07:35:00Z)");
  });
});

describe("checkHorizon", () => {
  const now = utc("2026-05-23T10:00:00Z"); // 12:00 in Berlin, 2026-05-23

  it("opens FCR delivery days up to today (Berlin) + 7", () => {
    expect(checkHorizon(product("NEGPOS_00_04", "2026-05-30"), now, "f").ok).toBe(true);
    const r = checkHorizon(product("NEGPOS_00_04", "2026-05-31"), now, "[0].deliveryDay");
    expect(r).toMatchObject({ ok: false, error: { code: "delivery_day_too_far", field: "[0].deliveryDay" } });
  });

  it("counts today in Berlin, not in UTC", () => {
    const justAfterBerlinMidnight = utc("2026-05-23T22:30:00Z"); // 2026-05-24 00:30 in Berlin
    expect(checkHorizon(product("NEGPOS_00_04", "2026-05-31"), justAfterBerlinMidnight, "f").ok).toBe(true);
    expect(checkHorizon(product("NEGPOS_00_04", "2026-06-01"), justAfterBerlinMidnight, "f").ok).toBe(false);
  });

  it("does not limit aFRR", () => {
    expect(checkHorizon(product("POS_00_04", "2026-07-30"), now, "f").ok).toBe(true);
    expect(checkHorizon(product("POS_001", "2026-07-30"), now, "f").ok).toBe(true);
  });
});

describe("describeInstant", () => {
  it("shows local wall-clock time and the UTC instant", () => {
    expect(describeInstant(utc("2026-01-14T07:30:00Z"))).toBe("2026-01-14 08:30 Europe/Berlin (2026-01-14T07:30:00Z)");
  });
});
