/**
 * `npm run bench:failover` (docs/scale-out.md, "Failover benchmark"): a local pg_auto_failover cluster
 * (scripts/cluster.sh), API processes on its multi-host URL, several clients posting ballots and ancillary bids at
 * every process for FAILOVER_SECONDS (default 60); partway through, the primary is killed (SIGKILL to its
 * postmaster and to the pg_autoctl processes that would restart it: the machine is gone); pg_auto_failover
 * promotes the secondary; the clients keep going. Then every acknowledged write (2xx) is looked up on the new
 * primary. One line: `acknowledged N, lost L, unavailable S s` (S: the longest stretch without a successful write).
 *
 * FAILOVER_SECONDS, FAILOVER_PROCESSES (2), FAILOVER_CLIENTS (8: half ballots, half ancillary bids),
 * FAILOVER_KILL (1; 0 measures throughput without a failover), FAILOVER_KILL_AT (0.35 of the run),
 * FAILOVER_KILL_WHAT (`node`; `postmaster` kills the postmaster alone, which pg_autoctl restarts in place),
 * FAILOVER_PORT (the cluster's first port; default from the process id), FAILOVER_KEEP=1 keeps the cluster.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { connect } from "../src/db/connect.js";
import {
  type ApiProcess,
  type CallResult,
  postAncillary,
  postBallot,
  prepareTraffic,
  seedDemoWithBatteries,
  spawnServer,
  TEST_SECRET,
} from "../test/api-processes.js";
import { type Cluster, clusterUnavailable, type KillWhat, startCluster } from "./cluster.js";

export interface FailoverOptions {
  seconds: number;
  processes: number;
  clients: number;
  kill: boolean;
  /** What the kill takes down (bench/cluster.ts): the whole node (default) or the postmaster only. */
  killWhat?: KillWhat;
  killAt: number;
  port: number;
  keep?: boolean;
  log?: (line: string) => void;
}

export interface FailoverReport {
  skipped?: string;
  acknowledged: number;
  ballots: number;
  bids: number;
  lost: number;
  lostIds: string[];
  /** Longest stretch without a successful write, seconds. */
  unavailableSeconds: number;
  /** Successful writes per second before the kill (the whole run without one). */
  throughput: number;
  /** Status → count over every request (0: no HTTP answer). */
  statuses: Record<string, number>;
  /**
   * The answers other than 201 and 503 that the failover does not explain (status or `status code` → count). A
   * request cut during its COMMIT (503, or no answer) may have committed: its retry then finds its own bids still
   * `pending` and gets 400 `bid_pending` (docs/scale-out.md); that answer is expected, and the bids it names are
   * checked on the new primary like an acknowledged write.
   */
  unexpected: Record<string, number>;
  killedAtSeconds?: number;
  /** Successful writes after the kill (the run must see the new primary take writes). */
  acknowledgedAfterKill: number;
  promotedNode?: string;
  line: string;
}

const EXTRA_ASSETS = 40;

interface Outcome {
  at: number;
  status: number;
  /** The error code of a 4xx answer. */
  code?: string;
  /** A 400 `bid_pending` to the retry of a request the failover cut: the cut attempt was stored. */
  explained?: boolean;
}

type AncillaryRequest = { asset: string; body: unknown; cut?: boolean };

export async function runFailover(options: FailoverOptions): Promise<FailoverReport> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const empty = { acknowledged: 0, ballots: 0, bids: 0, lost: 0, lostIds: [], unavailableSeconds: 0, throughput: 0 };
  const unavailable = await clusterUnavailable();
  if (unavailable)
    return {
      ...empty,
      statuses: {},
      unexpected: {},
      acknowledgedAfterKill: 0,
      skipped: unavailable,
      line: `skipped: ${unavailable}`,
    };

  const dir = mkdtempSync(join(tmpdir(), "flexmarket-failover-"));
  const dataDir = mkdtempSync(join(tmpdir(), "flexmarket-failover-data-"));
  let cluster: Cluster | undefined;
  const servers: ApiProcess[] = [];
  try {
    log(`starting the cluster in ${dir} (ports ${options.port}-${options.port + 2})`);
    cluster = await startCluster({ dir, port: options.port });
    await seedDemoWithBatteries({ DATABASE_URL: cluster.url, FLEXMARKET_SECRET: TEST_SECRET }, EXTRA_ASSETS);
    const env = {
      DATABASE_URL: cluster.url,
      FLEXMARKET_DATA: dataDir,
      FLEXMARKET_ENGINE: "1",
      LOG_LEVEL: "info",
    };
    for (let i = 0; i < options.processes; i++) servers.push(await spawnServer(env));
    log(`${servers.length} API process(es): ${servers.map((s) => s.url).join(" ")}`);
    const traffic = await prepareTraffic(servers[0]!.url, 6);
    if (traffic.competitions.length === 0) throw new Error("no open competition to bid on");

    const ackedBallots: string[] = [];
    const ackedBids: string[] = [];
    const outcomes: Outcome[] = [];
    const started = Date.now();
    const deadline = started + options.seconds * 1000;
    let requestNo = 0;
    const queue: AncillaryRequest[] = [...traffic.ancillary];
    /** Requests cut by the failover whose retry found their bids pending: stored by the cut attempt. */
    const storedByCutAttempt: AncillaryRequest[] = [];

    const send = async (write: (base: string) => Promise<CallResult>): Promise<CallResult | undefined> => {
      const base = servers[requestNo++ % servers.length]!.url;
      try {
        const res = await write(base);
        const code = (res.body as { error?: unknown } | undefined)?.error;
        outcomes.push({ at: Date.now(), status: res.status, ...(typeof code === "string" ? { code } : {}) });
        return res;
      } catch {
        outcomes.push({ at: Date.now(), status: 0 });
        return undefined;
      }
    };
    const pause = (res: CallResult | undefined) =>
      res && res.status < 500 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, 200));

    const ballotClient = async (k: number) => {
      for (let n = k; Date.now() < deadline; n += options.clients) {
        const c = traffic.competitions[n % traffic.competitions.length]!;
        const res = await send((base) => postBallot(base, traffic, c, n));
        if (res?.status === 201) ackedBallots.push((res.body as { id: string }).id);
        await pause(res);
      }
    };
    const bidClient = async () => {
      while (Date.now() < deadline) {
        const next = queue.shift();
        if (!next) return;
        const res = await send((base) => postAncillary(base, traffic, next));
        if (res?.status === 201) {
          for (const p of res.body as { bids: { bidID: string }[] }[]) ackedBids.push(...p.bids.map((b) => b.bidID));
        } else if (res === undefined || res.status >= 500) {
          queue.push({ ...next, cut: true });
        } else if (next.cut && res.status === 400 && (res.body as { error?: string }).error === "bid_pending") {
          outcomes[outcomes.length - 1]!.explained = true;
          storedByCutAttempt.push(next);
        }
        await pause(res);
      }
    };

    let killedAt: number | undefined;
    let killedNode: string | undefined;
    const killer = options.kill
      ? new Promise<void>((resolve, reject) => {
          setTimeout(
            () => {
              killedAt = Date.now();
              cluster!.killPrimary(options.killWhat).then((node) => {
                killedNode = node.name;
                log(`killed ${node.name} (port ${node.port}) at ${((killedAt! - started) / 1000).toFixed(1)} s`);
                resolve();
              }, reject);
            },
            options.seconds * 1000 * options.killAt,
          );
        })
      : Promise.resolve();

    const half = Math.max(1, Math.floor(options.clients / 2));
    await Promise.all([
      ...Array.from({ length: half }, (_, k) => ballotClient(k)),
      ...Array.from({ length: options.clients - half }, () => bidClient()),
      killer,
    ]);
    const ended = Date.now();

    // Every acknowledged write, looked up on the primary now (the promoted node after a kill).
    const db = connect({ databaseUrl: cluster.url, poolSize: 2 });
    let lostIds: string[] = [];
    let promoted: string | undefined;
    try {
      const primary = await cluster.primary();
      promoted = primary?.name;
      const found = new Set<string>();
      for (let i = 0; i < ackedBallots.length; i += 1000) {
        const ids = ackedBallots.slice(i, i + 1000);
        const rows = await db.kysely.selectFrom("ballots").select("id").where("id", "in", ids).execute();
        for (const r of rows) found.add(r.id);
      }
      for (let i = 0; i < ackedBids.length; i += 1000) {
        const ids = ackedBids.slice(i, i + 1000);
        const rows = await db.kysely.selectFrom("ancillary_bids").select("id").where("id", "in", ids).execute();
        for (const r of rows) found.add(r.id);
      }
      lostIds = [...ackedBallots, ...ackedBids].filter((id) => !found.has(id));
      // A cut request whose retry was told its bids are pending: each of its products has a live bid on the asset.
      for (const request of storedByCutAttempt) {
        for (const item of request.body as { product: string; deliveryDay: string }[]) {
          const row = await db.kysely
            .selectFrom("ancillary_bids")
            .select("id")
            .where("virtual_asset_id", "=", request.asset)
            .where("product", "=", item.product)
            .where("delivery_day", "=", item.deliveryDay)
            .where("replaced_at", "is", null)
            .executeTakeFirst();
          if (!row) lostIds.push(`${request.asset}/${item.deliveryDay}_${item.product}`);
        }
      }
      // Still one active ballot per competition (the invariant holds across the failover).
      const doubles = await sql<{ n: number }>`select count(*)::int as n from (select competition_id from ballots
        where status = 'active' group by competition_id, provider_id having count(*) > 1) d`.execute(db.kysely);
      if (doubles.rows[0]!.n !== 0) throw new Error("more than one active ballot per competition after the failover");
    } finally {
      await db.close();
    }

    const successes = outcomes.filter((o) => o.status >= 200 && o.status < 300).map((o) => o.at);
    successes.sort((a, b) => a - b);
    let longest = 0;
    let previous = started;
    for (const at of [...successes, ended]) {
      longest = Math.max(longest, at - previous);
      previous = at;
    }
    const statuses: Record<string, number> = {};
    const unexpected: Record<string, number> = {};
    for (const o of outcomes) {
      statuses[o.status] = (statuses[o.status] ?? 0) + 1;
      if (o.status === 201 || o.status === 503 || o.explained) continue;
      const key = o.code ? `${o.status} ${o.code}` : String(o.status);
      unexpected[key] = (unexpected[key] ?? 0) + 1;
    }
    const until = killedAt ?? ended;
    const throughput = successes.filter((at) => at <= until).length / ((until - started) / 1000);
    const acknowledged = ackedBallots.length + ackedBids.length;
    const afterKill = killedAt === undefined ? 0 : successes.filter((at) => at > killedAt!).length;
    const report: FailoverReport = {
      acknowledged,
      ballots: ackedBallots.length,
      bids: ackedBids.length,
      lost: lostIds.length,
      lostIds,
      unavailableSeconds: longest / 1000,
      throughput,
      statuses,
      unexpected,
      acknowledgedAfterKill: afterKill,
      ...(killedAt !== undefined ? { killedAtSeconds: (killedAt - started) / 1000 } : {}),
      ...(promoted !== undefined ? { promotedNode: promoted } : {}),
      line: `acknowledged ${acknowledged}, lost ${lostIds.length}, unavailable ${(longest / 1000).toFixed(1)} s`,
    };
    log(
      `${options.processes} API process(es), ${options.clients} clients, ${options.seconds} s: ` +
        `${report.ballots} ballots + ${report.bids} ancillary bid ids acknowledged; ` +
        `${throughput.toFixed(1)} writes/s${killedAt ? " before the kill" : ""}; statuses ${JSON.stringify(statuses)}` +
        (Object.keys(unexpected).length > 0 ? `, unexplained ${JSON.stringify(unexpected)}` : "") +
        (storedByCutAttempt.length > 0 ? `; ${storedByCutAttempt.length} cut request(s) found stored on retry` : "") +
        (killedNode ? `; killed ${killedNode}, primary now ${promoted ?? "none"}, ${afterKill} writes after` : ""),
    );
    if (report.lost > 0) log(`lost: ${lostIds.slice(0, 20).join(" ")}`);
    const errors = servers.flatMap((s) =>
      s
        .output()
        .split("\n")
        .filter((l) => l.includes('"level":50')),
    );
    if (errors.length > 0) log(`${errors.length} error log lines, first: ${errors[0]!.slice(0, 400)}`);
    return report;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    if (cluster && !options.keep) await cluster.destroy().catch((e) => log(`destroy failed: ${String(e)}`));
    rmSync(dataDir, { recursive: true, force: true });
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): FailoverOptions {
  const num = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  return {
    seconds: num("FAILOVER_SECONDS", 60),
    processes: num("FAILOVER_PROCESSES", 2),
    clients: num("FAILOVER_CLIENTS", 8),
    kill: env.FAILOVER_KILL !== "0",
    killWhat: env.FAILOVER_KILL_WHAT === "postmaster" ? "postmaster" : "node",
    killAt: num("FAILOVER_KILL_AT", 0.35),
    port: num("FAILOVER_PORT", 6100 + (process.pid % 200) * 3),
    keep: env.FAILOVER_KEEP === "1",
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await runFailover(optionsFromEnv());
  process.stdout.write(`${report.line}\n`);
  process.exitCode = report.skipped ? 0 : report.lost === 0 && report.unavailableSeconds <= 30 ? 0 : 1;
}
