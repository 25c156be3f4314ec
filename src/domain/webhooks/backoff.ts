/**
 * When a failed webhook delivery is tried again. Exponential back-off with jitter, bounded by a retry window:
 *
 * | failed attempts | nominal delay | with ±20 % jitter |
 * |---|---|---|
 * | 1 | 30 s | 24–36 s |
 * | 2 | 1 min | 48–72 s |
 * | n | 30 s · 2^(n−1) | ×0.8 … ×1.2 |
 * | 10+ | 4 h (cap) | 3 h 12 min – 4 h 48 min |
 *
 * Nothing is tried after `deadline` (first attempt + 24 h): the last retry is pulled forward to the deadline
 * itself, and a failure at or after it gives up. That is about 14 attempts in all.
 * Pure: the randomness is passed in (a seeded generator in tests).
 */
import { type EpochMs, HOUR_MS } from "../time.js";

export const RETRY_WINDOW_MS = 24 * HOUR_MS;
export const BASE_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 4 * HOUR_MS;
export const JITTER = 0.2;

/** A number in [0, 1). */
export type Random = () => number;

/** The delay after the `failedAttempts`-th failure (1-based), jittered by ±20 %. */
export function retryDelayMs(failedAttempts: number, random: Random): number {
  if (!Number.isInteger(failedAttempts) || failedAttempts < 1) throw new Error("failedAttempts must be ≥ 1");
  const nominal = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(failedAttempts - 1, 30));
  return Math.round(nominal * (1 - JITTER + 2 * JITTER * random()));
}

export type NextStep = { readonly kind: "retry"; readonly at: EpochMs } | { readonly kind: "give_up" };

/**
 * What to do after a failed attempt at `now`: retry at an instant ≤ `deadline`, or give up. The delays are real
 * time: `speed` is the clock's (clock ms per real ms, > 1 under a fast simulated clock), so a 30 s back-off is 30 real
 * seconds whatever the clock.
 */
export function nextStepAfterFailure(input: {
  readonly now: EpochMs;
  readonly deadline: EpochMs;
  readonly failedAttempts: number;
  readonly random: Random;
  readonly speed?: number;
}): NextStep {
  if (input.now >= input.deadline) return { kind: "give_up" };
  const delay = Math.round(retryDelayMs(input.failedAttempts, input.random) * (input.speed ?? 1));
  const at = Math.min(input.now + delay, input.deadline);
  return { kind: "retry", at };
}

/** mulberry32: a small deterministic generator for tests and reproducible runs. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
