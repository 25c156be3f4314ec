/**
 * The processes of the HTTP benchmarks: the app (bench/app-server.ts, the real server on a fresh database seeded with
 * the demo data and extra virtual assets by test/api-processes.ts) and the bare baseline (bench/bare-server.ts),
 * which answers the bytes captured from the app (`capture`). The load generator runs in a third process
 * (bench/http.ts).
 *
 * Databases: a fresh SQLite file always; a fresh PostgreSQL database as well when TEST_DATABASE_URL or DATABASE_URL
 * names a server (created there, dropped afterwards).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPgDatabase } from "../src/testing/harness.js";
import { seedDemoWithBatteries, TEST_SECRET } from "../test/api-processes.js";
import { type BareRoute, READY } from "./children.js";

export type DatabaseName = "SQLite" | "PostgreSQL";

export interface BenchDatabase {
  name: DatabaseName;
  /** What the app's process needs to find it. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** SQLite, and PostgreSQL when TEST_DATABASE_URL or DATABASE_URL is set. */
export function databaseNames(): DatabaseName[] {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL ? ["SQLite", "PostgreSQL"] : ["SQLite"];
}

export async function createDatabase(name: DatabaseName): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "fm-bench-"));
  const removeDir = async () => rmSync(dir, { recursive: true, force: true });
  if (name === "SQLite") {
    const env: Record<string, string> = { FLEXMARKET_DATA: dir };
    if (process.env.FLEXMARKET_SQLITE_SYNC) env.FLEXMARKET_SQLITE_SYNC = process.env.FLEXMARKET_SQLITE_SYNC;
    return { name, env, drop: removeDir };
  }
  // createPgDatabase creates the database on TEST_DATABASE_URL's server.
  process.env.TEST_DATABASE_URL ||= process.env.DATABASE_URL;
  const pg = await createPgDatabase("fm_bench");
  return {
    name,
    env: { FLEXMARKET_DATA: dir, DATABASE_URL: pg.url },
    drop: async () => {
      await pg.drop();
      await removeDir();
    },
  };
}

export interface BenchProcess {
  url: string;
  /** Everything its READY line said (the app: also its market clock against real time). */
  ready: { url: string; market?: number; real?: number };
  stop(): Promise<void>;
}

const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));

/** Runs a bench/ script in a process of its own and waits for its READY line. */
async function spawnChild(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  nodeArgs: string[] = [],
): Promise<BenchProcess> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", join(BENCH_DIR, script), ...args], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await new Promise<BenchProcess["ready"]>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      const lines = (out + d.toString()).split("\n");
      out = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith(`${READY} `)) resolve(JSON.parse(line.slice(READY.length + 1)) as BenchProcess["ready"]);
        // The app's warnings and errors (JSON log lines) reach the terminal.
        else if (line.startsWith("{")) process.stderr.write(`${script}: ${line}\n`);
      }
    });
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
  return {
    url: ready.url,
    ready,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The app on `database`, seeded with the demo data and `assets` virtual assets of 10 MWh / 5 MW for the demo
 * provider, rate limit off, logs at `warn` (a line per request would be measured too). `options.env` adds to the
 * environment of the seeding and of the app (a simulated clock, say); `options.seed` writes more before the app starts.
 * LOAD_PROFILE=<dir>: a CPU profile of the app process, written when it stops.
 */
export async function startApp(
  database: BenchDatabase,
  assets: number,
  options: { env?: Record<string, string>; seed?: (env: Record<string, string>) => Promise<void> } = {},
): Promise<BenchProcess> {
  const env = { FLEXMARKET_SECRET: TEST_SECRET, ...database.env, ...options.env };
  await seedDemoWithBatteries(env, assets);
  await options.seed?.(env);
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const profile = process.env.LOAD_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.LOAD_PROFILE}`] : [];
  return spawnChild(
    "app-server.ts",
    [],
    { ...inherited, ...env, LOG_LEVEL: "warn", FLEXMARKET_RATE_LIMIT: "0", FLEXMARKET_DEMO: "0" },
    profile,
  );
}

/** The bare Fastify baseline answering `routes` (captured from the app with `capture`). */
export async function startBare(routes: BareRoute[]): Promise<BenchProcess> {
  const dir = mkdtempSync(join(tmpdir(), "fm-bench-bare-"));
  const file = join(dir, "routes.json");
  writeFileSync(file, JSON.stringify(routes));
  const bare = await spawnChild("bare-server.ts", [file], process.env);
  rmSync(dir, { recursive: true, force: true });
  return bare;
}

/** One measured request shape: what the generator sends to the app and, the same, to the bare server. */
export interface BenchRow {
  name: string;
  method: "GET" | "POST";
  /** The path of a single-request row (with its query string). */
  path?: string;
  /** A Fastify pattern matching every path of the row, for the bare server. */
  pattern: string;
  headers: Record<string, string>;
  body?: string;
  /** Path and body pairs sent in turn. */
  rotate?: { path: string; body: string }[];
}

/** The header that tells the bare server which row a request belongs to (rows may share a path). */
export function rowHeaders(rows: BenchRow[], row: BenchRow): Record<string, string> {
  return { ...row.headers, "x-bench-row": String(rows.indexOf(row)) };
}

/**
 * The app's answer to the row's first request, as the bare server will send it: status, content-type and the body's
 * bytes. Throws when the app answers an error: a baseline of an error page would compare nothing.
 */
export async function capture(appUrl: string, rows: BenchRow[], row: BenchRow): Promise<BareRoute> {
  const first = row.rotate?.[0] ?? { path: row.path!, body: row.body };
  const res = await fetch(`${appUrl}${first.path}`, {
    method: row.method,
    headers: { "content-type": "application/json", ...rowHeaders(rows, row) },
    body: row.method === "GET" ? undefined : first.body,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`${row.name}: the app answered ${res.status} ${bytes.toString().slice(0, 300)}`);
  return {
    row: String(rows.indexOf(row)),
    method: row.method,
    pattern: row.pattern,
    status: res.status,
    contentType: res.headers.get("content-type") ?? "application/json",
    body: bytes.toString("base64"),
  };
}

/**
 * A read's answer once it has settled: the writes just captured leave pending bids that the app's submission job
 * places within milliseconds, changing their status; two equal answers 200 ms apart count as settled.
 */
async function settledCapture(appUrl: string, rows: BenchRow[], row: BenchRow): Promise<BareRoute> {
  let last = await capture(appUrl, rows, row);
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = await capture(appUrl, rows, row);
    if (next.body === last.body) return next;
    last = next;
  }
  throw new Error(`${row.name}: the app's answer did not settle in 10 s`);
}

/** The app on a fresh database and the bare server answering its captured bytes for `rows`; `stop` ends both. */
export async function startPair(
  databaseName: DatabaseName,
  assets: number,
  rowsOf: (appUrl: string) => Promise<BenchRow[]>,
): Promise<{ app: BenchProcess; bare: BenchProcess; rows: BenchRow[]; stop: () => Promise<void> }> {
  const database = await createDatabase(databaseName);
  let app: BenchProcess | undefined;
  let bare: BenchProcess | undefined;
  const stop = async () => {
    await bare?.stop();
    await app?.stop();
    await database.drop();
  };
  try {
    app = await startApp(database, assets);
    const rows = await rowsOf(app.url);
    // Writes first: a read's captured answer is then what the app answers now (a write after it could change it).
    const routes: BareRoute[] = [];
    for (const row of rows.filter((r) => r.method !== "GET")) routes.push(await capture(app.url, rows, row));
    for (const row of rows.filter((r) => r.method === "GET")) routes.push(await settledCapture(app.url, rows, row));
    bare = await startBare(routes);
    return { app, bare, rows, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
