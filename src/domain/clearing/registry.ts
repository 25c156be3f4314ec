/**
 * The clearing mechanisms by name (after the ASSUME framework's clearing registry): one `clear(input) → result` signature; the engine
 * picks a mechanism by name, never by branching on a market inside a mechanism. Add a mechanism by writing its
 * file and listing it here; the invariant tests (invariants.test.ts) then run over it automatically. Which
 * mechanism a TSO market clears with is its row of the market catalogue (src/domain/markets/catalogue.ts).
 */
import { dsoWindow } from "./dso-window.js";
import { marginalEnergy } from "./marginal-energy.js";
import { payAsBid } from "./pay-as-bid.js";
import { payAsCleared } from "./pay-as-cleared.js";
import type { ClearingInput, ClearingMechanism, ClearingResult } from "./types.js";

export const CLEARING_MECHANISMS = {
  "pay-as-cleared": payAsCleared,
  "pay-as-bid": payAsBid,
  "marginal-energy": marginalEnergy,
  "dso-window": dsoWindow,
} as const satisfies Record<string, ClearingMechanism>;

export type MechanismName = keyof typeof CLEARING_MECHANISMS;

export const MECHANISM_NAMES = Object.freeze(Object.keys(CLEARING_MECHANISMS) as MechanismName[]);

export function isMechanismName(name: string): name is MechanismName {
  return Object.hasOwn(CLEARING_MECHANISMS, name);
}

/** The mechanism registered under `name`, or undefined. */
export function getMechanism(name: string): ClearingMechanism | undefined {
  return isMechanismName(name) ? CLEARING_MECHANISMS[name] : undefined;
}

/** Whether a mechanism clears an activated volume, which the sandbox draws from a seed (marginal-energy). */
export const drawsActivation = (name: MechanismName): boolean => name === "marginal-energy";

/** Clears `input` with the mechanism registered under `name`. */
export function clear(name: MechanismName, input: ClearingInput): ClearingResult {
  return CLEARING_MECHANISMS[name].clear(input);
}
