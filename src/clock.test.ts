import { describe, expect, it } from "vitest";
import { parseClock } from "./clock.js";

describe("parseClock", () => {
  it("runs a simulated clock from a given instant at the given speed", () => {
    let real = 1_000_000;
    const clock = parseClock("sim:2026-06-01T06:00:00Z:x60", () => real);
    expect(new Date(clock.now()).toISOString()).toBe("2026-06-01T06:00:00.000Z");
    real += 1_000;
    expect(new Date(clock.now()).toISOString()).toBe("2026-06-01T06:01:00.000Z");
  });

  it("starts a sim:now clock at the real time of start-up", () => {
    let real = Date.UTC(2026, 10, 23, 12, 0, 0);
    const clock = parseClock("sim:now:x600", () => real);
    expect(clock.now()).toBe(Date.UTC(2026, 10, 23, 12, 0, 0));
    real += 1_000;
    expect(clock.now()).toBe(Date.UTC(2026, 10, 23, 12, 10, 0));
  });

  it("refuses anything else with a message naming the forms", () => {
    expect(() => parseClock("sim:yesterday:x2")).toThrow(/RFC 3339/);
    expect(() => parseClock("fast")).toThrow(/sim:now:x<speed>/);
  });
});
