/**
 * A connection pool that follows the primary of a PostgreSQL cluster given as a multi-host URL, the libpq form
 * that pg_auto_failover hands out: `postgres://u@h1:5432,h2:5433/db?target_session_attrs=read-write`.
 * node-postgres connects to one host only, so this pool does what libpq's `target_session_attrs=read-write` does:
 * it asks every host whether it is in recovery or read-only by default, and keeps the first one (in the URL's
 * order) that is neither. All connections go to that host until one of them fails with a connection loss
 * (src/db/connection-loss.ts); then the next `connect()` looks again, waiting up to `waitMs` for a promotion.
 * Why a pool wrapper and not another driver: docs/scale-out.md, "Following the primary".
 */

import pg from "pg";
import { isConnectionLoss, NoPrimaryError } from "./connection-loss.js";
import { nameRegisteredStatements } from "./statement-names.js";

/** One URL per host when the URL names several hosts; undefined for a single host. */
export function splitHosts(url: string): string[] | undefined {
  const match = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/.exec(url);
  if (!match) return undefined;
  const [, scheme, userinfo = "", hostList = "", rest = ""] = match;
  const hosts = hostList.split(",").filter((h) => h !== "");
  if (hosts.length < 2) return undefined;
  // node-postgres does not know target_session_attrs; this pool always targets the read-write node.
  const [path = "", query] = rest.split("?", 2);
  const params = (query ?? "").split("&").filter((p) => p !== "" && !p.startsWith("target_session_attrs="));
  const tail = params.length > 0 ? `${path}?${params.join("&")}` : path;
  return hosts.map((host) => `${scheme}${userinfo}${host}${tail}`);
}

export interface PrimaryPoolOptions {
  max: number;
  /** How long `connect()` waits for a primary to appear (a promotion) before failing with NoPrimaryError. */
  waitMs?: number;
  /** Told whenever the pool settles on a (new) primary. */
  onPrimary?: (hostUrl: string) => void;
}

const PROBE_TIMEOUT_MS = 2000;
const PROBE_PAUSE_MS = 250;

type Client = pg.PoolClient;

interface Target {
  readonly index: number;
  readonly pool: pg.Pool;
}

export class PrimaryPool {
  readonly #urls: readonly string[];
  readonly #pools: (pg.Pool | undefined)[];
  readonly #options: PrimaryPoolOptions;
  readonly #wrapped = new WeakMap<Client, Client>();
  #current: Target | undefined;
  #discovering: Promise<Target> | undefined;
  #ended = false;

  constructor(urls: readonly string[], options: PrimaryPoolOptions) {
    this.#urls = urls;
    this.#pools = urls.map(() => undefined);
    this.#options = options;
  }

  /** The host URL currently believed to be the primary (for logs and tests). */
  get primaryUrl(): string | undefined {
    return this.#current ? this.#urls[this.#current.index] : undefined;
  }

  /** The current primary's pool figures (zeros before one is found), for the metrics. */
  get stats(): { total: number; idle: number; waiting: number } {
    const pool = this.#current?.pool;
    return { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 };
  }

  async connect(): Promise<Client> {
    const waitMs = this.#options.waitMs ?? 10_000;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const target = this.#current ?? (await this.#discover(deadline));
      try {
        const client = await target.pool.connect();
        return this.#wrap(client, target);
      } catch (error) {
        if (!isConnectionLoss(error) || this.#ended) throw error;
        this.#forget(target);
        if (Date.now() >= deadline) throw new NoPrimaryError(this.#urls, waitMs);
      }
    }
  }

  async end(): Promise<void> {
    this.#ended = true;
    await Promise.all(this.#pools.map((pool) => pool?.end()));
  }

  /** Kysely sees a client whose failed queries tell the pool that the primary may have changed. */
  #wrap(client: Client, target: Target): Client {
    let wrapped = this.#wrapped.get(client);
    if (wrapped === undefined) {
      wrapped = Object.create(client) as Client;
      // A promise-returning query (the only form Kysely uses without a cursor) reports its failure.
      (wrapped as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const result = (client as unknown as { query: (...a: unknown[]) => unknown }).query(...args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            if (isConnectionLoss(error)) this.#forget(target);
            throw error;
          });
        }
        return result;
      };
      wrapped.release = (destroy?: boolean | Error) => client.release(destroy);
      this.#wrapped.set(client, wrapped);
    }
    return wrapped;
  }

  #forget(target: Target): void {
    if (this.#current === target) this.#current = undefined;
  }

  #discover(deadline: number): Promise<Target> {
    this.#discovering ??= this.#probeUntil(deadline).finally(() => {
      this.#discovering = undefined;
    });
    return this.#discovering;
  }

  async #probeUntil(deadline: number): Promise<Target> {
    const started = Date.now();
    for (;;) {
      if (this.#ended) throw new Error("The pool has ended");
      const writable = await Promise.all(this.#urls.map((url) => isWritable(url)));
      const index = writable.indexOf(true);
      if (index >= 0) {
        const target = { index, pool: this.#poolFor(index) };
        this.#current = target;
        this.#options.onPrimary?.(this.#urls[index]!);
        return target;
      }
      if (Date.now() >= deadline) throw new NoPrimaryError(this.#urls, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, PROBE_PAUSE_MS));
    }
  }

  #poolFor(index: number): pg.Pool {
    let pool = this.#pools[index];
    if (pool === undefined) {
      pool = new pg.Pool({
        connectionString: this.#urls[index],
        max: this.#options.max,
        connectionTimeoutMillis: PROBE_TIMEOUT_MS,
        keepAlive: true,
        // A COMMIT returns once the synchronous standby has flushed it, whatever a role or database default says
        // (docs/scale-out.md, "What each part guarantees").
        options: "-c synchronous_commit=on",
      });
      // A client's error (its server went away) must not crash the process (src/db/connect.ts, ignoreClientErrors);
      // it also means: look for the primary again.
      pool.on("connect", (client) => {
        client.on("error", () => {});
        nameRegisteredStatements(client);
      });
      pool.on("error", () => {
        const current = this.#current;
        if (current?.index === index) this.#forget(current);
      });
      this.#pools[index] = pool;
    }
    return pool;
  }
}

/** Whether the host accepts writes (is not a standby); false when it cannot be reached. */
async function isWritable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on("error", () => {});
  try {
    await client.connect();
    // What libpq's target_session_attrs=read-write asks: not a standby, and writes allowed by default.
    const { rows } = await client.query<{ recovery: boolean; readOnly: string }>(
      `select pg_is_in_recovery() as recovery, current_setting('default_transaction_read_only') as "readOnly"`,
    );
    return rows[0]?.recovery === false && rows[0]?.readOnly === "off";
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
