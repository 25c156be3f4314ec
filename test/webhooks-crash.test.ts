/**
 * At-least-once across a crash: the real server (a child process, `tsx src/cli/main.ts serve`) is killed with
 * SIGKILL while its delivery worker waits for a receiver that never answers; a restarted server on the same
 * database sends the same event again (same `webhook-id`, same body, a valid signature) and records it delivered.
 *
 * The interrupted attempt holds a 60 s lease. So as not to wait that out in real time, the restarted server runs a
 * simulated clock that starts two minutes ahead (as if the restart came after the lease ran out).
 * SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. Each case is bounded (< 30 s).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createApiKey, createOrganisation } from "../src/admin/organisations.js";
import { connect, type DialectName } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { verifyWebhook } from "../src/sdk/webhooks.js";
import { createPgDatabase, DIALECTS } from "../src/testing/harness.js";
import { startReceiver } from "../src/testing/webhooks-receiver.js";

const ROOT = resolve(import.meta.dirname, "..");
const SECRET = "crash-test-secret-crash-test-secret";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

interface Server {
  readonly child: ChildProcess;
  readonly base: string;
  readonly output: () => string;
}

async function startServer(env: Record<string, string>, timeoutMs = 15_000): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      FLEXMARKET_DEMO: "0",
      FLEXMARKET_SECRET: SECRET,
      FLEXMARKET_WEBHOOK_ALLOW_PRIVATE: "1",
      FLEXMARKET_RATE_LIMIT: "0",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${output}`);
    try {
      if ((await fetch(`${base}/openapi.json`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start within ${timeoutMs} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, base, output: () => output };
}

function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once("exit", () => ok());
    child.kill(signal);
  });
}

describe.each(DIALECTS)("webhook delivery survives a killed server (%s)", (dialect: DialectName) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("re-sends an interrupted delivery after a restart (at-least-once)", { timeout: 30_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "fm-crash-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const database = dialect === "postgres" ? await createPgDatabase("fm_crash") : undefined;
    if (database) cleanups.push(database.drop);
    const env: Record<string, string> = {
      FLEXMARKET_DATA: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
    };

    // An organisation and its API key, written straight into the database the servers will use.
    const db = connect({ databaseUrl: database?.url, sqlitePath: join(dataDir, "flexmarket.db") });
    await migrateToLatest(db);
    const ctx = { db, now: Date.now(), hashCost: "low" as const };
    const org = await createOrganisation(ctx, { name: "Crash Flex", role: "provider" });
    const key = await createApiKey(ctx, { organisationId: org.id });
    await db.close();

    // The receiver never answers the first request, and answers 200 afterwards.
    const receiver = await startReceiver((n) => (n === 0 ? "hang" : { status: 200 }));
    cleanups.push(() => receiver.close());

    const first = await startServer(env);
    cleanups.push(() => kill(first.child, "SIGKILL"));
    const auth = await fetch(`${first.base}/authtoken/v1/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: key.clientId, api_key: key.apiKey }),
    });
    expect(auth.status, first.output()).toBe(200);
    const bearer = { authorization: `Bearer ${(await auth.json()).token}` };
    const headers = { ...bearer, "content-type": "application/json" };
    const created = await fetch(`${first.base}/webhooks/v1/`, {
      method: "POST",
      headers,
      body: JSON.stringify({ url: receiver.url, events: ["competition.opened"], description: "crash test" }),
    });
    expect(created.status).toBe(201);
    const sub = (await created.json()) as { id: string; secret: string };
    const ping = await fetch(`${first.base}/webhooks/v1/${sub.id}/test`, { method: "POST", headers: bearer });
    expect(ping.status).toBe(202);
    const delivery = (await ping.json()) as { id: string; event_id: string };

    // Mid-delivery: the request has arrived and waits for an answer that never comes.
    await receiver.waitFor(1, 10_000);
    await kill(first.child, "SIGKILL");

    const second = await startServer({
      ...env,
      FLEXMARKET_CLOCK: `sim:${new Date(Date.now() + 120_000).toISOString()}:x1`,
    });
    cleanups.push(() => kill(second.child, "SIGTERM"));
    await receiver.waitFor(2, 10_000);

    const [interrupted, resent] = receiver.received;
    expect(resent!.headers["webhook-id"]).toBe(delivery.event_id);
    expect(resent!.headers["webhook-id"]).toBe(interrupted!.headers["webhook-id"]);
    expect(resent!.body).toBe(interrupted!.body);
    const ts = Number(resent!.headers["webhook-timestamp"]) * 1000;
    const event = verifyWebhook(sub.secret, resent!.headers as Record<string, string>, resent!.body, { now: ts });
    expect(event).toMatchObject({ id: delivery.event_id, type: "ping", data: { subscription_id: sub.id } });

    // The restarted server records it delivered, on the second attempt.
    const deadline = Date.now() + 5_000;
    let state: { status: string; attempts: number; last_response_code: number | null } | undefined;
    while (Date.now() < deadline) {
      const res = await fetch(`${second.base}/webhooks/v1/${sub.id}/deliveries/`, { headers: bearer });
      const list = (await res.json()) as Array<{
        id: string;
        status: string;
        attempts: number;
        last_response_code: number | null;
      }>;
      state = list.find((d) => d.id === delivery.id);
      if (state?.status === "succeeded") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toMatchObject({ status: "succeeded", attempts: 2, last_response_code: 200 });
    expect(receiver.received).toHaveLength(2);
  });
});
