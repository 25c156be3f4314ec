/**
 * The optimizer's worker-thread pool: HiGHS solves block their thread for up to the time limit, so the server runs
 * them in worker threads (`optimizer-worker.ts`), each with its own HiGHS instance loaded and warmed once.
 *
 * - `createOptimizerPool()` → a `Solver` (queue, one solve per worker at a time) and `close()`.
 * - Every solve has a watchdog: HiGHS stops itself at `timeLimitSeconds`; a worker that has not answered
 *   `graceMs` later is terminated and replaced, and the solve rejects — `optimize` then answers with the greedy
 *   plan and says why. A crashed worker is replaced the same way.
 * - Idle workers do not keep the process alive (`unref`); a solve in flight does (its watchdog timer).
 * - `planForVirtualAsset()` is the library entry the agent, the endpoint and the CLI call.
 *
 * The worker runs the TypeScript sources through tsx when this module is TypeScript itself (dev, tests,
 * `bin/flexmarket.mjs`), and the compiled `.js` sibling otherwise.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { BlockSchedule } from "../domain/ancillary/schedule.js";
import { netPowerPerSlot, simulateEnergy } from "../domain/ancillary/soc.js";
import type { VirtualAssetSpec } from "../domain/ancillary/virtual-asset.js";
import { ok, type Result } from "../domain/errors.js";
import { buildHorizon } from "../domain/optimizer/horizon.js";
import type { LinearProgram } from "../domain/optimizer/linear-program.js";
import { prepareData } from "../domain/optimizer/model.js";
import { optimize } from "../domain/optimizer/optimize.js";
import type { OptimizerInput, OptimizerPlan, SolveOptions, Solver, SolverSolution } from "../domain/optimizer/types.js";
import { QUARTER_HOUR_MS } from "../domain/time.js";

export interface OptimizerPoolOptions {
  /** Worker threads (default: cores − 1, at least 1, at most 4). */
  readonly size?: number;
  /** How long past the solve's time limit a worker may take before it is replaced, ms (default 1000). */
  readonly graceMs?: number;
}

export interface OptimizerPool {
  readonly solver: Solver;
  /** Number of live workers. */
  readonly size: number;
  /** Solves waiting for a worker plus those running. */
  readonly pending: number;
  /** Resolves when every worker has loaded HiGHS. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

interface Job {
  readonly id: number;
  readonly problem: LinearProgram;
  readonly options: SolveOptions;
  readonly resolve: (solution: SolverSolution) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  job: Job | null;
  watchdog: NodeJS.Timeout | null;
}

/**
 * Starts the worker. Under TypeScript (tsx) a small evaluated bootstrap registers tsx's loader inside the worker
 * thread first (`execArgv: ["--import", "tsx"]` is not honoured by workers of every runner, e.g. vitest's forks).
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./optimizer-worker.js", import.meta.url));
  const entry = new URL("./optimizer-worker.ts", import.meta.url).href;
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const bootstrap = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

export function createOptimizerPool(options: OptimizerPoolOptions = {}): OptimizerPool {
  const size = Math.max(1, options.size ?? Math.min(4, Math.max(1, availableParallelism() - 1)));
  const graceMs = options.graceMs ?? 1000;
  const queue: Job[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot) => {
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.watchdog = null;
    slot.job = null;
    slot.worker.unref();
  };

  const spawn = (): Slot => {
    const worker = startWorker();
    worker.unref();
    const slot: Slot = { worker, ready: Promise.resolve(), isReady: false, job: null, watchdog: null };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("exit", () => reject(new Error("optimizer worker exited while starting")));
      worker.on("message", (message: { ready?: true; id?: number; solution?: SolverSolution; error?: string }) => {
        if (message.ready) {
          slot.isReady = true;
          resolve();
          dispatch();
          return;
        }
        const job = slot.job;
        if (!job || message.id !== job.id) return;
        finish(slot);
        if (message.solution) job.resolve(message.solution);
        else job.reject(new Error(message.error ?? "optimizer worker failed"));
        dispatch();
      });
    });
    slot.ready.catch(() => {});
    worker.on("error", (error) => replace(slot, `optimizer worker crashed: ${error.message}`));
    worker.on("exit", () => replace(slot, "optimizer worker exited"));
    return slot;
  };

  /** Drops a worker (failing its job) and starts another in its place. */
  function replace(slot: Slot, reason: string) {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    const job = slot.job;
    finish(slot);
    slots.splice(index, 1);
    slot.worker.removeAllListeners("exit");
    void slot.worker.terminate();
    if (job) job.reject(new Error(reason));
    if (!closed) {
      slots.push(spawn());
      dispatch();
    }
  }

  function dispatch() {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (!slot.isReady || slot.job) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      const limitMs = Math.max(0, job.options.timeLimitSeconds) * 1000;
      slot.watchdog = setTimeout(
        () => replace(slot, `solver worker did not answer within ${limitMs + graceMs} ms`),
        limitMs + graceMs,
      );
      slot.worker.postMessage({ id: job.id, problem: job.problem, options: job.options });
    }
  }

  for (let i = 0; i < size; i++) slots.push(spawn());

  const solver: Solver = {
    solve: (problem, solveOptions) =>
      new Promise<SolverSolution>((resolve, reject) => {
        if (closed) {
          reject(new Error("the optimizer pool is closed"));
          return;
        }
        queue.push({ id: nextId++, problem, options: solveOptions, resolve, reject });
        dispatch();
      }),
  };

  return {
    solver,
    get size() {
      return slots.length;
    },
    get pending() {
      return queue.length + slots.filter((s) => s.job !== null).length;
    },
    ready: async () => {
      await Promise.all(slots.map((s) => s.ready));
    },
    close: async () => {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error("the optimizer pool is closed"));
      const all = slots.splice(0);
      for (const slot of all) {
        const job = slot.job;
        finish(slot);
        slot.worker.removeAllListeners("exit");
        if (job) job.reject(new Error("the optimizer pool is closed"));
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}

let shared: OptimizerPool | null = null;

/** Solves queued or running on the process-wide pool (0 before its first use). */
export function optimizerQueueLength(): number {
  return shared?.pending ?? 0;
}

/** The process-wide pool (created on first use; its idle workers never keep the process alive). */
export function sharedOptimizerPool(): OptimizerPool {
  shared ??= createOptimizerPool();
  return shared;
}

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
 * `optimize` with the given solver (default: the shared worker pool). Invalid input → `{ok: false}`; a solver
 * failure or time-out is never an error (the greedy plan answers and says so).
 */
export async function planForVirtualAsset(
  request: VirtualAssetPlanRequest,
  solver: Solver = sharedOptimizerPool().solver,
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
