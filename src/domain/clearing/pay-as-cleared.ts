/**
 * pay-as-cleared — FCR capacity (docs/domain.md §2): the operator buys `demand` in merit order; every accepted order
 * is paid the marginal price, i.e. the price of the last (most expensive) accepted order. Whole-MW steps (1000 kW)
 * unless the input says otherwise.
 */
import { allocate, checkInput } from "./core.js";
import type { ClearingInput, ClearingMechanism, ClearingResult } from "./types.js";

const NAME = "pay-as-cleared";
const DEFAULT_STEP = 1000;

export function clearPayAsCleared(input: ClearingInput): ClearingResult {
  const step = checkInput(input, DEFAULT_STEP);
  return allocate(input, step, input.demand, { mechanism: NAME, settlement: "pay-as-cleared" });
}

export const payAsCleared: ClearingMechanism = {
  name: NAME,
  description: "FCR: merit order, every accepted order paid the marginal (clearing) price",
  settlement: "pay-as-cleared",
  settlementPrice: "uniform",
  defaultStep: DEFAULT_STEP,
  clear: clearPayAsCleared,
};
