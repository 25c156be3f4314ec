/**
 * What a failover does to a transaction and to the pool, on a real PostgreSQL (TEST_DATABASE_URL): a transaction
 * whose connection is cut before COMMIT runs again once and is stored once; a loss during COMMIT is passed up (its
 * outcome is unknown); a multi-host URL reaches the host that accepts writes. The whole failover against a
 * pg_auto_failover cluster: test/failover.test.ts. docs/scale-out.md.
 */
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgDatabase } from "../testing/harness.js";
import { connect, type Db, ignoreClientErrors, RetryingKysely } from "./connect.js";
import { isConnectionLoss } from "./connection-loss.js";

const pgUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!pgUrl)("a transaction cut by a lost connection (PostgreSQL)", () => {
  let scratch: Awaited<ReturnType<typeof createPgDatabase>>;
  let db: Db;
  let admin: pg.Client;

  beforeAll(async () => {
    scratch = await createPgDatabase("fm_failover");
    db = connect({ databaseUrl: scratch.url, poolSize: 3 });
    await sql`create table t (id int primary key, attempt int not null)`.execute(db.kysely);
    admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await db?.close();
    await scratch?.drop();
  });

  it("is run again once when the connection dies before COMMIT, and stored once", async () => {
    let attempts = 0;
    await db.kysely.transaction().execute(async (tx) => {
      attempts++;
      await sql`insert into t values (1, ${attempts})`.execute(tx);
      if (attempts === 1) {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
        // Another session terminates ours (57P01, as a shutdown or demotion of the primary does).
        await admin.query("select pg_terminate_backend($1)", [rows[0]!.pid]);
        await sql`select 1`.execute(tx);
      }
    });
    expect(attempts).toBe(2);
    const { rows } = await admin.query("select id, attempt from t where id = 1");
    expect(rows).toEqual([{ id: 1, attempt: 2 }]);
  });

  it("is not run a third time when the second run is cut too: the error goes up (→ 503)", async () => {
    let attempts = 0;
    const run = db.kysely.transaction().execute(async (tx) => {
      attempts++;
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
      await admin.query("select pg_terminate_backend($1)", [rows[0]!.pid]);
      await sql`select 1`.execute(tx);
    });
    await expect(run).rejects.toSatisfy(isConnectionLoss);
    expect(attempts).toBe(2);
  });

  it("is not run again when the connection dies during COMMIT (the outcome is unknown)", async () => {
    // A pool whose clients lose the connection exactly when COMMIT is sent.
    const real = new pg.Pool({ connectionString: scratch.url, max: 1 });
    ignoreClientErrors(real);
    const pool = {
      connect: async () => {
        const client = await real.connect();
        return {
          query: (text: string, params: unknown[]) =>
            text === "commit"
              ? Promise.reject(Object.assign(new Error("Connection terminated unexpectedly"), {}))
              : client.query(text, params),
          release: () => client.release(true),
        };
      },
      end: () => real.end(),
    };
    const kysely = new RetryingKysely<{ t: { id: number; attempt: number } }>({
      dialect: new PostgresDialect({ pool: pool as never }),
    });
    let attempts = 0;
    const run = kysely.transaction().execute(async (tx) => {
      attempts++;
      await tx.insertInto("t").values({ id: 3, attempt: attempts }).execute();
    });
    await expect(run).rejects.toThrow(/Connection terminated/);
    expect(attempts).toBe(1);
    await kysely.destroy();
  });

  it("a plain Kysely (what the retry replaces) fails the first time", async () => {
    const pool = new pg.Pool({ connectionString: scratch.url, max: 1 });
    ignoreClientErrors(pool);
    const plain = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
    const run = plain.transaction().execute(async (tx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
      await admin.query("select pg_terminate_backend($1)", [rows[0]!.pid]);
      await sql`select 1`.execute(tx);
    });
    await expect(run).rejects.toBeDefined();
    await plain.destroy().catch(() => {});
  });

  it("a multi-host URL reaches the host that accepts writes (the first host is down)", async () => {
    const url = new URL(scratch.url);
    // Port 1 on loopback: nothing listens, the connection is refused, as with a dead node.
    const multi = `postgres://${url.username}${url.password ? `:${url.password}` : ""}@127.0.0.1:1,${url.host}${url.pathname}?target_session_attrs=read-write`;
    const found: string[] = [];
    const cluster = connect({ databaseUrl: multi, poolSize: 2, onPrimary: (h) => found.push(new URL(h).host) });
    try {
      const { rows } = await sql<{ recovery: boolean }>`select pg_is_in_recovery() as recovery`.execute(cluster.kysely);
      expect(rows[0]!.recovery).toBe(false);
      expect(found).toEqual([url.host]);
      // A database default below `on` does not weaken what a COMMIT waits for.
      await admin.query(`alter database ${url.pathname.slice(1)} set synchronous_commit = local`);
      const fresh = connect({ databaseUrl: multi, poolSize: 1 });
      try {
        const setting = await sql<{ v: string }>`select current_setting('synchronous_commit') as v`.execute(
          fresh.kysely,
        );
        expect(setting.rows[0]!.v).toBe("on");
      } finally {
        await fresh.close();
      }
    } finally {
      await cluster.close();
    }
  });
});
