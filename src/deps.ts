/**
 * The composition root: everything with I/O or state is created here once and passed down explicitly.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pino, { type Logger } from "pino";
import { parseClock } from "./clock.js";
import type { Config } from "./config.js";
import { connect, type Db } from "./db/connect.js";
import type { Clock } from "./domain/time.js";
import type { HashCost } from "./secrets.js";
import { createTokenService, type TokenService } from "./tokens.js";

export interface Deps {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly tokens: TokenService;
  readonly logger: Logger;
  readonly hashCost: HashCost;
}

export interface DepsOverrides {
  db?: Db;
  clock?: Clock;
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

export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACT, censor: "[redacted]" } });
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
  return {
    config,
    db,
    clock: overrides.clock ?? parseClock(config.clock),
    tokens: createTokenService(resolveSecret(config), {
      access: config.accessTokenTtlSeconds,
      refresh: config.refreshTokenTtlSeconds,
    }),
    logger,
    hashCost: overrides.hashCost ?? "standard",
  };
}
