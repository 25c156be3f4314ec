/**
 * Opens the database: embedded SQLite (better-sqlite3, WAL) by default, PostgreSQL (`pg`) when a URL is given.
 * The only place that knows which dialect is in use; repositories ask `dialectOf(db)` when SQL must differ.
 * A multi-host PostgreSQL URL (a pg_auto_failover cluster) gets a pool that follows the primary, and on
 * PostgreSQL a transaction cut by a lost connection before its COMMIT is run again once (docs/scale-out.md).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import {
  type DatabaseConnection,
  type Dialect,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type TransactionBuilder,
} from "kysely";
import pg from "pg";
import { boundedCache } from "./bounded-cache.js";
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startCheckpointer } from "./checkpointer.js";
import { isConnectionLoss } from "./connection-loss.js";
import { PrimaryPool, splitHosts } from "./primary-pool.js";
import type { Database } from "./schema.js";
import { nameRegisteredStatements } from "./statement-names.js";

export type DialectName = "sqlite" | "postgres";

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: DialectName;
  close(): Promise<void>;
  /** PostgreSQL: the pool's connections (open, idle) and clients waiting for one. */
  readonly poolStats?: () => { total: number; idle: number; waiting: number };
  /** Calls `observer` at the end of every transaction with its duration (seconds) and outcome (one observer). */
  observeTransactions(observer: TransactionObserver): void;
}

export type TransactionObserver = (seconds: number, outcome: "commit" | "rollback") => void;

/**
 * The dialect with its driver's BEGIN / COMMIT / ROLLBACK timed: the one place every transaction passes, whichever
 * code opened it. Costs a WeakMap write and a read per transaction.
 */
function observed(dialect: Dialect, hook: { observer?: TransactionObserver }): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver() {
      const driver = dialect.createDriver();
      const started = new WeakMap<DatabaseConnection, number>();
      const begin = driver.beginTransaction.bind(driver);
      const commit = driver.commitTransaction.bind(driver);
      const rollback = driver.rollbackTransaction.bind(driver);
      const end = (connection: DatabaseConnection, outcome: "commit" | "rollback") => {
        const at = started.get(connection);
        if (at !== undefined && hook.observer) hook.observer((performance.now() - at) / 1000, outcome);
      };
      driver.beginTransaction = async (connection, settings) => {
        started.set(connection, performance.now());
        await begin(connection, settings);
      };
      driver.commitTransaction = async (connection) => {
        await commit(connection);
        end(connection, "commit");
      };
      driver.rollbackTransaction = async (connection) => {
        await rollback(connection);
        end(connection, "rollback");
      };
      return driver;
    },
  };
}

// int8 (bigint) and numeric come back from pg as strings; our integers are all < 2^53, so parse them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  sqlitePath?: string;
  sqliteSynchronous?: "NORMAL" | "FULL";
  poolSize?: number;
  /** Told when a multi-host URL's pool settles on a (new) primary. */
  onPrimary?: (hostUrl: string) => void;
}

export function connect(options: ConnectOptions): Db {
  if (options.databaseUrl) {
    const max = options.poolSize ?? 10;
    const hosts = splitHosts(options.databaseUrl);
    let pool: pg.Pool | PrimaryPool;
    if (hosts) {
      pool = new PrimaryPool(hosts, { max, ...(options.onPrimary ? { onPrimary: options.onPrimary } : {}) });
    } else {
      pool = new pg.Pool({ connectionString: options.databaseUrl, max });
      ignoreClientErrors(pool);
    }
    const hook: { observer?: TransactionObserver } = {};
    const kysely = new RetryingKysely<Database>({ dialect: observed(new PostgresDialect({ pool }), hook) });
    const stats = (p: pg.Pool | PrimaryPool) =>
      p instanceof PrimaryPool ? p.stats : { total: p.totalCount, idle: p.idleCount, waiting: p.waitingCount };
    return {
      kysely,
      dialect: "postgres",
      close: () => kysely.destroy(),
      poolStats: () => stats(pool),
      observeTransactions: (observer) => {
        hook.observer = observer;
      },
    };
  }
  const path = options.sqlitePath ?? ":memory:";
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SqliteDatabase(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous ?? "NORMAL"}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -65536");
  // A file database is checkpointed by a worker thread, not by whichever commit fills the WAL (checkpointer.ts).
  const checkpointer = path === ":memory:" ? undefined : startCheckpointer(path);
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  const hook: { observer?: TransactionObserver } = {};
  const kysely = new Kysely<Database>({
    dialect: observed(new SqliteDialect({ database: withStatementCache(sqlite) }), hook),
  });
  return {
    kysely,
    dialect: "sqlite",
    observeTransactions: (observer) => {
      hook.observer = observer;
    },
    close: async () => {
      await checkpointer?.stop();
      await kysely.destroy();
    },
  };
}

/**
 * A connection's error event (the server shut down or the network cut) must not crash the process: the pool drops
 * an idle client by itself, and a client in use reports the loss to the query that runs next. Without a listener
 * on the client, a loss between two queries of a transaction was an uncaught exception.
 */
export function ignoreClientErrors(pool: pg.Pool): void {
  pool.on("error", () => {});
  pool.on("connect", (client) => {
    client.on("error", () => {});
    nameRegisteredStatements(client);
  });
}

/**
 * Kysely whose transactions are run again once when the connection is lost before the COMMIT was sent: the server
 * rolled that transaction back, so the second run starts from the same state (and reaches the new primary after a
 * failover). A loss during the COMMIT itself leaves the outcome unknown: that error is not retried but passed up,
 * and the client gets 503 with Retry-After (src/http/errors.ts), never a 2xx for a write that may be missing.
 */
export class RetryingKysely<DB> extends Kysely<DB> {
  override transaction(): TransactionBuilder<DB> {
    return retryingOnce(super.transaction());
  }
}

function retryingOnce<DB>(builder: TransactionBuilder<DB>): TransactionBuilder<DB> {
  const wrapped: Pick<TransactionBuilder<DB>, "execute" | "setAccessMode" | "setIsolationLevel"> = {
    setAccessMode: (mode) => retryingOnce(builder.setAccessMode(mode)),
    setIsolationLevel: (level) => retryingOnce(builder.setIsolationLevel(level)),
    execute: async (callback) => {
      let committing = false;
      const run = () =>
        builder.execute(async (tx) => {
          committing = false;
          const result = await callback(tx);
          committing = true;
          return result;
        });
      try {
        return await run();
      } catch (error) {
        if (committing || !isConnectionLoss(error)) throw error;
        return await run();
      }
    },
  };
  return wrapped as TransactionBuilder<DB>;
}

/** Statements kept prepared per SQL text (Kysely prepares every query anew; preparing dominated cheap requests). */
export const STATEMENT_CACHE_SIZE = 1000;
/**
 * The cache is also bounded by the total length of its SQL: a prepared statement holds native memory in proportion to
 * its text (about 33 bytes per character: a 500-row, 10-column insert, 11,000 characters, holds 365 KB), and
 * multi-row inserts and `in` lists have a text per row count. Bounded by count only, a few hundred distinct sizes
 * held hundreds of MB for good (docs/reliability.md, "Memory"). 1,000,000 characters ≈ 33 MB at most; a longer
 * statement than a tenth of that is prepared each time and never cached.
 */
export const STATEMENT_CACHE_CHARS = 1_000_000;

/** The part of a better-sqlite3 database Kysely's SQLite dialect uses, with prepared statements cached. */
export interface CachingSqlite {
  /** What is cached now (tests). */
  readonly cached: { statements: number; chars: number };
  close(): void;
  prepare(sql: string): SqliteDatabase.Statement;
}

export function withStatementCache(sqlite: SqliteDatabase.Database): CachingSqlite {
  // Oldest first out; statements with a placeholder count that differs per call get their own entry.
  const cache = boundedCache<string, SqliteDatabase.Statement>({
    entries: STATEMENT_CACHE_SIZE,
    size: STATEMENT_CACHE_CHARS,
  });
  return {
    /** What is cached now (tests). */
    get cached() {
      return { statements: cache.held.entries, chars: cache.held.size };
    },
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = sqlite.prepare(sql);
        cache.set(sql, statement, sql.length);
      }
      return statement;
    },
  };
}
