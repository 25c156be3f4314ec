/**
 * marginal-energy — aFRR energy, one quarter-hour product (docs/domain.md §2): the TSO activates a volume; it is
 * bought in merit order and every activated order is paid the marginal price.
 *
 * The activated volume is `activationVolume` when given (an integer in [0, demand]); otherwise, with a `seed`,
 * it is drawn from the seeded generator uniformly in whole steps from [0, demand] (the sandbox's simulated
 * activation); otherwise the whole demand is activated. `demand` is the quarter-hour's maximum need.
 */
import { allocate, checkInput } from "./core.js";
import { createRandom } from "./random.js";
import { type ClearingInput, ClearingInputError, type ClearingMechanism, type ClearingResult } from "./types.js";

const NAME = "marginal-energy";
const DEFAULT_STEP = 1000;

/** The volume a marginal-energy run activates for `input` (see the module comment). */
export function resolveActivationVolume(input: ClearingInput, step: number): number {
  const given = input.activationVolume;
  if (given !== undefined) {
    if (!Number.isSafeInteger(given) || given < 0 || given > input.demand) {
      throw new ClearingInputError("activationVolume", `must be an integer in [0, demand = ${input.demand}]`);
    }
    return given;
  }
  if (input.seed !== undefined) {
    if (!Number.isSafeInteger(input.seed)) throw new ClearingInputError("seed", "must be a safe integer");
    return createRandom(input.seed).nextInt(0, Math.floor(input.demand / step)) * step;
  }
  return input.demand;
}

export function clearMarginalEnergy(input: ClearingInput): ClearingResult {
  const step = checkInput(input, DEFAULT_STEP);
  const volume = resolveActivationVolume(input, step);
  return allocate(input, step, volume, { mechanism: NAME, settlement: "pay-as-cleared" });
}

export const marginalEnergy: ClearingMechanism = {
  name: NAME,
  description: "aFRR energy per quarter-hour: an activated volume in merit order, all paid the marginal price",
  settlement: "pay-as-cleared",
  settlementPrice: "none",
  defaultStep: DEFAULT_STEP,
  clear: clearMarginalEnergy,
};
