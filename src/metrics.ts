/**
 * Prometheus metrics (prom-client), one registry per running app, created by `createDeps`. Every metric is listed
 * with its meaning in docs/operating.md#metrics; docs/grafana-dashboard.json plots them.
 *
 * The hot path stays cheap: the HTTP histogram's label children are looked up once per route and status and kept
 * (src/http/metrics.ts), so a request costs one Map lookup and one `observe`. Values that live elsewhere (pool
 * connections, outbox depth, optimizer queue, job lag) are read only when Prometheus scrapes.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LONG_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120];
const SIZES = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

export interface Metrics {
  readonly registry: Registry;
  readonly httpRequestDuration: Histogram<"method" | "route" | "status">;
  readonly dbTransactionDuration: Histogram<"outcome">;
  readonly engineTicks: Counter<"kind">;
  readonly engineTickFailures: Counter<"kind">;
  readonly webhookAttempts: Counter<"outcome">;
  readonly webhookFailures: Counter;
  readonly clearingDuration: Histogram<"market">;
  readonly clearingBids: Histogram<"market">;
  readonly optimizerSolveDuration: Histogram<"outcome">;
  readonly rateLimitRefusals: Counter;
  /** Records that a job's tick for clock instant `clockMs` completed (for `flexmarket_engine_lag_seconds`). */
  tickCompleted(kind: string, clockMs: number): void;
  /** Sources read at scrape time; each is set once by its owner. */
  readFrom(sources: MetricSources): void;
  /** Node.js process metrics (CPU, memory, event loop lag, GC) too: for the server process, not for tests. */
  collectProcessMetrics(): void;
}

export interface MetricSources {
  /** The clock's now, epoch ms (the engine's lag is measured against it). */
  clockNow?: () => number;
  /** PostgreSQL pool: connections open, idle, and clients waiting for one. */
  pool?: () => { total: number; idle: number; waiting: number };
  /** Webhook deliveries pending. */
  outboxDepth?: () => Promise<number>;
  /** Optimizer solves queued or running. */
  optimizerQueue?: () => number;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const sources: MetricSources = {};
  const lastTick = new Map<string, number>();

  const engineLag = new Gauge({
    name: "flexmarket_engine_lag_seconds",
    help: "Clock time since the clock instant of the job's last completed tick (grows when a job stalls or fails)",
    labelNames: ["kind"],
    registers,
    collect() {
      const now = sources.clockNow?.();
      if (now === undefined) return;
      for (const [kind, at] of lastTick) this.set({ kind }, Math.max(0, (now - at) / 1000));
    },
  });
  void engineLag;
  new Gauge({
    name: "flexmarket_db_pool_connections",
    help: "PostgreSQL pool connections by state: total (open), idle, waiting (clients queued for one)",
    labelNames: ["state"],
    registers,
    collect() {
      const pool = sources.pool?.();
      if (!pool) return;
      this.set({ state: "total" }, pool.total);
      this.set({ state: "idle" }, pool.idle);
      this.set({ state: "waiting" }, pool.waiting);
    },
  });
  new Gauge({
    name: "flexmarket_webhook_outbox_depth",
    help: "Webhook deliveries waiting for an attempt (due now or retrying later)",
    registers,
    async collect() {
      if (sources.outboxDepth) this.set(await sources.outboxDepth());
    },
  });
  new Gauge({
    name: "flexmarket_optimizer_queue_length",
    help: "Optimizer solves queued or running on the worker pool",
    registers,
    collect() {
      this.set(sources.optimizerQueue?.() ?? 0);
    },
  });

  let processMetrics = false;
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "flexmarket_http_request_duration_seconds",
      help: "HTTP requests by method, route pattern and status: latency (seconds); _count is the number of requests",
      labelNames: ["method", "route", "status"],
      buckets: SECONDS,
      registers,
    }),
    dbTransactionDuration: new Histogram({
      name: "flexmarket_db_transaction_duration_seconds",
      help: "Database transactions from BEGIN to COMMIT or ROLLBACK (seconds), by outcome",
      labelNames: ["outcome"],
      buckets: SECONDS,
      registers,
    }),
    engineTicks: new Counter({
      name: "flexmarket_engine_ticks_total",
      help: "Engine job runs (ticks), by job kind",
      labelNames: ["kind"],
      registers,
    }),
    engineTickFailures: new Counter({
      name: "flexmarket_engine_tick_failures_total",
      help: "Engine job runs that failed (logged as 'engine tick failed'), by job kind",
      labelNames: ["kind"],
      registers,
    }),
    webhookAttempts: new Counter({
      name: "flexmarket_webhook_attempts_total",
      help: "Webhook delivery attempts by outcome: succeeded, retry (failed, tried again later), give_up, lease_lost",
      labelNames: ["outcome"],
      registers,
    }),
    webhookFailures: new Counter({
      name: "flexmarket_webhook_failures_total",
      help: "Webhook deliveries given up (their last attempt failed or their 24 h deadline passed)",
      registers,
    }),
    clearingDuration: new Histogram({
      name: "flexmarket_clearing_duration_seconds",
      help: "Sandbox TSO auction clearing of one product, reading bids to writing results (seconds), by market",
      labelNames: ["market"],
      buckets: LONG_SECONDS,
      registers,
    }),
    clearingBids: new Histogram({
      name: "flexmarket_clearing_bids",
      help: "Bids given a result by one product's clearing, by market",
      labelNames: ["market"],
      buckets: SIZES,
      registers,
    }),
    optimizerSolveDuration: new Histogram({
      name: "flexmarket_optimizer_solve_duration_seconds",
      help: "Optimizer runs (POST …/optimize), queue wait included (seconds), by outcome: ok or invalid",
      labelNames: ["outcome"],
      buckets: LONG_SECONDS,
      registers,
    }),
    rateLimitRefusals: new Counter({
      name: "flexmarket_rate_limit_refusals_total",
      help: "Requests refused with 429 by the per-credential rate limit",
      registers,
    }),
    tickCompleted(kind, clockMs) {
      lastTick.set(kind, clockMs);
    },
    readFrom(given) {
      Object.assign(sources, given);
    },
    collectProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
  };
}
