/**
 * `npx tsx bench/first-load.ts --before <checkout> [--runs 5]`: the dashboard's first load (`GET /` and what
 * index.html pulls in) before and after, in the same run. `<checkout>` is another tree of this repository with its
 * node_modules and a built web/dist (e.g. `git archive main | tar -x -C /tmp/main`, a symlink to node_modules,
 * `node web/build-if-stale.mjs --force` there); "after" is this tree (built if stale).
 *
 * Prints, per tree, the first load's bytes — uncompressed, gzip (level 9), brotli (quality 11) and what its server
 * actually sends to a client accepting `br, gzip` — then the first contentful paint in headless Chromium (Debian's
 * `chromium`, playwright-core), the trees alternating, each run in a fresh browser context (empty cache), on plain
 * loopback and with the network throttled to 10 Mbit/s and 40 ms latency; medians. Both trees run their real server
 * (`src/cli/main.ts serve`, demo data, engine off) from their own directory.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { median } from "./http.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The files of the first load: index.html and the scripts and stylesheets it names. */
function firstLoadFiles(tree: string): string[] {
  const html = readFileSync(join(tree, "web", "dist", "index.html"), "utf8");
  const named = [...html.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
  return ["/index.html", ...named];
}

function bytes(tree: string) {
  let raw = 0;
  let gzip = 0;
  let br = 0;
  for (const f of firstLoadFiles(tree)) {
    const data = readFileSync(join(tree, "web", "dist", f));
    raw += data.length;
    gzip += gzipSync(data, { level: 9 }).length;
    br += brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, br };
}

/** What the server sends (body bytes on the wire) for `path` to a client accepting `br, gzip`. */
function sent(base: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { "accept-encoding": "br, gzip", accept: "*/*" } }, (res) => {
      let n = 0;
      res.on("data", (d: Buffer) => {
        n += d.length;
      });
      res.on("end", () => resolve(n));
    });
    req.on("error", reject);
    req.end();
  });
}

async function serve(tree: string): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "fm-first-load-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve"], {
    cwd: tree,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      HOST: "127.0.0.1",
      PORT: "0",
      FLEXMARKET_DATA: dir,
      FLEXMARKET_ENGINE: "0",
      FLEXMARKET_RATE_LIMIT: "0",
      FLEXMARKET_SECRET: "first-load-secret-first-load-secret",
      FLEXMARKET_LOG_FORMAT: "json",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*flexmarket listening/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once("exit", (code) => reject(new Error(`${tree}: server exited with ${code}`)));
  });
  child.stdout!.resume();
  return { url, child, dir };
}

const { values } = parseArgs({ options: { before: { type: "string" }, runs: { type: "string", default: "5" } } });
if (!values.before) throw new Error("usage: bench/first-load.ts --before <checkout with web/dist built> [--runs 5]");
execFileSync(process.execPath, [join(ROOT, "web", "build-if-stale.mjs")], { cwd: ROOT, stdio: "inherit" });
const trees = [
  { name: "before", dir: values.before },
  { name: "after", dir: ROOT },
];
const executablePath = execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
const servers = await Promise.all(trees.map((t) => serve(t.dir)));
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
});
try {
  const table = [];
  for (const [i, t] of trees.entries()) {
    const b = bytes(t.dir);
    let wire = 0;
    for (const f of firstLoadFiles(t.dir)) wire += await sent(servers[i]!.url, f === "/index.html" ? "/" : f);
    table.push({
      tree: t.name,
      files: firstLoadFiles(t.dir).join(" "),
      "uncompressed B": b.raw,
      "gzip B": b.gzip,
      "br B": b.br,
      "sent for br, gzip B": wire,
    });
  }
  console.table(table);

  const paints: Record<string, number[]> = {};
  for (let run = 0; run < Number(values.runs); run++) {
    for (const throttled of [false, true]) {
      for (const [i, t] of trees.entries()) {
        const context = await browser.newContext();
        const page = await context.newPage();
        if (throttled) {
          const cdp = await context.newCDPSession(page);
          await cdp.send("Network.enable");
          await cdp.send("Network.emulateNetworkConditions", {
            offline: false,
            latency: 40,
            downloadThroughput: (10_000_000 / 8) | 0,
            uploadThroughput: (10_000_000 / 8) | 0,
          });
        }
        await page.goto(`${servers[i]!.url}/`, { waitUntil: "load" });
        const fcp = await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              new PerformanceObserver((list) => {
                const e = list.getEntriesByName("first-contentful-paint")[0];
                if (e) resolve(e.startTime);
              }).observe({ type: "paint", buffered: true });
            }),
        );
        const key = `${t.name} ${throttled ? "10 Mbit/s, 40 ms" : "loopback"}`;
        paints[key] = [...(paints[key] ?? []), fcp];
        await context.close();
      }
    }
  }
  console.table(
    Object.entries(paints).map(([key, ms]) => ({
      "first load": key,
      "first contentful paint, median ms": Math.round(median(ms)),
      runs: ms.map((m) => Math.round(m)).join(", "),
    })),
  );
} finally {
  await browser.close();
  for (const s of servers) {
    s.child.kill("SIGTERM");
    await new Promise((resolve) => s.child.once("exit", resolve));
    rmSync(s.dir, { recursive: true, force: true });
  }
}
process.exit(0);
