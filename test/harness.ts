/**
 * Test harness: an app per dialect. SQLite runs in memory; PostgreSQL runs when TEST_DATABASE_URL is set, each
 * harness in a fresh database of its own (created here, dropped on close), so tests never share state.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import pino from "pino";
import { type Config, loadConfig } from "../src/config.js";
import { connect, type Db, type DialectName } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { insertOrganisation } from "../src/db/repositories/organisations.js";
import type { Role } from "../src/db/schema.js";
import { createDeps, type Deps } from "../src/deps.js";
import { fixedClock } from "../src/domain/time.js";
import { type App, buildApp } from "../src/http/app.js";
import { newShortId } from "../src/ids.js";

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
  clock: ReturnType<typeof fixedClock>;
  config: Config;
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
  const deps = createDeps(config, { db, clock, hashCost: "low", logger: pino({ level: "silent" }) });
  const app = await buildApp(config, { deps });
  await app.ready();
  return {
    app,
    deps,
    db,
    clock,
    config,
    async org(role, name) {
      const id = newShortId();
      await insertOrganisation(db.kysely, {
        id,
        name: name ?? `${role} ${id}`,
        role,
        createdAt: new Date(T0).toISOString(),
      });
      const { token } = await deps.tokens.issue(
        { subject: `test-${id}`, organisationId: id, role },
        "access",
        clock.now(),
      );
      return { id, token, auth: { authorization: `Bearer ${token}` } };
    },
    async close() {
      await app.close();
      await db.close();
      await pgDb?.drop();
    },
  };
}
