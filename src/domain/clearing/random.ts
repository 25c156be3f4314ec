/**
 * A small seeded pseudo-random generator: xoshiro128** (Blackman & Vigna), its 128-bit state filled from the
 * seed by splitmix32. Deterministic across platforms (32-bit integer arithmetic only), never `Math.random`.
 * Not cryptographic. A generator is stateful: pass it in (or a seed) and never share one between runs that must
 * be reproducible independently.
 */

export interface Random {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform integer in [min, max], both inclusive safe integers (unbiased, rejection sampling). */
  nextInt(min: number, max: number): number;
  /** A uniform float in [0, 1) with 53 random bits (for simulation, never for money). */
  nextFloat(): number;
  /** True with probability `numerator / denominator` (integers, exact). */
  nextChance(numerator: number, denominator: number): boolean;
  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new generator seeded from this one (advances this one). */
  fork(): Random;
}

const TWO_32 = 0x1_0000_0000;
const TWO_53 = 2 ** 53;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator from any safe integer seed (negative and > 2^32 seeds are mixed in whole). */
export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  const mix = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d));
  const nextUint32 = xoshiro128ss(mix() ^ hi, mix(), mix(), mix());

  /** A uniform integer in [0, 2^53). */
  const next53 = (): number => (nextUint32() >>> 11) * TWO_32 + nextUint32();

  const random: Random = {
    nextUint32,
    nextInt(min: number, max: number): number {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
        throw new RangeError(`nextInt needs safe integers min ≤ max, got ${min}, ${max}`);
      }
      const range = max - min + 1;
      if (!Number.isSafeInteger(range)) throw new RangeError("nextInt range exceeds 2^53");
      if (range <= TWO_32) {
        const limit = TWO_32 - (TWO_32 % range);
        let x = nextUint32();
        while (x >= limit) x = nextUint32();
        return min + (x % range);
      }
      const limit = TWO_53 - (TWO_53 % range);
      let x = next53();
      while (x >= limit) x = next53();
      return min + (x % range);
    },
    nextFloat(): number {
      return next53() / TWO_53;
    },
    nextChance(numerator: number, denominator: number): boolean {
      if (!Number.isSafeInteger(denominator) || denominator < 1) throw new RangeError("denominator must be ≥ 1");
      return random.nextInt(0, denominator - 1) < numerator;
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError("pick from an empty array");
      return items[random.nextInt(0, items.length - 1)] as T;
    },
    fork(): Random {
      return createRandom(next53());
    },
  };
  return random;
}

/** The bare xoshiro128** step from a 128-bit state (four 32-bit words, not all zero): uniform uint32s. */
export function xoshiro128ss(s0: number, s1: number, s2: number, s3: number): () => number {
  let a = s0 | 0;
  let b = s1 | 0;
  let c = s2 | 0;
  let d = s3 | 0;
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
  return (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
