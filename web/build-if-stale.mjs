#!/usr/bin/env node
/**
 * Builds the web dashboard (`vite build` → web/dist) when web/dist is missing or older than its sources: web/src,
 * web/index.html, vite.config.ts and src/domain (the ballot editor bundles the server's rules). Run by
 * `npm start` (prestart) and by the browser tests, so the README's two commands are enough.
 * `--force` always builds.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const built = join(root, "web", "dist", "index.html");

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "dist") continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

export function isStale() {
  if (!existsSync(built)) return true;
  const sources = ["web/src", "web/index.html", "vite.config.ts", "src/domain"].map((p) => newest(join(root, p)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

export function buildWeb({ force = false, quiet = false } = {}) {
  if (!force && !isStale()) return false;
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  execFileSync(process.execPath, [vite, "build", "--logLevel", quiet ? "warn" : "info"], {
    cwd: root,
    // A production bundle even when called from a test runner (NODE_ENV=test would bundle React's development build).
    env: { ...process.env, NODE_ENV: "production" },
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
  });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  const did = buildWeb({ force: process.argv.includes("--force") });
  process.stdout.write(did ? `web dashboard built in ${Date.now() - t0} ms\n` : "web dashboard is up to date\n");
}
