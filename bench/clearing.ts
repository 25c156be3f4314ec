/**
 * Clearing benchmark: 1,000,000 synthetic FCR orders from a seeded generator, cleared by every registered
 * mechanism, against a same-run baseline: a native `Float64Array` sort of the same prices.
 * Median of 5 runs after one warm-up run each. Targets: every mechanism ≤ 3× the baseline and < 1 s.
 *
 *   npx tsx bench/clearing.ts
 *
 * Exits 0 whatever the figures (a bench, not a gate); the `ok` column says whether a target is met (wall time).
 * The cpu columns (process CPU time, GC threads included) are for reading figures on a shared machine, where
 * other processes inflate wall times run to run; they decide nothing.
 */
import { pathToFileURL } from "node:url";
import { CLEARING_MECHANISMS, MECHANISM_NAMES } from "../src/domain/clearing/registry.js";
import { generateSyntheticMarket } from "../src/domain/clearing/synthetic.js";

export interface ClearingBenchRow {
  readonly name: string;
  readonly ms: number;
  readonly baselineMs: number;
  readonly ratio: number;
  /** Median process CPU time of the same runs, and of the baseline's; their ratio. */
  readonly cpuMs: number;
  readonly baselineCpuMs: number;
  readonly cpuRatio: number;
}

const ORDER_COUNT = 1_000_000;
const RUNS = 5;
const SEED = 20260101;
export const MAX_RATIO = 3;
export const MAX_MS = 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time and median CPU time (ms) of `RUNS` runs of `run` after one warm-up; `prepare` is untimed. */
function time<T>(prepare: () => T, run: (prepared: T) => unknown): { wall: number; cpu: number } {
  let sink: unknown = run(prepare()); // warm-up
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const prepared = prepare();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    sink = run(prepared);
    samples.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuSamples.push((cpu.user + cpu.system) / 1000);
    sink = undefined;
  }
  void sink;
  return { wall: median(samples), cpu: median(cpuSamples) };
}

export async function runClearingBench(): Promise<ClearingBenchRow[]> {
  // Demand ≈ half the offered volume (1…10 MW per order, mean 5.5 MW), so the marginal order sits mid-merit-order.
  const { input } = generateSyntheticMarket({
    seed: SEED,
    market: "FCR",
    bidCount: ORDER_COUNT,
    demandMw: ORDER_COUNT * 2.75,
  });
  const prices = new Float64Array(input.orders.length);
  for (let i = 0; i < prices.length; i++) prices[i] = input.orders[i]!.price;

  const baseline = time(
    () => prices.slice(),
    (copy) => copy.sort(),
  );
  const baselineMs = baseline.wall;
  const baselineCpuMs = baseline.cpu;
  const rows: ClearingBenchRow[] = [];
  for (const name of MECHANISM_NAMES) {
    const mechanism = CLEARING_MECHANISMS[name];
    // marginal-energy: the synthetic FCR input has no seed, so the whole demand is activated (the heaviest case).
    const { wall: ms, cpu: cpuMs } = time(
      () => input,
      (i) => mechanism.clear(i),
    );
    rows.push({ name, ms, baselineMs, ratio: ms / baselineMs, cpuMs, baselineCpuMs, cpuRatio: cpuMs / baselineCpuMs });
  }
  return rows;
}

function printTable(rows: readonly ClearingBenchRow[]): void {
  const baselineMs = rows[0]?.baselineMs ?? Number.NaN;
  const baselineCpuMs = rows[0]?.baselineCpuMs ?? Number.NaN;
  const lines = [
    `clearing bench: ${ORDER_COUNT.toLocaleString("en")} orders, median of ${RUNS} after warm-up, node ${process.version}`,
    `${"name".padEnd(30)}${"ms".padStart(10)}${"ratio".padStart(10)}${"cpu ms".padStart(10)}${"cpu ratio".padStart(11)}  ok (≤ ${MAX_RATIO}× and < ${MAX_MS} ms)`,
    `${"Float64Array.sort (baseline)".padEnd(30)}${baselineMs.toFixed(1).padStart(10)}${"1.00".padStart(10)}${baselineCpuMs.toFixed(1).padStart(10)}${"1.00".padStart(11)}`,
    ...rows.map(
      (r) =>
        `${r.name.padEnd(30)}${r.ms.toFixed(1).padStart(10)}${r.ratio.toFixed(2).padStart(10)}${r.cpuMs
          .toFixed(1)
          .padStart(10)}${r.cpuRatio.toFixed(2).padStart(11)}  ${r.ratio <= MAX_RATIO && r.ms < MAX_MS ? "yes" : "NO"}`,
    ),
  ];
  console.log(lines.join("\n"));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printTable(await runClearingBench());
  process.exitCode = 0;
}
