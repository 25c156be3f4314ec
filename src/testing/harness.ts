/**
 * Test harness: an app per dialect. SQLite runs in memory; PostgreSQL runs when TEST_DATABASE_URL is set, each
 * harness in a fresh database of its own (created here, dropped on close), so tests never share state.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import pino from "pino";
import { type Config, loadConfig } from "../config.js";
import { connect, type Db, type DialectName } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";
import { insertApiKey, insertOrganisation } from "../db/repositories/organisations.js";
import type { Role } from "../db/schema.js";
import { isUniqueViolation } from "../db/unique.js";
import { createDeps, type Deps } from "../deps.js";
import { fixedClock } from "../domain/time.js";
import { buildApp } from "../http/app.js";
import type { App } from "../http/operation.js";
import { newShortId } from "../ids.js";

export const DIALECTS: DialectName[] = process.env.TEST_DATABASE_URL ? ["sqlite", "postgres"] : ["sqlite"];

/** 2026-06-01T08:00:00Z, a Monday: the default "now" of tests. */
export const T0 = Date.UTC(2026, 5, 1, 8, 0, 0);

/** A fresh PostgreSQL database on TEST_DATABASE_URL's server, named `<prefix>_<random>`; `drop` removes it. */
export async function createPgDatabase(prefix = "fm_test"): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface Harness {
  app: App;
  deps: Deps;
  db: Db;
  /** The market clock. */
  clock: ReturnType<typeof fixedClock>;
  /** Real time as the server sees it (tokens, credential checks): starts at the real now, moves only when told. */
  wallClock: ReturnType<typeof fixedClock>;
  config: Config;
  /**
   * An access token of `organisationId` through an API key `test-<organisationId>` (created if missing; it has no
   * usable secret), so revoking that key refuses the token.
   */
  token(organisationId: string, role: Role): Promise<{ token: string; auth: { authorization: string } }>;
  /** A new organisation with an access token. */
  org(role: Role, name?: string): Promise<{ id: string; token: string; auth: { authorization: string } }>;
  close(): Promise<void>;
}

export async function createHarness(dialect: DialectName, overrides: Partial<Config> = {}): Promise<Harness> {
  const pgDb = dialect === "postgres" ? await createPgDatabase() : undefined;
  const config = loadConfig(
    { FLEXMARKET_SECRET: "test-secret-test-secret-test-secret", FLEXMARKET_DEMO: "0", LOG_LEVEL: "silent" },
    { databaseUrl: pgDb?.url, sqlitePath: ":memory:", engine: false, rateLimitPerMinute: 0, ...overrides },
  );
  const db = connect({ databaseUrl: config.databaseUrl, sqlitePath: ":memory:", poolSize: 5 });
  await migrateToLatest(db);
  const clock = fixedClock(T0);
  const wallClock = fixedClock(Date.now());
  const deps = createDeps(config, { db, clock, wallClock, hashCost: "low", logger: pino({ level: "silent" }) });
  const app = await buildApp(config, { deps });
  await app.ready();
  const token = async (organisationId: string, role: Role) => {
    const clientId = `test-${organisationId}`;
    try {
      await insertApiKey(db.kysely, {
        clientId,
        organisationId,
        name: "test key",
        secretHash: "-",
        createdAt: new Date(T0).toISOString(),
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const issued = await deps.tokens.issue({ subject: clientId, organisationId, role, credential: "key" }, "access");
    return { token: issued.token, auth: { authorization: `Bearer ${issued.token}` } };
  };
  return {
    app,
    deps,
    db,
    clock,
    wallClock,
    config,
    token,
    async org(role, name) {
      const id = newShortId();
      await insertOrganisation(db.kysely, {
        id,
        name: name ?? `${role} ${id}`,
        role,
        createdAt: new Date(T0).toISOString(),
      });
      return { id, ...(await token(id, role)) };
    },
    async close() {
      await app.close();
      await deps.optimizer.close();
      await db.close();
      await pgDb?.drop();
    },
  };
}

/**
 * A second instance of `h`'s app, with read models and groups of its own and, on PostgreSQL, its own connection pool
 * (as another API process would have), on the same database and clock. `close` leaves `h` open.
 */
export async function secondInstance(h: Harness): Promise<Harness> {
  const db = h.config.databaseUrl ? connect({ databaseUrl: h.config.databaseUrl, poolSize: 2 }) : undefined;
  const app: App = await buildApp(h.config, { deps: { ...h.deps, db: db ?? h.db } });
  await app.ready();
  return {
    ...h,
    app,
    db: db ?? h.db,
    async close() {
      await app.close();
      await db?.close();
    },
  };
}

/** Transactions `h`'s database has committed so far (the app's metric): group commit makes fewer than requests. */
export async function commitsOf(h: Harness): Promise<number> {
  const metric = await h.deps.metrics.dbTransactionDuration.get();
  return metric.values.find((v) => v.metricName?.endsWith("_count") && v.labels.outcome === "commit")?.value ?? 0;
}
