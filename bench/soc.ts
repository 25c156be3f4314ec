/** State-of-energy simulation of a week (672 slots), against summing the same Int32Array in the same run. */
import { simulateEnergy } from "../src/domain/ancillary/soc.js";
import type { VirtualAssetSpec } from "../src/domain/ancillary/virtual-asset.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function runSocBench(): Promise<Record<string, unknown>[]> {
  const asset: VirtualAssetSpec = {
    id: "bench",
    start: 0,
    end: 672 * 900_000,
    energyCapacityWh: 4_000_000,
    availableEnergyCapacityWh: 4_000_000,
    ratedChargePowerKw: 2000,
    ratedDischargePowerKw: 2000,
    chargeEfficiency: 943_000,
    dischargeEfficiency: 943_000,
    rampRateKwPerMin: 0,
    dailyCycleLimitPpm: 2_000_000,
    annualCycleLimit: 730,
    totalAllowedCycles: 7300,
    dispatchGateClosureSeconds: 480,
    protectedDurationSeconds: 0,
    initialEnergyWh: 2_000_000,
    finalSoCTolerance: 10_000,
  };
  const plan = Int32Array.from({ length: 672 }, (_, i) => ((i * 7919) % 4001) - 2000);
  const time = (fn: () => void, runs = 2000) => {
    for (let i = 0; i < 200; i++) fn();
    const samples: number[] = [];
    for (let r = 0; r < 7; r++) {
      const t = performance.now();
      for (let i = 0; i < runs; i++) fn();
      samples.push(((performance.now() - t) / runs) * 1000);
    }
    return median(samples);
  };
  let sink = 0;
  const baseline = time(() => {
    for (let i = 0; i < plan.length; i++) sink += plan[i]!;
  });
  const sim = time(() => {
    sink += simulateEnergy(asset, plan, 2_000_000_000).energiesMilliWh.length;
  });
  void sink;
  return [
    { benchmark: "sum 672 Int32 (baseline)", "µs/run": baseline.toFixed(2) },
    {
      benchmark: "simulateEnergy 672 slots",
      "µs/run": sim.toFixed(2),
      "vs baseline": `${(sim / baseline).toFixed(1)}×`,
    },
  ];
}
