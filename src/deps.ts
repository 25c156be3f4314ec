/**
 * The composition root: everything with I/O or state is created here once and passed down explicitly.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import pinoPretty from "pino-pretty";
import { parseClock } from "./clock.js";
import type { Config } from "./config.js";
import { type CredentialCheck, createCredentialCheck } from "./credentials.js";
import { connect, type Db } from "./db/connect.js";
import { countPendingDeliveries } from "./db/repositories/webhooks-deliveries.js";
import { type Clock, systemClock } from "./domain/time.js";
import { createOptimizerPool, type OptimizerPool } from "./engine/optimizer-pool.js";
import { createMetrics, type Metrics } from "./metrics.js";
import type { HashCost } from "./secrets.js";
import { createTokenService, type TokenService } from "./tokens.js";

export interface Deps {
  readonly config: Config;
  readonly db: Db;
  /** The market clock: market events (gates, auctions, competitions) run on it; it may be simulated. */
  readonly clock: Clock;
  /**
   * Real time, whatever the market clock: tokens, credential checks, timeouts and webhook retry back-off run on it
   * (a simulated market must not make a one-hour token live six seconds).
   */
  readonly wallClock: Clock;
  readonly tokens: TokenService;
  readonly credentials: CredentialCheck;
  /** The optimizer's worker pool (workers start on first use; close it on shutdown). */
  readonly optimizer: OptimizerPool;
  readonly logger: Logger;
  readonly hashCost: HashCost;
  readonly metrics: Metrics;
}

export interface DepsOverrides {
  db?: Db;
  clock?: Clock;
  wallClock?: Clock;
  optimizer?: OptimizerPool;
  logger?: Logger;
  hashCost?: HashCost;
}

/** Paths of request/log fields that must never reach the logs. */
export const REDACT = [
  "req.headers.authorization",
  "headers.authorization",
  "api_key",
  "password",
  "token",
  "access_token",
  "refresh_token",
  "secret",
];

/**
 * JSON lines for machines, or (`pretty`, or `auto` on a terminal) coloured lines for a person through pino-pretty
 * in this thread. Redaction runs before either form is written: pino-pretty only reformats the redacted JSON.
 */
export function createLogger(config: Config, stdoutIsTty = process.stdout.isTTY === true): Logger {
  const options = { level: config.logLevel, redact: { paths: REDACT, censor: "[redacted]" } };
  const pretty = config.logFormat === "pretty" || (config.logFormat === "auto" && stdoutIsTty);
  if (!pretty) return pino(options);
  return pino(options, pinoPretty({ colorize: true, translateTime: "SYS:HH:MM:ss.l", sync: true }));
}

/** The signing secret: FLEXMARKET_SECRET, else a key generated once and kept in the data directory. */
export function resolveSecret(config: Config): string {
  if (config.secret) return config.secret;
  const file = join(config.dataDir, "signing.key");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      // `wx`: if another process created it first, read theirs.
      writeFileSync(file, secret, { flag: "wx", mode: 0o600 });
      return secret;
    } catch {
      return readFileSync(file, "utf8").trim();
    }
  }
}

export function createDeps(config: Config, overrides: DepsOverrides = {}): Deps {
  const logger = overrides.logger ?? createLogger(config);
  const db =
    overrides.db ??
    connect({
      databaseUrl: config.databaseUrl,
      sqlitePath: config.sqlitePath,
      sqliteSynchronous: config.sqliteSynchronous,
      // Host and port only: the URL may carry a password.
      onPrimary: (hostUrl) => logger.info({ primary: new URL(hostUrl).host }, "database primary found"),
    });
  const wallClock = overrides.wallClock ?? systemClock;
  const clock = overrides.clock ?? parseClock(config.clock);
  const optimizer =
    overrides.optimizer ??
    createOptimizerPool({
      ...(config.optimizerWorkers > 0 ? { size: config.optimizerWorkers } : {}),
      tenantQueue: config.optimizerQueue,
    });
  const metrics = createMetrics();
  db.observeTransactions((seconds, outcome) => metrics.dbTransactionDuration.observe({ outcome }, seconds));
  metrics.readFrom({
    clockNow: () => clock.now(),
    pool: db.poolStats,
    outboxDepth: () => countPendingDeliveries(db.kysely),
    optimizerQueue: () => optimizer.pending,
  });
  return {
    config,
    db,
    clock,
    wallClock,
    metrics,
    tokens: createTokenService(
      resolveSecret(config),
      { access: config.accessTokenTtlSeconds, refresh: config.refreshTokenTtlSeconds },
      () => wallClock.now(),
    ),
    credentials: createCredentialCheck(db, { ttlMs: config.revocationCheckMs, now: () => wallClock.now() }),
    optimizer,
    logger,
    hashCost: overrides.hashCost ?? "standard",
  };
}
