/**
 * The benchmark suites, listed explicitly. Each returns table rows with its same-run baseline, except `burst`, which
 * reports what a gate-closure burst gets (acknowledged, refused, lost, latency) against the gate itself.
 */
import { runBurstBench } from "./burst.js";
import { runClearingBench } from "./clearing.js";
import { runMarketplaceBench } from "./marketplace.js";
import { runOptimizerBench } from "./optimizer.js";
import { runSocBench } from "./soc.js";
import { runTsoAuctionBench } from "./tso-auction.js";
import { runVirtualBatteryBench } from "./virtual-battery.js";

export interface Suite {
  name: string;
  run: () => Promise<Record<string, unknown>[]>;
}

export const SUITES: Suite[] = [
  { name: "burst", run: runBurstBench },
  { name: "clearing", run: async () => (await runClearingBench()).map((r) => ({ ...r })) },
  { name: "marketplace", run: runMarketplaceBench },
  { name: "optimizer", run: runOptimizerBench },
  { name: "soc", run: runSocBench },
  { name: "tso-auction", run: runTsoAuctionBench },
  { name: "virtual-battery", run: runVirtualBatteryBench },
];
