import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fail } from "./errors.js";
import { parseRfc3339, parseRfc3339Temporal } from "./time.js";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Timestamps shaped like RFC 3339, with fields that may be out of range (2026-02-30, 24:00, :60, +24:00). */
const timestamp = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1900, 2000, 2024, 2025, 2026, 2100)),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    offset: fc.oneof(
      fc.constantFrom("Z", "z", "+00:00", "-00:00"),
      fc
        .record({
          sign: fc.constantFrom("+", "-"),
          h: fc.integer({ min: 0, max: 25 }),
          m: fc.integer({ min: 0, max: 60 }),
        })
        .map(({ sign, h, m }) => `${sign}${pad(h, 2)}:${pad(m, 2)}`),
    ),
    t: fc.constantFrom("T", "T", "T", "t"),
  })
  .map(
    (r) =>
      `${pad(r.year, 4)}-${pad(r.month, 2)}-${pad(r.day, 2)}${r.t}${pad(r.hour, 2)}:${pad(r.minute, 2)}:` +
      `${pad(r.second, 2)}${r.fraction === undefined ? "" : `.${r.fraction}`}${r.offset}`,
  );

/** The reference: the format check, then Temporal for everything. */
function reference(text: string) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i.test(text)) {
    return fail("validation_failed", "f must be an RFC 3339 timestamp such as 2025-06-17T12:00:00Z", "f");
  }
  return parseRfc3339Temporal(text, "f");
}

describe("parseRfc3339", () => {
  it("parses plain timestamps", () => {
    expect(parseRfc3339("2025-06-17T12:00:00Z", "f")).toEqual({ ok: true, value: Date.UTC(2025, 5, 17, 12) });
    expect(parseRfc3339("2024-02-29T23:30:00.5+01:00", "f")).toEqual({
      ok: true,
      value: Date.UTC(2024, 1, 29, 22, 30, 0, 500),
    });
    expect(parseRfc3339("2026-02-30T00:00:00Z", "f").ok).toBe(false);
    expect(parseRfc3339("2026-01-01T24:00:00Z", "f").ok).toBe(false);
  });

  it("agrees with the Temporal parse on generated timestamps, valid or not", () => {
    fc.assert(
      fc.property(timestamp, (text) => {
        expect(parseRfc3339(text, "f")).toEqual(reference(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it("agrees with the Temporal parse on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9T:.Zz+-]{10,40}$/)), (text) => {
        expect(parseRfc3339(text, "f")).toEqual(reference(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it("agrees with the Temporal parse on every valid day around leap days", () => {
    for (const year of [1900, 1999, 2000, 2023, 2024, 2100, 2400]) {
      for (let day = 27; day <= 31; day++) {
        for (const month of [1, 2, 3, 12]) {
          const text = `${year}-${pad(month, 2)}-${pad(day, 2)}T23:59:59.999999999-23:59`;
          expect(parseRfc3339(text, "f")).toEqual(parseRfc3339Temporal(text, "f"));
        }
      }
    }
  });
});
