/**
 * Runs the migrations, listed explicitly (no directory scan, so bundlers and tsx agree). Portable across
 * SQLite and PostgreSQL. Several processes starting at once on PostgreSQL are serialised by Kysely's
 * migration lock.
 */
import { type Migration, Migrator } from "kysely";
import type { Db } from "./connect.js";
import * as m0001 from "./migrations/0001-core.js";
import * as m0002 from "./migrations/0002-marketplace.js";
import * as m0003 from "./migrations/0003-virtual-battery.js";
import * as m0004 from "./migrations/0004-webhooks.js";
import * as m0005 from "./migrations/0005-engine.js";
import * as m0006 from "./migrations/0006-tso-sandbox.js";
import * as m0007 from "./migrations/0007-dso-sandbox.js";
import * as m0008 from "./migrations/0008-leaner-bid-indexes.js";
import * as m0009 from "./migrations/0009-asset-wire-fields.js";
import * as m0010 from "./migrations/0010-control-area-names.js";
import * as m0011 from "./migrations/0011-revocation.js";
import * as m0012 from "./migrations/0012-audit-log.js";
import * as m0013 from "./migrations/0013-bids-version.js";

const MIGRATIONS: Record<string, Migration> = {
  "0001-core": m0001,
  "0002-marketplace": m0002,
  "0003-virtual-battery": m0003,
  "0004-webhooks": m0004,
  "0005-engine": m0005,
  "0006-tso-sandbox": m0006,
  "0007-dso-sandbox": m0007,
  "0008-leaner-bid-indexes": m0008,
  "0009-asset-wire-fields": m0009,
  "0010-control-area-names": m0010,
  "0011-revocation": m0011,
  "0012-audit-log": m0012,
  "0013-bids-version": m0013,
};

/** The migrations this version knows, in order (a database with any other is from a newer version). */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS);

/** Kysely's bookkeeping table: one row per applied migration. */
export const MIGRATION_TABLE = "kysely_migration";

export async function migrateToLatest(db: Db): Promise<string[]> {
  return migrateTo(db);
}

/** Runs the migrations up to `name` (all of them when undefined); tests use it to migrate rows written earlier. */
export async function migrateTo(db: Db, name?: string): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = name === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
