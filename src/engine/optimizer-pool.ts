/**
 * The optimizer's worker-thread pool: HiGHS solves block their thread for up to the time limit, so the server runs
 * them in worker threads (`optimizer-worker.ts`), each with its own HiGHS instance loaded and warmed once.
 *
 * - `createOptimizerPool()` → a `Solver` (queue, one solve per worker at a time), `admit(tenant, budgetMs)` for a
 *   request of one tenant (fair queueing across tenants, a bounded queue per tenant, the request's time limit
 *   enforced from admission: queueing counts), and `close()`. The server's pool is `deps.optimizer`.
 * - Every solve has a watchdog: HiGHS stops itself at `timeLimitSeconds`; a worker that has not answered
 *   `graceMs` later is terminated and replaced, and the solve rejects — `optimize` then answers with the greedy
 *   plan and says why. A crashed worker is replaced the same way.
 * - Idle workers do not keep the process alive (`unref`); a solve in flight does (its watchdog timer).
 *
 * The worker runs the TypeScript sources through tsx when this module is TypeScript itself (`npm start`, tests),
 * and the compiled `.js` sibling otherwise (dist/, which the package and `bin/flexmarket.mjs` run).
 */
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import type { LinearProgram } from "../domain/optimizer/linear-program.js";
import type { SolveOptions, Solver, SolverSolution } from "../domain/optimizer/types.js";

export interface OptimizerPoolOptions {
  /** Worker threads (default: cores − 1, at least 2, at most 4). */
  readonly size?: number;
  /** How long past the solve's time limit a worker may take before it is replaced, ms (default 1000). */
  readonly graceMs?: number;
  /** Requests one tenant may have admitted at once, solving or waiting (default 4); beyond, `admit` refuses. */
  readonly tenantQueue?: number;
  /** Workers one tenant may hold at once (default: all but one when there are several, so another tenant is served). */
  readonly tenantWorkers?: number;
}

/** A request admitted for a tenant: its solves queue fairly, end by its deadline; `release` when done. */
export type Admission =
  | { readonly ok: true; readonly solver: Solver; release(): void }
  | { readonly ok: false; readonly retryAfterSeconds: number };

export interface OptimizerPool {
  /** Solves outside any tenant (CLI, agent): queued like a tenant of their own, without a deadline. */
  readonly solver: Solver;
  /**
   * Admits one request of `tenant` whose solves must all end within `budgetMs` of real time from now (queueing
   * included, the workers' one-time start-up not): each solve's time limit is cut to what is left, and a solve still queued at the deadline fails (the
   * optimizer then answers with the greedy plan). Refused when the tenant already has `tenantQueue` requests.
   */
  admit(tenant: string, budgetMs: number): Admission;
  /** Number of live workers (0 until the first solve or `ready()`: workers start on first use). */
  readonly size: number;
  /** Solves waiting for a worker plus those running. */
  readonly pending: number;
  /** Starts the workers if needed; resolves when every worker has loaded HiGHS. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

interface Job {
  readonly id: number;
  readonly tenant: string;
  readonly problem: LinearProgram;
  readonly options: SolveOptions;
  /** performance.now() by which the solve must have ended; Infinity without one. */
  readonly deadline: number;
  readonly resolve: (solution: SolverSolution) => void;
  readonly reject: (error: Error) => void;
  expiry: NodeJS.Timeout | null;
}

interface AdmittedRequest {
  /** performance.now() by which all its solves must have ended. */
  deadline: number;
  /** Whether the workers' start-up (once per pool) has been waited for and left out of the deadline. */
  warm: boolean;
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

/**
 * Fairness (docs/optimizer.md, "Fair sharing"): one queue per tenant, the least recently served first, so a tenant
 * with many requests waits behind its own, not in front of everyone; a tenant holds at most `tenantWorkers` workers; and at
 * most `tenantQueue` of its requests are admitted at once.
 */
export function createOptimizerPool(options: OptimizerPoolOptions = {}): OptimizerPool {
  // At least two by default: with the one-worker-less share below, a tenant's long solve never leaves the others
  // without a worker (a solve is not pre-empted; one worker would make them wait for its whole time limit).
  const size = Math.max(1, options.size ?? Math.min(4, Math.max(2, availableParallelism() - 1)));
  const graceMs = options.graceMs ?? 1000;
  const tenantQueue = Math.max(1, options.tenantQueue ?? 4);
  const tenantWorkers = Math.max(1, options.tenantWorkers ?? Math.max(1, size - 1));
  /** Waiting jobs per tenant (only tenants with some), and when each tenant was last served (a counter). */
  const queues = new Map<string, Job[]>();
  const lastServed = new Map<string, number>();
  let serves = 0;
  const running = new Map<string, number>();
  /** Admitted requests per tenant. */
  const admitted = new Map<string, Set<AdmittedRequest>>();
  const slots: Slot[] = [];
  let started = false;
  let nextId = 1;
  let closed = false;

  const finish = (slot: Slot) => {
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.watchdog = null;
    if (slot.job) {
      const tenant = slot.job.tenant;
      const n = (running.get(tenant) ?? 1) - 1;
      if (n > 0) running.set(tenant, n);
      else running.delete(tenant);
      // an idle tenant is forgotten (the map stays as small as the tenants at work); it comes back as new
      if (n <= 0 && !queues.has(tenant)) lastServed.delete(tenant);
    }
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

  const start = () => {
    if (started || closed) return;
    started = true;
    for (let i = 0; i < size; i++) slots.push(spawn());
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

  /** Removes a waiting job from its tenant's queue (false if it is not waiting any more). */
  function unqueue(job: Job): boolean {
    const queue = queues.get(job.tenant);
    const index = queue ? queue.indexOf(job) : -1;
    if (index < 0) return false;
    queue!.splice(index, 1);
    if (queue!.length === 0) queues.delete(job.tenant);
    if (job.expiry) clearTimeout(job.expiry);
    return true;
  }

  /**
   * The next job: of the waiting tenant served least recently (a tenant new to the pool first) among those that may
   * take another worker — round-robin in effect, where a tenant arriving behind a flood is next.
   */
  function takeNext(): Job | undefined {
    let pick: string | undefined;
    let pickServed = Number.POSITIVE_INFINITY;
    for (const tenant of queues.keys()) {
      if ((running.get(tenant) ?? 0) >= tenantWorkers) continue;
      const served = lastServed.get(tenant) ?? 0;
      if (served < pickServed) {
        pick = tenant;
        pickServed = served;
      }
    }
    if (pick === undefined) return undefined;
    const job = queues.get(pick)![0]!;
    unqueue(job);
    lastServed.set(pick, ++serves);
    return job;
  }

  function dispatch() {
    for (const slot of slots) {
      if (queues.size === 0) return;
      if (!slot.isReady || slot.job) continue;
      let job = takeNext();
      let leftMs = job ? job.deadline - performance.now() : 0;
      while (job && leftMs <= 0) {
        job.reject(new Error("the request's time limit ran out while its solve was queued"));
        job = takeNext();
        leftMs = job ? job.deadline - performance.now() : 0;
      }
      if (!job) return;
      slot.job = job;
      running.set(job.tenant, (running.get(job.tenant) ?? 0) + 1);
      slot.worker.ref();
      const limitSeconds = Math.min(Math.max(0, job.options.timeLimitSeconds), leftMs / 1000);
      const limitMs = limitSeconds * 1000;
      slot.watchdog = setTimeout(
        () => replace(slot, `solver worker did not answer within ${Math.round(limitMs + graceMs)} ms`),
        limitMs + graceMs,
      );
      slot.worker.postMessage({
        id: job.id,
        problem: job.problem,
        options: { ...job.options, timeLimitSeconds: limitSeconds },
      });
    }
  }

  /** Resolves once every worker has loaded HiGHS (their one-time start-up does not count against a request). */
  const warm = async () => {
    start();
    if (slots.every((slot) => slot.isReady)) return;
    await Promise.allSettled(slots.map((slot) => slot.ready));
  };

  /** `request`: the admitted request whose deadline its solves share (none for the tenant-less solver). */
  const solverFor = (tenant: string, request: AdmittedRequest | null): Solver => ({
    solve: async (problem, solveOptions) => {
      if (request && !request.warm) {
        const before = performance.now();
        await warm();
        request.deadline += performance.now() - before;
        request.warm = true;
      } else if (!request) {
        start();
      }
      return new Promise<SolverSolution>((resolve, reject) => {
        if (closed) {
          reject(new Error("the optimizer pool is closed"));
          return;
        }
        start();
        const deadline = request ? request.deadline : Number.POSITIVE_INFINITY;
        const job: Job = {
          id: nextId++,
          tenant,
          problem,
          options: solveOptions,
          deadline,
          resolve,
          reject,
          expiry: null,
        };
        if (Number.isFinite(deadline)) {
          job.expiry = setTimeout(
            () => {
              if (unqueue(job)) job.reject(new Error("the request's time limit ran out while its solve was queued"));
            },
            Math.max(0, deadline - performance.now()),
          );
          job.expiry.unref();
        }
        let queue = queues.get(tenant);
        if (!queue) {
          queue = [];
          queues.set(tenant, queue);
        }
        queue.push(job);
        dispatch();
      });
    },
  });

  return {
    solver: solverFor("", null),
    admit(tenant, budgetMs) {
      const now = performance.now();
      let requests = admitted.get(tenant);
      if (requests && requests.size >= tenantQueue) {
        // the earliest of its requests ends by its deadline
        let earliest = Number.POSITIVE_INFINITY;
        for (const r of requests) earliest = Math.min(earliest, r.deadline);
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((earliest - now) / 1000)) };
      }
      if (!requests) {
        requests = new Set();
        admitted.set(tenant, requests);
      }
      const request: AdmittedRequest = { deadline: now + budgetMs, warm: false };
      requests.add(request);
      let released = false;
      return {
        ok: true,
        solver: solverFor(tenant, request),
        release() {
          if (released) return;
          released = true;
          requests.delete(request);
          if (requests.size === 0 && admitted.get(tenant) === requests) admitted.delete(tenant);
        },
      };
    },
    get size() {
      return slots.length;
    },
    get pending() {
      let waiting = 0;
      for (const queue of queues.values()) waiting += queue.length;
      return waiting + slots.filter((s) => s.job !== null).length;
    },
    ready: async () => {
      start();
      await Promise.all(slots.map((s) => s.ready));
    },
    close: async () => {
      closed = true;
      for (const queue of queues.values()) {
        for (const job of queue.splice(0)) {
          if (job.expiry) clearTimeout(job.expiry);
          job.reject(new Error("the optimizer pool is closed"));
        }
      }
      queues.clear();
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
