/**
 * Secrets and tokens never reach the logs. Spawns the real server at LOG_LEVEL=trace (the most verbose) with the
 * engine running, then: authenticates with an API key (and with a wrong one), with a username and password (and a
 * wrong one), refreshes, uses every token, creates a webhook subscription (its signing secret) and sends a test
 * delivery, sends a malformed body carrying a password. Every secret value — API key, password, access / refresh /
 * id tokens, webhook secret, the token signing secret — is then searched for in everything the process wrote to
 * stdout and stderr. Twice: as JSON lines (what a service manager collects) and in the pretty, coloured form a
 * person sees on a terminal (FLEXMARKET_LOG_FORMAT=pretty). SQLite only: logging does not depend on the database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createOrganisation, createUser } from "../src/admin/organisations.js";
import { loadConfig } from "../src/config.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { createDeps } from "../src/deps.js";

const ROOT = new URL("..", import.meta.url).pathname;
const SIGNING_SECRET = `sign-${randomBytes(24).toString("hex")}`;
const PASSWORD = `pw-${randomBytes(12).toString("hex")}`;
const WRONG_PASSWORD = `wrong-${randomBytes(12).toString("hex")}`;
const WRONG_API_KEY = `fmk_wrong${randomBytes(12).toString("hex")}`;

describe.each(["json", "pretty"] as const)("%s logs never carry secrets or tokens", (format) => {
  let dataDir: string;
  let child: ChildProcess;
  let base: string;
  let output = "";
  const secrets: Record<string, string> = {
    "signing secret": SIGNING_SECRET,
    password: PASSWORD,
    "wrong password": WRONG_PASSWORD,
    "wrong api key": WRONG_API_KEY,
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "fm-logs-"));
    const env = {
      FLEXMARKET_DATA: dataDir,
      FLEXMARKET_DEMO: "0",
      FLEXMARKET_SECRET: SIGNING_SECRET,
      FLEXMARKET_WEBHOOK_ALLOW_PRIVATE: "1",
    };
    const deps = createDeps(loadConfig({ ...env, LOG_LEVEL: "silent" }), { hashCost: "low" });
    let clientId: string;
    try {
      await migrateToLatest(deps.db);
      const ctx = { db: deps.db, now: Date.now(), hashCost: "low" as const };
      const org = await createOrganisation(ctx, { name: "Log Test", role: "provider" });
      const key = await createApiKey(ctx, { organisationId: org.id });
      await createUser(ctx, { organisationId: org.id, username: "logger", password: PASSWORD });
      clientId = key.clientId;
      secrets["api key"] = key.apiKey;
    } finally {
      await deps.db.close();
    }
    child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        HOST: "127.0.0.1",
        PORT: "0",
        LOG_LEVEL: "trace",
        FLEXMARKET_LOG_FORMAT: format,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start in 60 s:\n${output}`)), 60_000);
      const check = () => {
        const m = /\nOpen (http:\/\/127\.0\.0\.1:\d+)\/ /.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout?.on("data", check);
      child.once("exit", (code) => reject(new Error(`exited ${code}:\n${output}`)));
    });

    const call = async (method: string, path: string, body?: unknown, token?: string, raw?: string) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await res.text();
      return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Record<string, string> };
    };

    const token = await call("POST", "/authtoken/v1/", { client_id: clientId!, api_key: secrets["api key"] });
    expect(token.status).toBe(200);
    secrets["marketplace token"] = token.json.token!;
    expect((await call("POST", "/authtoken/v1/", { client_id: clientId!, api_key: WRONG_API_KEY })).status).toBe(401);
    const signIn = await call("POST", "/auth/public/authenticate", { username: "logger", password: PASSWORD });
    expect(signIn.status).toBe(200);
    secrets["access token"] = signIn.json.access_token!;
    secrets["refresh token"] = signIn.json.refresh_token!;
    secrets["id token"] = signIn.json.id_token!;
    expect(
      (await call("POST", "/auth/public/authenticate", { username: "logger", password: WRONG_PASSWORD })).status,
    ).toBe(401);
    const refreshed = await call("POST", "/auth/public/refresh", { refresh_token: secrets["refresh token"] });
    expect(refreshed.status, JSON.stringify(refreshed.json)).toBe(200);
    secrets["refreshed access token"] = refreshed.json.access_token!;
    // A malformed body that carries the password, and a token used where it is not valid.
    expect(
      (await call("POST", "/auth/public/authenticate", undefined, undefined, `{"password":"${PASSWORD}"`)).status,
    ).toBe(400);
    expect((await call("GET", "/assets/v1/", undefined, secrets["id token"])).status).toBe(401);
    for (const t of [secrets["marketplace token"], secrets["access token"], secrets["refreshed access token"]]) {
      expect((await call("GET", "/assets/v1/", undefined, t)).status).toBe(200);
    }
    const hook = await call(
      "POST",
      "/webhooks/v1/",
      { url: "http://127.0.0.1:9/hook", events: ["bid_result.published"] },
      secrets["access token"],
    );
    expect(hook.status, JSON.stringify(hook.json)).toBe(201);
    secrets["webhook secret"] = hook.json.secret!;
    await call("POST", `/webhooks/v1/${hook.json.id}/test`, {}, secrets["access token"]);
    // Wait (bounded) until the engine has attempted the delivery: its log lines are part of what is searched.
    for (let i = 0; i < 100; i++) {
      const deliveries = await call(
        "GET",
        `/webhooks/v1/${hook.json.id}/deliveries/`,
        undefined,
        secrets["access token"],
      );
      const list = deliveries.json as unknown as { attempts: number }[];
      if (Array.isArray(list) && list.some((d) => d.attempts > 0)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGTERM");
    await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once("exit", () => r())));
  }, 120_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("logged the run (requests and responses at trace level) in its form", () => {
    if (format === "json") expect(output).toMatch(/^\{"level":\d+,"time":/m);
    // pino-pretty's coloured level label; no JSON log line at all.
    else
      expect({ coloured: output.includes("\u001b[32mINFO\u001b[39m"), json: /^\{"level"/m.test(output) }).toEqual({
        coloured: true,
        json: false,
      });
    expect(output).toContain("incoming request");
    expect(output).toContain("request completed");
    expect(output).toContain("/auth/public/authenticate");
  });

  it("contains none of the secrets or tokens", () => {
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(11);
    const leaked = Object.entries(secrets).filter(([, value]) => output.includes(value));
    expect(leaked.map(([name]) => name)).toEqual([]);
    // Nor the signature part of any JWT (a token cut in two would evade the whole-string search).
    for (const [name, value] of Object.entries(secrets)) {
      const signature = value.split(".")[2];
      if (signature) expect(output.includes(signature), `${name} signature`).toBe(false);
    }
  });
});
