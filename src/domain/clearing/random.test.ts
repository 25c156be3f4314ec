import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom, xoshiro128ss } from "./random.js";

describe("random (xoshiro128**)", () => {
  it("matches the reference xoshiro128** outputs for state [1, 2, 3, 4]", () => {
    const next = xoshiro128ss(1, 2, 3, 4);
    expect(Array.from({ length: 6 }, next)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it("is deterministic per seed and differs between seeds", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 20 }, createRandom(43).nextUint32)).not.toEqual(xs);
    expect(createRandom(2 ** 40).nextUint32()).not.toBe(createRandom(0).nextUint32());
    expect(createRandom(-1).nextUint32()).not.toBe(createRandom(2 ** 32 - 1).nextUint32());
  });

  it("nextInt stays in [min, max] for small and huge ranges", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        fc.integer({ min: 0, max: 2 ** 52 }),
        (seed, min, width) => {
          const r = createRandom(seed);
          for (let i = 0; i < 5; i++) {
            const x = r.nextInt(min, min + width);
            expect(Number.isSafeInteger(x) && x >= min && x <= min + width).toBe(true);
          }
        },
      ),
    );
  });

  it("nextInt covers a die's faces roughly uniformly", () => {
    const r = createRandom(1);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 6000; i++) counts[r.nextInt(1, 6) - 1]!++;
    for (const c of counts) expect(c).toBeGreaterThan(850);
  });

  it("nextFloat, nextChance, pick and fork", () => {
    const r = createRandom(9);
    for (let i = 0; i < 100; i++) {
      const f = r.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
    }
    expect(r.nextChance(0, 10)).toBe(false);
    expect(r.nextChance(10, 10)).toBe(true);
    expect(["a", "b"]).toContain(r.pick(["a", "b"]));
    expect(createRandom(5).fork().nextUint32()).toBe(createRandom(5).fork().nextUint32());
  });

  it("rejects bad arguments", () => {
    expect(() => createRandom(1.5)).toThrow(RangeError);
    expect(() => createRandom(1).nextInt(3, 2)).toThrow(RangeError);
    expect(() => createRandom(1).nextInt(-(2 ** 53), 2 ** 53)).toThrow(RangeError);
    expect(() => createRandom(1).pick([])).toThrow(RangeError);
  });
});
