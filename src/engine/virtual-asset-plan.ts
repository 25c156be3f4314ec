/**
 * One virtual asset's plan: the state of energy at the horizon start projected from its schedules, then the
 * optimizer with the solver the caller passes (no pool of its own: the server's is `deps.optimizer`).
 */
import type { BlockSchedule } from "../domain/ancillary/schedule.js";
import { netPowerPerSlot, simulateEnergy } from "../domain/ancillary/soc.js";
import type { VirtualAssetSpec } from "../domain/ancillary/virtual-asset.js";
import { ok, type Result } from "../domain/errors.js";
import { buildHorizon } from "../domain/optimizer/horizon.js";
import { prepareData } from "../domain/optimizer/model.js";
import { optimize } from "../domain/optimizer/optimize.js";
import type { OptimizerInput, OptimizerPlan, Solver } from "../domain/optimizer/types.js";
import { QUARTER_HOUR_MS } from "../domain/time.js";

/** What the agent (or the endpoint, or the CLI) asks for one virtual asset. */
export interface VirtualAssetPlanRequest extends Omit<OptimizerInput, "asset" | "startEnergyMilliWh"> {
  readonly asset: VirtualAssetSpec;
  /** The asset's blocks with their current schedules: the state of energy at the horizon start is projected from them. */
  readonly blocks?: readonly BlockSchedule[];
  /** Overrides the projection (e.g. a measured SoC). */
  readonly startEnergyMilliWh?: number;
}

/**
 * The state of energy of `asset` at `at`, projected from its initial energy through its current schedules
 * (the same simulation as `GET …/state-of-charge/projected`).
 */
export function projectedEnergyAt(asset: VirtualAssetSpec, blocks: readonly BlockSchedule[], at: number): number {
  const initial = asset.initialEnergyWh * 1000;
  const slots = Math.max(0, Math.floor((at - asset.start) / QUARTER_HOUR_MS));
  if (slots === 0) return initial;
  const net = netPowerPerSlot(asset, blocks).subarray(0, slots);
  const { energiesMilliWh } = simulateEnergy(asset, net, initial);
  return energiesMilliWh.length === 0 ? initial : energiesMilliWh[energiesMilliWh.length - 1]!;
}

/**
 * Optimizes one virtual asset: its SoC at the horizon start (projected from its schedules unless given), then
 * `optimize` with the given solver (the server's is a request's admission to `deps.optimizer`). Invalid input →
 * `{ok: false}`; a solver failure or time-out is never an error (the greedy plan answers and says so).
 */
export async function planForVirtualAsset(
  request: VirtualAssetPlanRequest,
  solver: Solver,
): Promise<Result<OptimizerPlan>> {
  const { blocks, startEnergyMilliWh, ...rest } = request;
  let start = startEnergyMilliWh;
  if (start === undefined) {
    const probe = prepareData({ ...rest, startEnergyMilliWh: 0 });
    if (!probe.ok) return probe;
    const horizon = buildHorizon(request.horizon.firstDeliveryDay, request.horizon.days);
    start = Math.max(0, projectedEnergyAt(request.asset, blocks ?? [], horizon.start));
  }
  const result = await optimize({ ...rest, startEnergyMilliWh: start }, solver);
  return result.ok ? ok(result.value) : result;
}
