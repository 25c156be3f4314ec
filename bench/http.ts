/**
 * HTTP benchmarking on loopback with three processes: the app, the bare baseline answering the app's own bytes
 * (bench/servers.ts), and autocannon in a generator process of its own (bench/load-generator.ts), so that no two of
 * them share an event loop. Every row is measured against the app and against the bare server in turn — app, bare,
 * app, bare (BENCH_ROUNDS, at least 2) — and reported as medians and their ratio, app / bare.
 *
 * BENCH_SECONDS (default 5) is each measurement's duration, BENCH_CONNECTIONS (default 50) its connections;
 * `npm run bench -- --duration 2 --rounds 2 --connections 50` sets them.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AutocannonResult, LoadSpec, LoadTarget } from "./load-generator.js";
import { type BenchRow, rowHeaders } from "./servers.js";

export interface HttpResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface BenchSettings {
  seconds: number;
  rounds: number;
  connections: number;
}

export function benchSettings(): BenchSettings {
  return {
    seconds: Number(process.env.BENCH_SECONDS ?? 5),
    rounds: Math.max(2, Number(process.env.BENCH_ROUNDS ?? 2)),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
  };
}

/**
 * Runs bench/`script` in a process of its own with `spec` (a JSON file, `--spec <file>`) and parses what it prints:
 * one JSON value per line.
 */
export async function childLines<T>(script: string, spec: unknown): Promise<T[]> {
  const dir = mkdtempSync(join(tmpdir(), "fm-bench-spec-"));
  try {
    const file = join(dir, "spec.json");
    writeFileSync(file, JSON.stringify(spec));
    const path = fileURLToPath(new URL(script, import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", path, "--spec", file], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Error(`${script} exited with ${code}`);
    return out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as T);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `spec` in a generator process; one result per target, in order. */
export const generate = (spec: LoadSpec): Promise<AutocannonResult[]> =>
  childLines<AutocannonResult>("load-generator.ts", spec);

function toResult(name: string, r: AutocannonResult): HttpResult {
  return {
    name,
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
  };
}

export function target(rows: BenchRow[], row: BenchRow, base: string, connections: number): LoadTarget {
  return {
    url: `${base}${row.rotate ? "" : row.path}`,
    method: row.method,
    headers: rowHeaders(rows, row),
    body: row.body,
    rotate: row.rotate,
    connections,
  };
}

/** One generator run: the given rows together against `base`, each with its connections. */
export async function loadRows(
  rows: BenchRow[],
  chosen: BenchRow[],
  base: string,
  connections: (row: BenchRow) => number,
  seconds: number,
): Promise<HttpResult[]> {
  const results = await generate({
    duration: seconds,
    targets: chosen.map((row) => target(rows, row, base, connections(row))),
  });
  return results.map((r, i) => toResult(chosen[i]!.name, r));
}

/** A row's runs against the app and against the bare server, in the order they ran. */
export interface Compared {
  name: string;
  app: HttpResult[];
  bare: HttpResult[];
}

export interface Servers {
  app: { url: string };
  bare: { url: string };
}

/** Each row alone: app, bare, app, bare … (`rounds` of each), the row's own connections. */
export async function compareAlone(
  rows: BenchRow[],
  servers: Servers,
  connections: (row: BenchRow) => number,
  settings: Pick<BenchSettings, "seconds" | "rounds">,
): Promise<Compared[]> {
  const out: Compared[] = [];
  for (const row of rows) {
    const compared: Compared = { name: row.name, app: [], bare: [] };
    for (let round = 0; round < settings.rounds; round++) {
      compared.app.push(...(await loadRows(rows, [row], servers.app.url, connections, settings.seconds)));
      compared.bare.push(...(await loadRows(rows, [row], servers.bare.url, connections, settings.seconds)));
    }
    out.push(compared);
  }
  return out;
}

/** Every row at once: app, bare, app, bare … (`rounds` of each). */
export async function compareTogether(
  rows: BenchRow[],
  servers: Servers,
  connections: (row: BenchRow) => number,
  settings: Pick<BenchSettings, "seconds" | "rounds">,
): Promise<Compared[]> {
  const out: Compared[] = rows.map((row) => ({ name: row.name, app: [], bare: [] }));
  for (let round = 0; round < settings.rounds; round++) {
    const app = await loadRows(rows, rows, servers.app.url, connections, settings.seconds);
    const bare = await loadRows(rows, rows, servers.bare.url, connections, settings.seconds);
    for (const [i, r] of app.entries()) out[i]!.app.push(r);
    for (const [i, r] of bare.entries()) out[i]!.bare.push(r);
  }
  return out;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median run of a row's runs on one server (req/s, p50, p99 each their own median), non-2xx and errors summed. */
export function medianOf(name: string, runs: HttpResult[]): HttpResult {
  return {
    name,
    rps: Math.round(median(runs.map((r) => r.rps))),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    non2xx: runs.reduce((a, r) => a + r.non2xx, 0),
    errors: runs.reduce((a, r) => a + r.errors, 0),
  };
}

export const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)} %`;

/** Each run's req/s, app / bare, in the order they ran: "3812 / 10230, 3790 / 9988". */
export function runsOf(c: Compared): string {
  return c.app.map((a, i) => `${a.rps} / ${c.bare[i]?.rps ?? "?"}`).join(", ");
}

/**
 * The two rows a compared benchmark reports: its bare baseline (named `bareName`) and the app's route, with the
 * median req/s of each, the ratio app / bare and the target it is held to.
 */
export function ratioRows(c: Compared, bareName: string, targetRatio: number): Record<string, unknown>[] {
  const app = medianOf(c.name, c.app);
  const bare = medianOf(bareName, c.bare);
  const ratio = app.rps / bare.rps;
  const row = (r: HttpResult, vs: string, target: string, met: string) => ({
    benchmark: r.name,
    "req/s": r.rps,
    "p50 ms": r.p50,
    "p99 ms": r.p99,
    non2xx: r.non2xx,
    "vs bare": vs,
    target,
    met,
  });
  return [
    { ...row(bare, "100 %", "", ""), "runs app / bare req/s": runsOf(c) },
    {
      ...row(
        app,
        percent(ratio),
        `≥ ${(targetRatio * 100).toFixed(0)} %`,
        ratio >= targetRatio && app.non2xx === 0 ? "yes" : "NO",
      ),
      "runs app / bare req/s": "",
    },
  ];
}

/** One target alone in a generator process, e.g. for the soak (bench/soak.ts), which has no bare counterpart. */
export async function load(
  name: string,
  opts: Omit<LoadTarget, "method" | "headers"> & {
    method?: LoadTarget["method"];
    headers?: Record<string, string>;
    seconds: number;
  },
): Promise<HttpResult> {
  const { seconds, ...rest } = opts;
  const [result] = await generate({
    duration: seconds,
    targets: [{ ...rest, method: rest.method ?? "GET", headers: rest.headers ?? {} }],
  });
  return toResult(name, result!);
}
