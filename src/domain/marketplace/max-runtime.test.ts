import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMaxRuntime, MAX_RUNTIME_LIMIT_SECONDS, parseMaxRuntime } from "./max-runtime.js";

describe("parseMaxRuntime", () => {
  it.each([
    ["01:30:00", 5_400],
    ["1 01:30:00", 91_800],
    ["1T01:30:00", 91_800],
    ["0 00:00:01", 1],
    ["0T23:59:59", 86_399],
    ["36:00:00", 129_600],
    ["100:00:00", 360_000],
    ["1:05:00", 3_900],
    ["12 00:00:00", 1_036_800],
    ["999999999 23:59:59", MAX_RUNTIME_LIMIT_SECONDS],
  ])("reads %j as %i seconds", (text, seconds) => {
    expect(parseMaxRuntime(text, "bids[0].max_runtime")).toEqual({ ok: true, value: seconds });
  });

  it.each([
    ["", "empty"],
    ["-01:30:00", "negative"],
    ["-1 01:30:00", "negative"],
    ["00:00:00", "zero"],
    ["0 00:00:00", "zero"],
    ["01:60:00", "minutes ≥ 60"],
    ["01:30:60", "seconds ≥ 60"],
    ["1 24:00:00", "hours ≥ 24 beside a day count"],
    ["1T25:00:00", "hours ≥ 24 beside a day count"],
    ["01:30", "no seconds"],
    ["5400", "bare seconds"],
    ["1:5:0", "one-digit minutes"],
    [" 01:30:00", "leading space"],
    ["01:30:00 ", "trailing space"],
    ["1  01:30:00", "two spaces"],
    ["1t01:30:00", "lower-case t"],
    ["1 day, 01:30:00", "Python str(timedelta)"],
    ["P1DT1H30M", "ISO 8601"],
    ["01:30:00.5", "fraction of a second"],
    ["abc", "garbage"],
    ["1000000000 00:00:00", "beyond timedelta.max"],
    ["240000000000:00:00", "more than 11 hour digits"],
    ["99999999999:00:00", "beyond timedelta.max in hours"],
  ])("rejects %j (%s)", (text) => {
    const r = parseMaxRuntime(text, "bids[0].max_runtime");
    expect(r).toMatchObject({ ok: false, error: { code: "max_runtime_invalid", field: "bids[0].max_runtime" } });
  });

  it.each([[5400], [null], [undefined], [{}], [["01:30:00"]]])("rejects the non-string %j", (value) => {
    expect(parseMaxRuntime(value, "f")).toMatchObject({ ok: false, error: { code: "max_runtime_invalid" } });
  });

  it("names the broken part in its message", () => {
    const r = parseMaxRuntime("01:75:00", "f");
    expect(r.ok ? "" : r.error.message).toContain("minutes 75");
  });
});

describe("formatMaxRuntime (Django duration_string)", () => {
  it.each([
    [5_400, "01:30:00"],
    [1, "00:00:01"],
    [86_399, "23:59:59"],
    [86_400, "1 00:00:00"],
    [91_800, "1 01:30:00"],
    [129_600, "1 12:00:00"],
    [1_036_800, "12 00:00:00"],
  ])("writes %i s as %j", (seconds, text) => {
    expect(formatMaxRuntime(seconds)).toBe(text);
  });

  it("throws on a non-integer or negative count (a bug, never user input)", () => {
    expect(() => formatMaxRuntime(-1)).toThrow(RangeError);
    expect(() => formatMaxRuntime(1.5)).toThrow(RangeError);
  });

  it("round-trips every valid duration through its own form", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_RUNTIME_LIMIT_SECONDS }), (seconds) => {
        expect(parseMaxRuntime(formatMaxRuntime(seconds), "f")).toEqual({ ok: true, value: seconds });
      }),
      { numRuns: 300 },
    );
  });

  it("reads the three written forms of one duration alike", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 1, max: 59 }),
        (d, h, m, s) => {
          const hms = (hours: number) =>
            `${String(hours).padStart(2, "0")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
          const expected = d * 86_400 + h * 3_600 + m * 60 + s;
          expect(parseMaxRuntime(`${d} ${hms(h)}`, "f")).toEqual({ ok: true, value: expected });
          expect(parseMaxRuntime(`${d}T${hms(h)}`, "f")).toEqual({ ok: true, value: expected });
          expect(parseMaxRuntime(hms(d * 24 + h), "f")).toEqual({ ok: true, value: expected });
        },
      ),
      { numRuns: 200 },
    );
  });
});
