/**
 * Configuration: the only reader of `process.env`. Everything else receives a frozen, typed Config.
 */
import { resolve } from "node:path";

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Directory for the embedded database and the generated signing key. */
  readonly dataDir: string;
  /** PostgreSQL connection string; when absent the embedded SQLite database is used. */
  readonly databaseUrl: string | undefined;
  /** SQLite file path, or ":memory:" (tests). Ignored with `databaseUrl`. */
  readonly sqlitePath: string;
  /** SQLite `synchronous` pragma: NORMAL survives a killed process (WAL); FULL also survives power loss. */
  readonly sqliteSynchronous: "NORMAL" | "FULL";
  /** Load demo data into an empty database. */
  readonly demo: boolean;
  /** Token signing secret; when absent one is generated once and kept in the data directory. */
  readonly secret: string | undefined;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** How long (real time) a credential's "still valid" answer is kept: the delay before a revocation bites, ms. */
  readonly revocationCheckMs: number;
  readonly logLevel: string;
  /** `pretty` (coloured lines for a person), `json` (one object a line), or `auto`: pretty when stdout is a terminal. */
  readonly logFormat: "auto" | "pretty" | "json";
  /** `real`, or `sim:<RFC3339>:x<speed>` for a simulated clock. */
  readonly clock: string;
  /** Run the clock-driven engine (scheduler) in this process. */
  readonly engine: boolean;
  /** Maximum request body in bytes. */
  readonly bodyLimit: number;
  /** Requests per minute per credential (0 disables rate limiting). */
  readonly rateLimitPerMinute: number;
  /** Redis shared by every API process for the rate limit; without it each process counts alone (docs/scale-out.md). */
  readonly redisUrl: string | undefined;
  readonly webhookAllowPrivate: boolean;
  /** Optimizer worker threads (0: cores − 1, at least 2, at most 4). */
  readonly optimizerWorkers: number;
  /** `/optimize` requests one organisation may have in the optimizer at once (solving or waiting); beyond → 429. */
  readonly optimizerQueue: number;
  /** A connection must send a request's headers within this time, ms (slow-header clients are cut off). */
  readonly headersTimeoutMs: number;
  /** A connection must send a whole request (headers and body) within this time, ms. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time, ms. */
  readonly keepAliveTimeoutMs: number;
  /** A socket with no activity at all is closed after this time, ms. */
  readonly connectionTimeoutMs: number;
  /** Bearer token that opens `GET /metrics` on the API port; unset: 404 there. */
  readonly metricsToken: string | undefined;
  /** Serve `/metrics` on this port of its own instead of the API port. */
  readonly metricsPort: number | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

function intFrom(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function boolFrom(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw.toLowerCase())) return true;
  if (["0", "false", "no", "off"].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be 1 or 0, got "${raw}"`);
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const dataDir = resolve(env.FLEXMARKET_DATA ?? "./data");
  const sync = (env.FLEXMARKET_SQLITE_SYNC ?? "NORMAL").toUpperCase();
  if (sync !== "NORMAL" && sync !== "FULL") throw new Error("FLEXMARKET_SQLITE_SYNC must be NORMAL or FULL");
  const logFormat = (env.FLEXMARKET_LOG_FORMAT || "auto").toLowerCase();
  if (logFormat !== "auto" && logFormat !== "pretty" && logFormat !== "json") {
    throw new Error(`FLEXMARKET_LOG_FORMAT must be auto, pretty or json, got "${env.FLEXMARKET_LOG_FORMAT}"`);
  }
  const config: Config = {
    port: intFrom(env, "PORT", 8080),
    host: env.HOST ?? "0.0.0.0",
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    sqlitePath: env.FLEXMARKET_SQLITE_PATH ?? resolve(dataDir, "flexmarket.db"),
    sqliteSynchronous: sync,
    demo: boolFrom(env, "FLEXMARKET_DEMO", true),
    secret: env.FLEXMARKET_SECRET || undefined,
    accessTokenTtlSeconds: intFrom(env, "FLEXMARKET_TOKEN_TTL", 3600),
    refreshTokenTtlSeconds: intFrom(env, "FLEXMARKET_REFRESH_TTL", 30 * 24 * 3600),
    revocationCheckMs: intFrom(env, "FLEXMARKET_REVOCATION_CHECK_MS", 5_000),
    logLevel: env.LOG_LEVEL ?? "info",
    logFormat,
    clock: env.FLEXMARKET_CLOCK ?? "real",
    engine: boolFrom(env, "FLEXMARKET_ENGINE", true),
    bodyLimit: intFrom(env, "FLEXMARKET_BODY_LIMIT", 1024 * 1024),
    rateLimitPerMinute: intFrom(env, "FLEXMARKET_RATE_LIMIT", 6000),
    redisUrl: env.REDIS_URL || undefined,
    webhookAllowPrivate: boolFrom(env, "FLEXMARKET_WEBHOOK_ALLOW_PRIVATE", false),
    optimizerWorkers: intFrom(env, "FLEXMARKET_OPTIMIZER_WORKERS", 0),
    optimizerQueue: intFrom(env, "FLEXMARKET_OPTIMIZER_QUEUE", 4),
    headersTimeoutMs: intFrom(env, "FLEXMARKET_HEADERS_TIMEOUT_MS", 10_000),
    requestTimeoutMs: intFrom(env, "FLEXMARKET_REQUEST_TIMEOUT_MS", 60_000),
    keepAliveTimeoutMs: intFrom(env, "FLEXMARKET_KEEP_ALIVE_TIMEOUT_MS", 5_000),
    connectionTimeoutMs: intFrom(env, "FLEXMARKET_CONNECTION_TIMEOUT_MS", 120_000),
    metricsToken: env.FLEXMARKET_METRICS_TOKEN || undefined,
    metricsPort: env.FLEXMARKET_METRICS_PORT ? intFrom(env, "FLEXMARKET_METRICS_PORT", 0) : undefined,
    ...overrides,
  };
  if (config.headersTimeoutMs < 1 || config.requestTimeoutMs < config.headersTimeoutMs)
    throw new Error("FLEXMARKET_HEADERS_TIMEOUT_MS must be ≥ 1 and ≤ FLEXMARKET_REQUEST_TIMEOUT_MS");
  if (config.optimizerQueue < 1) throw new Error("FLEXMARKET_OPTIMIZER_QUEUE must be ≥ 1");
  if (config.keepAliveTimeoutMs < 1 || config.connectionTimeoutMs < 1)
    throw new Error("FLEXMARKET_KEEP_ALIVE_TIMEOUT_MS and FLEXMARKET_CONNECTION_TIMEOUT_MS must be ≥ 1");
  return Object.freeze(config);
}
