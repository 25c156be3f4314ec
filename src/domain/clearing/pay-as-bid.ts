/**
 * pay-as-bid — aFRR capacity (docs/domain.md §2): the operator buys `demand` in merit order; each accepted order is
 * paid its own price. `clearingPrice` is still the marginal price, for information. Whole-MW steps by default.
 */
import { allocate, checkInput } from "./core.js";
import type { ClearingInput, ClearingMechanism, ClearingResult } from "./types.js";

const NAME = "pay-as-bid";
const DEFAULT_STEP = 1000;

export function clearPayAsBid(input: ClearingInput): ClearingResult {
  const step = checkInput(input, DEFAULT_STEP);
  return allocate(input, step, input.demand, { mechanism: NAME, settlement: "pay-as-bid" });
}

export const payAsBid: ClearingMechanism = {
  name: NAME,
  description: "aFRR capacity: merit order, each accepted order paid its own price",
  settlement: "pay-as-bid",
  settlementPrice: "none",
  defaultStep: DEFAULT_STEP,
  clear: clearPayAsBid,
};
