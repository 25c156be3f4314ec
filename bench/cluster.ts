/**
 * The local pg_auto_failover cluster (scripts/cluster.sh) driven from TypeScript: start one in a directory of its
 * own, find and kill its primary as a lost machine would die, and destroy it. Used by `npm run bench:failover` and
 * the failover tests (docs/scale-out.md).
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("../scripts/cluster.sh", import.meta.url));

/** Why the cluster cannot run here, or undefined when it can. */
export async function clusterUnavailable(): Promise<string | undefined> {
  if (process.platform !== "linux") return "the local cluster needs Linux";
  const found = await run("bash", ["-c", "command -v pg_autoctl || ls /usr/lib/postgresql/*/bin/pg_autoctl"]).then(
    () => true,
    () => false,
  );
  if (!found) return "pg_autoctl not installed (apt-get install postgresql-15-auto-failover pg-auto-failover-cli)";
  if (process.getuid?.() === 0) {
    const postgresUser = await run("id", ["-u", "postgres"]).then(
      () => true,
      () => false,
    );
    if (!postgresUser) return "running as root without a postgres system user";
  }
  return undefined;
}

/** `node`: the postmaster and the pg_autoctl processes (the machine is gone); `postmaster`: the postmaster only. */
export type KillWhat = "node" | "postmaster";

export interface Node {
  name: string;
  port: number;
}

export interface Cluster {
  readonly dir: string;
  readonly url: string;
  readonly nodes: readonly Node[];
  /** The node that accepts writes now, if any. */
  primary(): Promise<Node | undefined>;
  /**
   * SIGKILL the primary's postmaster and the pg_autoctl processes that would restart it: the node is gone, as when
   * its machine dies. Returns the node killed.
   */
  killPrimary(what?: KillWhat): Promise<Node>;
  /** The same for a given node, synchronously (to kill at an exact moment, e.g. from inside a query). */
  kill(node: Node, what?: KillWhat): void;
  /** Waits until the monitor reports a primary with a synchronous secondary again (or the timeout). */
  waitForSecondary(timeoutMs: number): Promise<void>;
  /** Starts a killed node's pg_autoctl again: it rejoins as the secondary (pg_rewind). */
  restart(node: Node): Promise<void>;
  destroy(): Promise<void>;
}

export async function startCluster(options: { dir: string; port: number; timeoutMs?: number }): Promise<Cluster> {
  const env = { ...process.env, CLUSTER_DIR: options.dir, CLUSTER_PORT: String(options.port) };
  const script = (...args: string[]) =>
    run("bash", [SCRIPT, ...args], { env, timeout: options.timeoutMs ?? 180_000, maxBuffer: 1 << 20 });
  let stdout: string;
  try {
    ({ stdout } = await script());
  } catch (error) {
    await script("--destroy").catch(() => {});
    throw error;
  }
  const url = /DATABASE_URL=(\S+)/.exec(stdout)?.[1];
  if (!url) throw new Error(`scripts/cluster.sh printed no DATABASE_URL:\n${stdout}`);
  const nodes: Node[] = [
    { name: "node1", port: options.port + 1 },
    { name: "node2", port: options.port + 2 },
  ];
  const urlOf = (node: Node) => url.replace(/@[^/]*\//, `@127.0.0.1:${node.port}/`).replace(/\?.*$/, "");

  async function isPrimary(node: Node): Promise<boolean> {
    const client = new pg.Client({ connectionString: urlOf(node), connectionTimeoutMillis: 1000 });
    client.on("error", () => {});
    try {
      await client.connect();
      const { rows } = await client.query("select pg_is_in_recovery() as r");
      return rows[0]?.r === false;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  }

  const pidOf = (file: string) => {
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  };

  const cluster: Cluster = {
    dir: options.dir,
    url,
    nodes,
    async primary() {
      for (const node of nodes) if (await isPrimary(node)) return node;
      return undefined;
    },
    async killPrimary(what = "node") {
      const node = await cluster.primary();
      if (!node) throw new Error("no primary to kill");
      cluster.kill(node, what);
      return node;
    },
    kill(node, what = "node") {
      const runDir = `${options.dir}/xdg/run/pg_autoctl${options.dir}/${node.name}`;
      // The services that would restart or report the node first, then the supervisor, then the postmaster.
      const postmaster = pidOf(`${options.dir}/${node.name}/postmaster.pid`);
      const pids =
        what === "postmaster"
          ? [postmaster]
          : [
              pidOf(`${runDir}/pg_autoctl_node-active.pid`),
              pidOf(`${runDir}/pg_autoctl_postgres.pid`),
              pidOf(`${runDir}/pg_autoctl.pid`),
              postmaster,
            ];
      for (const pid of pids) {
        if (pid === undefined) continue;
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    },
    async waitForSecondary(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await run("bash", [SCRIPT, "--state"], { env, timeout: 10_000 }).then(
          (r) => r.stdout,
          () => "",
        );
        if (/\bprimary\b/.test(states) && /\bsecondary\b/.test(states)) return;
        if (Date.now() > deadline) throw new Error(`no synchronous secondary after ${timeoutMs} ms:\n${states}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    },
    async restart(node) {
      await script("--start-node", node.name);
    },
    async destroy() {
      await script("--destroy");
    },
  };
  return cluster;
}
