import { describe, expect, it } from "vitest";
import {
  BASE_DELAY_MS,
  MAX_DELAY_MS,
  nextStepAfterFailure,
  RETRY_WINDOW_MS,
  retryDelayMs,
  seededRandom,
} from "./backoff.js";

describe("webhook retry back-off", () => {
  it("doubles from 30 s and caps at 4 h, nominally", () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, mid))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(10, mid)).toBe(MAX_DELAY_MS);
    expect(retryDelayMs(100, mid)).toBe(MAX_DELAY_MS);
  });

  it("jitters by at most ±20 %, as the injected randomness says", () => {
    expect(retryDelayMs(1, () => 0)).toBe(BASE_DELAY_MS * 0.8);
    expect(retryDelayMs(1, () => 0.999999)).toBeCloseTo(BASE_DELAY_MS * 1.2, -1);
    const random = seededRandom(7);
    for (let n = 1; n <= 20; n++) {
      const nominal = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (n - 1));
      const d = retryDelayMs(n, random);
      expect(d).toBeGreaterThanOrEqual(nominal * 0.8);
      expect(d).toBeLessThanOrEqual(nominal * 1.2);
    }
  });

  it("is reproducible with the same seed and differs between seeds", () => {
    const run = (seed: number) => {
      const r = seededRandom(seed);
      return [1, 2, 3, 4].map((n) => retryDelayMs(n, r));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });

  it("never schedules past the deadline, retries at it, and gives up after it", () => {
    const deadline = RETRY_WINDOW_MS;
    const random = seededRandom(1);
    let now = 0;
    let failures = 0;
    const attempts: number[] = [0];
    for (;;) {
      failures++;
      const step = nextStepAfterFailure({ now, deadline, failedAttempts: failures, random });
      if (step.kind === "give_up") break;
      expect(step.at).toBeGreaterThan(now);
      expect(step.at).toBeLessThanOrEqual(deadline);
      now = step.at;
      attempts.push(now);
    }
    expect(attempts.at(-1)).toBe(deadline);
    expect(attempts.length).toBeGreaterThanOrEqual(12);
    expect(attempts.length).toBeLessThanOrEqual(16);
  });

  it("stretches the delay by the clock's speed, so it lasts the same real time", () => {
    const step = nextStepAfterFailure({ now: 0, deadline: 1e12, failedAttempts: 1, random: () => 0.5, speed: 600 });
    expect(step).toEqual({ kind: "retry", at: 30_000 * 600 });
  });

  it("refuses a nonsensical attempt count (a bug)", () => {
    expect(() => retryDelayMs(0, Math.random)).toThrow();
  });
});
