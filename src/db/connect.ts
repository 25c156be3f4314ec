/**
 * Opens the database: embedded SQLite (better-sqlite3, WAL) by default, PostgreSQL (`pg`) when a URL is given.
 * The only place that knows which dialect is in use; repositories ask `dialectOf(db)` when SQL must differ.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { type DatabaseConnection, type Dialect, Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { BACKSTOP_AUTOCHECKPOINT_PAGES, startCheckpointer } from "./checkpointer.js";
import type { Database } from "./schema.js";

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
}

export function connect(options: ConnectOptions): Db {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client's error (e.g. the server restarted) must not crash the process.
    pool.on("error", () => {});
    const hook: { observer?: TransactionObserver } = {};
    const kysely = new Kysely<Database>({ dialect: observed(new PostgresDialect({ pool }), hook) });
    return {
      kysely,
      dialect: "postgres",
      close: () => kysely.destroy(),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
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

export function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>();
  let chars = 0;
  return {
    /** What is cached now (tests). */
    get cached() {
      return { statements: cache.size, chars };
    },
    close: () => {
      cache.clear();
      chars = 0;
      sqlite.close();
    },
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = sqlite.prepare(sql);
        if (sql.length > STATEMENT_CACHE_CHARS / 10) return statement;
        // Oldest first out; statements with a placeholder count that differs per call get their own entry.
        while (cache.size >= STATEMENT_CACHE_SIZE || (cache.size > 0 && chars + sql.length > STATEMENT_CACHE_CHARS)) {
          const oldest = cache.keys().next().value as string;
          cache.delete(oldest);
          chars -= oldest.length;
        }
        cache.set(sql, statement);
        chars += sql.length;
      }
      return statement;
    },
  };
}
