/**
 * `npx tsx bench/soak.ts`: a bounded memory soak (not part of the unit tests). Spawns the real server
 * (`src/cli/main.ts serve`) with the demo data and the engine ON under a fast simulated clock (so the market jobs —
 * competitions, auctions, clearing, webhook delivery — run many times), then runs SOAK_ROUNDS rounds of
 * SOAK_SECONDS of mixed load (ballots and FCR bids, reads of both APIs, rejected bodies, unknown paths) and prints the
 * server's resident memory (VmRSS) after each round and a short idle pause. docs/reliability.md, "Memory".
 *
 * SOAK_ROUNDS (default 6), SOAK_SECONDS (default 20), SOAK_CONNECTIONS (default 8), SOAK_CLOCK (default
 * `sim:now:x600`), DATABASE_URL (PostgreSQL instead of a fresh SQLite file), SOAK_SNAPSHOTS=1 writes a V8 heap
 * snapshot after the first and the last round (SIGUSR2, `--heapsnapshot-signal`) into the temporary data directory
 * and keeps it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO } from "../src/demo/seed.js";
import { BERLIN, localDate } from "../src/domain/time.js";
import { load } from "./http.js";

const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 6);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);
const CLOCK = process.env.SOAK_CLOCK ?? "sim:now:x600";
const SNAPSHOTS = process.env.SOAK_SNAPSHOTS === "1";
const ROOT = fileURLToPath(new URL("..", import.meta.url));

const rssMb = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "fm-soak-"));
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      ...(SNAPSHOTS ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${dir}`] : []),
      "src/cli/main.ts",
      "serve",
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        FLEXMARKET_DATA: dir,
        FLEXMARKET_CLOCK: CLOCK,
        FLEXMARKET_RATE_LIMIT: "0",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += String(chunk);
      const m = /"url":"(http:\/\/[^"]+)".*flexmarket listening/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
  child.stdout!.resume();
  const pid = child.pid!;
  try {
    const token = async (body: unknown, path: string) => {
      const res = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return (await res.json()) as Record<string, string>;
    };
    const provider = (
      await token({ client_id: DEMO.provider.clientId, api_key: DEMO.provider.apiKey }, "/authtoken/v1/")
    ).token!;
    const auth = { authorization: `Bearer ${provider}` };
    const startedReal = Date.now();
    const speed = Number(/x(\d+(?:\.\d+)?)$/.exec(CLOCK)?.[1] ?? 1);
    const get = async <T>(path: string): Promise<T> =>
      (await (await fetch(`${url}${path}`, { headers: auth })).json()) as T;
    /** The writes of a round: a ballot for every open opportunity, FCR bids on the demo virtual assets. */
    const writes = async () => {
      const opportunities =
        await get<{ competition_id: string; competition_type: string }[]>("/bidding-opportunities/v1/");
      const bodies: { path: string; body: string }[] = [];
      for (const o of opportunities) {
        const c = await get<{ service_periods?: { service_windows: { id: string }[] }[] }>(
          `/competitions/v1/${o.competition_id}/`,
        );
        const rates =
          o.competition_type === "Availability & Utilisation"
            ? ["availability", "utilisation"]
            : [o.competition_type === "Availability" ? "availability" : "utilisation"];
        bodies.push({
          path: `/bids/v1/competitions/${o.competition_id}/ballots/`,
          body: JSON.stringify({
            competition_id: o.competition_id,
            bids: (c.service_periods ?? [])
              .flatMap((p) => p.service_windows)
              .map((w) => ({
                service_window_id: w.id,
                capacity: "0.500",
                max_runtime: "1 01:30:00",
                rates: rates.map((type) => ({ type, value: "42.50" })),
              })),
          }),
        });
      }
      const org = DEMO.provider.organisationId;
      const assets = await get<{ id: string }[]>(`/organisations/${org}/virtual-assets`);
      const marketNow = startedReal + (Date.now() - startedReal) * speed;
      const today = localDate(marketNow, BERLIN);
      for (const asset of Array.isArray(assets) ? assets : []) {
        for (let d = 2; d <= 7; d++) {
          bodies.push({
            path: `/organisations/${org}/virtual-assets/${asset.id}/ancillary/bids`,
            body: JSON.stringify(
              ["00_04", "04_08", "08_12", "12_16", "16_20", "20_24"].map((b, i) => ({
                product: `NEGPOS_${b}`,
                deliveryDay: today.add({ days: d }).toString(),
                bids: [{ offeredCapacity: 1000, capacityPrice: 10 + i, energyPrice: null }],
              })),
            ),
          });
        }
      }
      if (process.env.SOAK_DEBUG) {
        for (const b of [bodies[0], bodies[bodies.length - 1]]) {
          if (!b) continue;
          const res = await fetch(`${url}${b.path}`, {
            method: "POST",
            headers: { ...auth, "content-type": "application/json" },
            body: b.body,
          });
          process.stdout.write(`  probe ${b.path}: ${res.status} ${(await res.text()).slice(0, 300)}\n`);
        }
      }
      return bodies;
    };
    const rows: { round: number; rssMb: number; idleRssMb: number; rps: number; non2xx: number }[] = [];
    rows.push({ round: 0, rssMb: rssMb(pid), idleRssMb: rssMb(pid), rps: 0, non2xx: 0 });
    for (let round = 1; round <= ROUNDS; round++) {
      // refresh the token each round (it lives an hour of real time, whatever the clock)
      auth.authorization = `Bearer ${(await token({ client_id: DEMO.provider.clientId, api_key: DEMO.provider.apiKey }, "/authtoken/v1/")).token}`;
      const share = Math.max(1, Math.floor(CONNECTIONS / 4));
      const rotate = await writes();
      const results = await Promise.all([
        load("writes", {
          url,
          method: "POST",
          headers: auth,
          rotate,
          connections: share,
          seconds: SECONDS,
        }),
        load("competitions", { url: `${url}/competitions/v1/`, headers: auth, connections: share, seconds: SECONDS }),
        load("virtual assets", {
          url: `${url}/organisations/${DEMO.provider.organisationId}/virtual-assets`,
          headers: auth,
          connections: share,
          seconds: SECONDS,
        }),
        load("rejected bodies", {
          url: `${url}/authtoken/v1/`,
          method: "POST",
          body: JSON.stringify({ client_id: "x".repeat(150), api_key: 7 }),
          connections: share,
          seconds: SECONDS,
        }),
        load("unknown paths", {
          url: `${url}/competitions/v1/nope-${round}/`,
          headers: auth,
          connections: share,
          seconds: SECONDS,
        }),
      ]);
      const loaded = rssMb(pid);
      await sleep(3000);
      const idle = rssMb(pid);
      const rps = results.reduce((sum, r) => sum + r.rps, 0);
      const non2xx = results.slice(0, 3).reduce((sum, r) => sum + r.non2xx, 0);
      rows.push({ round, rssMb: loaded, idleRssMb: idle, rps, non2xx });
      process.stdout.write(
        `round ${round}/${ROUNDS}: RSS ${loaded.toFixed(0)} MB (idle ${idle.toFixed(0)} MB), ${rps} req/s, ` +
          `${non2xx} non-2xx on the writes and reads (a gate closed, an asset window passed)\n`,
      );
      process.stdout.write(
        `  ${results.map((r) => `${r.name} ${r.rps} req/s p99 ${r.p99} ms, ${r.non2xx} non-2xx`).join("; ")}\n`,
      );
      if (SNAPSHOTS && (round === 1 || round === ROUNDS)) {
        child.kill("SIGUSR2");
        await sleep(15_000);
      }
    }
    console.table(rows.map((r) => ({ ...r, rssMb: r.rssMb.toFixed(0), idleRssMb: r.idleRssMb.toFixed(0) })));
    const later = rows.slice(Math.ceil(rows.length / 2));
    const growth = later[later.length - 1]!.idleRssMb - later[0]!.idleRssMb;
    process.stdout.write(
      `idle RSS over the second half of the rounds: ${growth >= 0 ? "+" : ""}${growth.toFixed(0)} MB\n`,
    );
    if (SNAPSHOTS)
      process.stdout.write(
        `heap snapshots kept in ${dir}: ${readdirSync(dir)
          .filter((f) => f.endsWith(".heapsnapshot"))
          .join(", ")}\n`,
      );
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    if (!SNAPSHOTS) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
