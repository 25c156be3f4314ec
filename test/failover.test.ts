/**
 * The short failover run (docs/scale-out.md, "Failover benchmark"): a local pg_auto_failover cluster, two API
 * processes, clients posting ballots and ancillary bids at both, the primary killed partway: no acknowledged write
 * lost, writes back within 30 s, no answer but 201 or 503. Runs when FAILOVER_TEST=1 (.ci/run sets it and installs
 * pg_auto_failover); where pg_autoctl cannot run it says why and skips. FAILOVER_SECONDS (default here: 40), the
 * kill at 20 % of the run: the 32 s after it cover the 30 s target, so a slow promotion fails on the target, not on
 * a run that ended too early.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Cluster, clusterUnavailable, type Node, startCluster } from "../bench/cluster.js";
import { optionsFromEnv, runFailover } from "../bench/failover.js";
import { createOrganisation } from "../src/admin/organisations.js";
import { loadConfig } from "../src/config.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { emitPing, insertSubscription } from "../src/db/repositories/webhooks.js";
import { seedDemoIfEmpty } from "../src/demo/seed.js";
import { createDeps, type Deps } from "../src/deps.js";
import type { WebhookEventType } from "../src/domain/webhooks/events.js";
import { formatSecret } from "../src/domain/webhooks/signing.js";
import { runTsoAuctions, TSO_AUCTION_JOB } from "../src/engine/tso-auctions.js";
import { deliverDue, LEASE_MS } from "../src/engine/webhook-delivery.js";
import { newShortId } from "../src/ids.js";
import { startReceiver } from "../src/testing/webhooks-receiver.js";
import { TEST_SECRET } from "./api-processes.js";

describe.skipIf(process.env.FAILOVER_TEST !== "1")("failover of the PostgreSQL primary under write load", () => {
  it("loses no acknowledged write and is writable again within 30 s", { timeout: 300_000 }, async (ctx) => {
    const options = {
      ...optionsFromEnv(),
      seconds: Number(process.env.FAILOVER_SECONDS ?? 40),
      killAt: 0.2,
      log: console.log,
    };
    const report = await runFailover(options);
    if (report.skipped) {
      console.log(`failover test skipped: ${report.skipped}`);
      ctx.skip();
    }
    console.log(report.line);
    expect(report.acknowledged).toBeGreaterThan(0);
    expect(report.lostIds).toEqual([]);
    expect(report.unavailableSeconds).toBeLessThanOrEqual(30);
    expect(report.promotedNode).toBeDefined();
    expect(report.acknowledgedAfterKill).toBeGreaterThan(0);
    // Every answer was a 201 (stored) or a 503 with Retry-After (the failover cut it): never a 500, never silence.
    // The one 4xx the failover explains: the retry of a request cut during its COMMIT that had committed finds its
    // bids still pending (400 bid_pending); runFailover checks those bids like acknowledged ones (lostIds).
    expect(Object.keys(report.statuses)).toContain("201");
    expect(report.unexpected).toEqual({});
  });
});

/**
 * Exactly-once jobs and the webhook outbox across a failover (docs/scale-out.md, "Jobs and webhooks"): the primary
 * is killed inside an auction clearing's transaction (at its insert into tso_auctions) and, after the old node has
 * rejoined as the secondary, again while a webhook delivery pass waits for its receiver. Afterwards every due
 * auction has run exactly once (its job record and its result together, never one without the other) and every
 * webhook delivery is recorded succeeded; an event sent again (at-least-once) carries the same id and body.
 */
describe.skipIf(process.env.FAILOVER_TEST !== "1")("jobs and webhooks when the primary is killed mid-job", () => {
  let cluster: Cluster | undefined;
  let skipped: string | undefined;
  const open: Deps[] = [];
  let dir: string | undefined;

  const depsOn = (url: string) => {
    const deps = createDeps(
      loadConfig({
        DATABASE_URL: url,
        LOG_LEVEL: "silent",
        FLEXMARKET_SECRET: TEST_SECRET,
        FLEXMARKET_WEBHOOK_ALLOW_PRIVATE: "1",
      }),
      { hashCost: "low" },
    );
    open.push(deps);
    return deps;
  };

  /** Until a node other than `killed` accepts writes. */
  const promoted = async (killed: Node) => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const primary = await cluster!.primary();
      if (primary && primary.name !== killed.name) return primary;
      if (Date.now() > deadline) throw new Error("no promotion within 90 s");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  beforeAll(async () => {
    skipped = await clusterUnavailable();
    if (skipped) return;
    dir = mkdtempSync(join(tmpdir(), "flexmarket-failover-jobs-"));
    cluster = await startCluster({ dir, port: optionsFromEnv().port + 30 });
  }, 240_000);
  afterAll(async () => {
    for (const deps of open) await deps.db.close().catch(() => {});
    await cluster?.destroy().catch(() => {});
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("an auction clearing cut by the kill runs exactly once, on the new primary", { timeout: 240_000 }, async (ctx) => {
    if (skipped) {
      console.log(`failover jobs test skipped: ${skipped}`);
      ctx.skip();
    }
    const deps = depsOn(cluster!.url);
    await migrateToLatest(deps.db);
    await seedDemoIfEmpty(deps);
    const now = Date.now();
    const primary = (await cluster!.primary())!;

    // Kill the primary at the first write of a clearing, inside its transaction.
    const query = pg.Client.prototype.query;
    let killedMidJob = false;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (!killedMidJob && typeof text === "string" && text.startsWith('insert into "tso_auctions"')) {
        killedMidJob = true;
        cluster!.kill(primary);
      }
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
    let first: string[];
    try {
      first = (await runTsoAuctions(deps, now)).ran;
    } finally {
      pg.Client.prototype.query = query;
    }
    expect(killedMidJob).toBe(true);
    await promoted(primary);

    // Two processes tick at once on the new primary; a third tick finds nothing left.
    const other = depsOn(cluster!.url);
    const [a, b] = await Promise.all([runTsoAuctions(deps, now), runTsoAuctions(other, now)]);
    const again = await runTsoAuctions(deps, now);
    expect(again.ran).toEqual([]);
    const ran = [...first, ...a.ran, ...b.ran];
    expect(new Set(ran).size, "no auction ran twice").toBe(ran.length);

    const jobs = await deps.db.kysely
      .selectFrom("job_runs")
      .select("key")
      .where("kind", "=", TSO_AUCTION_JOB)
      .execute();
    const results = await deps.db.kysely.selectFrom("tso_auctions").select("product_date_code").execute();
    const jobKeys = jobs.map((j) => j.key).sort();
    expect(jobKeys.length).toBeGreaterThan(0);
    // A job record and its result commit together: never one without the other.
    expect(results.map((r) => r.product_date_code).sort()).toEqual(jobKeys);
    for (const key of ran) expect(jobKeys).toContain(key);
    console.log(
      `auctions: ${first.length} cleared by the tick the kill cut, ${a.ran.length + b.ran.length} by the two ticks after, ${jobKeys.length} in all`,
    );

    // The killed node rejoins as the secondary for the next case.
    await cluster!.restart(primary);
    await cluster!.waitForSecondary(120_000);
  });

  it("a webhook delivery pass cut by the kill delivers every event, each recorded once", {
    timeout: 240_000,
  }, async (ctx) => {
    if (skipped) ctx.skip();
    const deps = depsOn(cluster!.url);
    const now = Date.now();
    const org = await createOrganisation(
      { db: deps.db, now, hashCost: "low" },
      { name: "Failover Flex", role: "provider" },
    );
    const primary = (await cluster!.primary())!;
    const receiver = await startReceiver((n) => {
      // The first request of the pass: the receiver has it, the outcome is not recorded yet.
      if (n === 0) cluster!.kill(primary);
      return { status: 200 };
    });
    try {
      const sub = {
        id: newShortId(),
        organisationId: org.id,
        url: receiver.url,
        description: "failover",
        events: [] as WebhookEventType[],
        secret: formatSecret(randomBytes(32)),
        status: "active" as const,
        createdAt: now,
      };
      await insertSubscription(deps.db.kysely, sub);
      const pings: string[] = [];
      for (let i = 0; i < 5; i++) {
        const { eventId } = await deps.db.kysely
          .transaction()
          .execute((tx) => emitPing(tx, { organisationId: org.id, subscriptionId: sub.id, at: now }));
        pings.push(eventId);
      }
      await deliverDue(deps, now).catch(() => {});
      expect(receiver.received.length).toBeGreaterThan(0);
      await promoted(primary);
      // The interrupted attempts hold their lease: the next passes run after it (as a later tick would).
      let later = now + LEASE_MS + 5_000;
      for (let pass = 0; pass < 3; pass++, later += LEASE_MS + 5_000) await deliverDue(deps, later);

      const deliveries = await deps.db.kysely
        .selectFrom("webhook_deliveries")
        .select(["event_id", "status"])
        .where("subscription_id", "=", sub.id)
        .execute();
      expect(deliveries.map((d) => d.event_id).sort()).toEqual([...pings].sort());
      for (const d of deliveries) expect(d.status).toBe("succeeded");
      const bodies = new Map<string, string>();
      for (const r of receiver.received) {
        const id = String(r.headers["webhook-id"]);
        if (bodies.has(id)) expect(r.body, "a resent event has the same body").toBe(bodies.get(id));
        bodies.set(id, r.body);
      }
      expect([...bodies.keys()].sort()).toEqual([...pings].sort());
      console.log(
        `webhooks: ${pings.length} events, ${receiver.received.length} requests (resent: ${receiver.received.length - pings.length})`,
      );
    } finally {
      await receiver.close();
    }
  });
});
