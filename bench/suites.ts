/** The benchmark suites, listed explicitly. Each returns table rows with its same-run baseline. */
import { runSocBench } from "./soc.js";
import { runVirtualBatteryBench } from "./virtual-battery.js";

export interface Suite {
  name: string;
  run: () => Promise<Record<string, unknown>[]>;
}

export const SUITES: Suite[] = [
  { name: "soc", run: runSocBench },
  { name: "virtual-battery", run: runVirtualBatteryBench },
];
