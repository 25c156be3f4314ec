/**
 * Backup and restore of the embedded database (docs/operating.md#backup-and-restore), as an operator runs them:
 * a real server process takes a bounded write load (two clients creating flex assets back to back); while those
 * writes are in flight `flexmarket admin backup` copies the database; the load stops, the server stops, and
 * `flexmarket admin restore` puts the copy into a fresh data directory. Every write acknowledged before the backup
 * command was started must be in the restored database, the signing key must come back with it, and the audit
 * trail must read back through `flexmarket admin audit`. Then the refusals: restore while a server runs, a
 * damaged file, a file from a newer version.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectDatabase, restoreSqlite } from "../src/admin/backup.js";
import { createApiKey, createOrganisation } from "../src/admin/organisations.js";
import { loadConfig } from "../src/config.js";
import { MIGRATION_NAMES, migrateToLatest } from "../src/db/migrate.js";
import { createDeps } from "../src/deps.js";

const ROOT = new URL("..", import.meta.url).pathname;
const BASE_ENV = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? "",
  FLEXMARKET_DEMO: "0",
  LOG_LEVEL: "warn",
};

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      cwd: ROOT,
      env: { ...BASE_ENV, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => resolve({ code, out }));
  });
}

describe("backup under write load, restore into a fresh directory (SQLite)", () => {
  let work: string;
  let dataDir: string;
  let server: ChildProcess;
  let base = "";
  let output = "";
  let token = "";
  const acknowledged: { ref: string; at: number }[] = [];
  let backupStartedAt = 0;
  let backupResult: { code: number | null; out: string };
  let restoreWhileRunning: { code: number | null; out: string };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "fm-backup-"));
    dataDir = join(work, "data");
    const env = { FLEXMARKET_DATA: dataDir };
    const deps = createDeps(loadConfig({ ...env, LOG_LEVEL: "silent" }), { hashCost: "low" });
    let key: { clientId: string; apiKey: string };
    try {
      await migrateToLatest(deps.db);
      const ctx = { db: deps.db, now: Date.now(), hashCost: "low" as const };
      const org = await createOrganisation(ctx, { name: "Backup Test", role: "provider" });
      key = await createApiKey(ctx, { organisationId: org.id });
    } finally {
      await deps.db.close();
    }
    server = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve"], {
      cwd: ROOT,
      env: { ...BASE_ENV, ...env, HOST: "127.0.0.1", PORT: "0", FLEXMARKET_RATE_LIMIT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    server.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start in 60 s:\n${output}`)), 60_000);
      server.stdout?.on("data", () => {
        const m = /\nOpen (http:\/\/127\.0\.0\.1:\d+)\/ /.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      server.once("exit", (code) => reject(new Error(`exited ${code}:\n${output}`)));
    });
    const auth = await fetch(`${base}/authtoken/v1/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: key!.clientId, api_key: key!.apiKey }),
    });
    token = ((await auth.json()) as { token: string }).token;

    // The load: two clients, each creating flex assets one after another until told to stop (bounded: 20 s).
    let stop = false;
    let n = 0;
    const writer = async () => {
      const deadline = Date.now() + 20_000;
      while (!stop && Date.now() < deadline) {
        const ref = `LOAD-${n++}`;
        const res = await fetch(`${base}/assets/v1/`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({
            ref,
            name: ref,
            status: "operational",
            asset_category: "storage",
            asset_type: "battery",
            postcode: "OX4 2AB",
            active_export_capacity: "1.000",
            active_import_capacity: "1.000",
          }),
        });
        if (res.status === 201) acknowledged.push({ ref, at: performance.now() });
        else throw new Error(`write ${ref}: ${res.status} ${await res.text()}`);
      }
    };
    const writers = [writer(), writer()];
    while (acknowledged.length < 30) await new Promise((r) => setTimeout(r, 20));
    backupStartedAt = performance.now();
    backupResult = await runCli(["admin", "backup", "--to", join(work, "copy.db")], env);
    restoreWhileRunning = await runCli(["admin", "restore", "--from", join(work, "copy.db")], env);
    stop = true;
    await Promise.all(writers);
    server.kill("SIGTERM");
    await new Promise<void>((r) => (server.exitCode !== null ? r() : server.once("exit", () => r())));
  }, 120_000);

  afterAll(() => {
    if (server && server.exitCode === null) server.kill("SIGKILL");
    rmSync(work, { recursive: true, force: true });
  });

  it("backed up while the server kept acknowledging writes", () => {
    expect(backupResult.code, backupResult.out).toBe(0);
    const report = JSON.parse(backupResult.out) as { pages: number; migration: string; signingKey: string };
    expect(report.migration).toBe(MIGRATION_NAMES.at(-1));
    expect(report.signingKey).toMatch(/copied to .*copy\.db\.signing\.key \(mode 0600\)/);
    // Writes went on during the backup: the load did not pause for it.
    expect(acknowledged.filter((w) => w.at > backupStartedAt).length).toBeGreaterThan(0);
    expect(statSync(join(work, "copy.db")).mode & 0o777).toBe(0o600);
    expect(statSync(join(work, "copy.db.signing.key")).mode & 0o777).toBe(0o600);
  });

  it("refused to restore over the database of a running server", () => {
    expect(restoreWhileRunning.code).not.toBe(0);
    expect(restoreWhileRunning.out).toMatch(/a Flexmarket server \(pid \d+\) is serving/);
  });

  it("restores into a fresh directory with every write acknowledged before the backup began", async () => {
    const fresh = join(work, "fresh");
    const restored = await runCli(["admin", "restore", "--from", join(work, "copy.db")], { FLEXMARKET_DATA: fresh });
    expect(restored.code, restored.out).toBe(0);
    const db = new SqliteDatabase(join(fresh, "flexmarket.db"), { readonly: true });
    const refs = new Set((db.prepare("select ref from flex_assets").all() as { ref: string }[]).map((r) => r.ref));
    db.close();
    const before = acknowledged.filter((w) => w.at < backupStartedAt);
    expect(before.length).toBeGreaterThanOrEqual(30);
    expect(before.filter((w) => !refs.has(w.ref)).map((w) => w.ref)).toEqual([]);
    expect(readFileSync(join(fresh, "signing.key"), "utf8")).toBe(readFileSync(join(dataDir, "signing.key"), "utf8"));
    // The audit trail came along, readable with the operator's command.
    const audit = await runCli(["admin", "audit", "--json"], { FLEXMARKET_DATA: fresh });
    expect(audit.code, audit.out).toBe(0);
    const actions = (JSON.parse(audit.out) as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["organisation.created", "credential.created"]));
  });

  it("refuses a damaged file and a file from a newer version, changing nothing", () => {
    const target = join(work, "target");
    const config = { sqlitePath: join(target, "flexmarket.db"), dataDir: target, secretFromEnvironment: false };
    const damaged = join(work, "damaged.db");
    copyFileSync(join(work, "copy.db"), damaged);
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, 4096, 3 * 4096); // two pages of the tables overwritten
    writeFileSync(damaged, bytes);
    expect(() => restoreSqlite(config, damaged, { withKey: true })).toThrow(/integrity_check|not a usable|malformed/);
    const newer = join(work, "newer.db");
    copyFileSync(join(work, "copy.db"), newer);
    const db = new SqliteDatabase(newer);
    db.prepare("insert into kysely_migration (name, timestamp) values ('9999-from-the-future', 'x')").run();
    db.close();
    expect(inspectDatabase(join(work, "copy.db")).migration).toBe(MIGRATION_NAMES.at(-1));
    expect(() => restoreSqlite(config, newer, { withKey: true })).toThrow(/newer Flexmarket.*9999-from-the-future/);
    expect(() => statSync(config.sqlitePath)).toThrow();
  });
});
