/**
 * `/metrics` (docs/operating.md#metrics): hidden unless the bearer token matches, and every documented metric moves
 * by what a known workload did.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTicker } from "../engine/ticker.js";
import { runTsoAuctions } from "../engine/tso-auctions.js";
import { deliverDue } from "../engine/webhook-delivery.js";
import { call, type Market, ok, setupMarket } from "../operations/marketplace/test-support.js";
import { optimizeBody } from "../operations/virtual-battery/optimize-fixtures.js";
import { createFixture } from "../operations/virtual-battery/test-fixtures.js";
import { listenMetrics } from "../server.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../testing/harness.js";

const TOKEN = "metrics-token-0123456789";
let authOf: (who: { id: string; role: "provider" | "system_operator" }) => Promise<{ authorization: string }>;
const scrape = async (h: Harness) => {
  const res = await h.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.statusCode).toBe(200);
  return res.body;
};

/** The value of one series, e.g. `value(text, 'flexmarket_x_total{job="a"}')`; undefined when absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("/metrics is hidden without its token", () => {
  let open: Harness;
  let closed: Harness;
  let elsewhere: Harness;
  beforeAll(async () => {
    open = await createHarness("sqlite", { metricsToken: TOKEN });
    closed = await createHarness("sqlite");
    elsewhere = await createHarness("sqlite", { metricsToken: TOKEN, metricsPort: 9465 });
  });
  afterAll(async () => {
    await open.close();
    await closed.close();
    await elsewhere.close();
  });

  it("404 while FLEXMARKET_METRICS_TOKEN is unset, even with a token", async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
      const res = await closed.app.inject({ method: "GET", url: "/metrics", headers });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe("not_found");
    }
  });

  it("404 without a token, with a wrong one, or a token of another length (the same answer as an unknown path)", async () => {
    const unknown = await open.app.inject({ method: "GET", url: "/nothing-here" });
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}X`, "Bearer a", TOKEN]) {
      const res = await open.app.inject({
        method: "GET",
        url: "/metrics",
        headers: authorization ? { authorization } : {},
      });
      expect(res.statusCode, authorization).toBe(404);
      expect(Object.keys(res.json()).sort()).toEqual(Object.keys(unknown.json()).sort());
    }
  });

  it("200 in the Prometheus text format with the token; 404 on the API port when it has a port of its own", async () => {
    const res = await open.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain("# TYPE flexmarket_http_request_duration_seconds histogram");
    const moved = await elsewhere.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(moved.statusCode).toBe(404);
  });

  it("FLEXMARKET_METRICS_PORT serves them on a port of their own (token required there too when set)", async () => {
    for (const token of [undefined, TOKEN]) {
      const server = await listenMetrics(elsewhere.deps, {
        ...elsewhere.config,
        metricsPort: 0,
        host: "127.0.0.1",
        metricsToken: token,
      });
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const withToken = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
        expect(withToken.status).toBe(200);
        expect(await withToken.text()).toContain("flexmarket_http_request_duration_seconds");
        expect((await fetch(`${base}/metrics`)).status).toBe(token ? 404 : 200);
        expect((await fetch(`${base}/other`)).status).toBe(404);
      } finally {
        await new Promise((r) => server.close(r));
      }
    }
  });

  it("is not in the OpenAPI document", async () => {
    const doc = (await open.app.inject({ method: "GET", url: "/openapi.json" })).json();
    expect(Object.keys(doc.paths)).not.toContain("/metrics");
  });
});

describe.each(DIALECTS)("metrics move with a known workload (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect, { metricsToken: TOKEN, rateLimitPerMinute: 1000 });
    m = await setupMarket(h);
    authOf = async (who) => {
      return (await h.token(who.id, who.role)).auth;
    };
  });
  afterAll(() => h.close());

  it("HTTP requests by route pattern and status, never the raw URL", async () => {
    const route = 'route="/competitions/v1/:id/"';
    const series = `flexmarket_http_request_duration_seconds_count{method="GET",${route},status="200"}`;
    const notFound = `flexmarket_http_request_duration_seconds_count{method="GET",${route},status="404"}`;
    const before = await scrape(h);
    for (let i = 0; i < 7; i++) await ok(h, "GET", `/competitions/v1/${m.competitionId}/`, m.provider);
    for (let i = 0; i < 2; i++) expect((await call(h, "GET", "/competitions/v1/nope/", m.provider)).status).toBe(404);
    await h.app.inject({ method: "GET", url: "/no/such/path/123" });
    const head = await h.app.inject({
      method: "HEAD",
      url: `/competitions/v1/${m.competitionId}/`,
      headers: await authOf(m.provider),
    });
    expect(head.statusCode).toBe(200);
    const after = await scrape(h);
    expect(value(after, `flexmarket_http_request_duration_seconds_count{method="HEAD",${route},status="200"}`)).toBe(1);
    expect((value(after, series) ?? 0) - (value(before, series) ?? 0)).toBe(7);
    expect((value(after, notFound) ?? 0) - (value(before, notFound) ?? 0)).toBe(2);
    const unmatched = 'flexmarket_http_request_duration_seconds_count{method="GET",route="(unmatched)",status="404"}';
    expect((value(after, unmatched) ?? 0) - (value(before, unmatched) ?? 0)).toBe(1);
    expect(after).not.toContain(m.competitionId);
    expect(after).not.toContain("/no/such/path");
    expect(after).toMatch(
      /flexmarket_http_request_duration_seconds_bucket\{le="0\.25",method="GET",route="\/competitions\/v1\/:id\/",status="200"\} \d+/,
    );
  });

  it("database transactions, committed and rolled back; the pool on PostgreSQL", async () => {
    const commit = 'flexmarket_db_transaction_duration_seconds_count{outcome="commit"}';
    const rollback = 'flexmarket_db_transaction_duration_seconds_count{outcome="rollback"}';
    const before = await scrape(h);
    await h.db.kysely.transaction().execute(async () => {});
    await h.db.kysely
      .transaction()
      .execute(async () => {
        throw new Error("rolled back");
      })
      .catch(() => {});
    const after = await scrape(h);
    expect((value(after, commit) ?? 0) - (value(before, commit) ?? 0)).toBe(1);
    expect((value(after, rollback) ?? 0) - (value(before, rollback) ?? 0)).toBe(1);
    if (dialect === "postgres")
      expect(value(after, 'flexmarket_db_pool_connections{state="total"}')).toBeGreaterThan(0);
  });

  it("engine job runs, failures and lag behind the clock", async () => {
    let n = 0;
    const stop = startTicker(h.deps, "metrics-probe", 5, async () => {
      n++;
      if (n === 2) throw new Error("the second tick fails");
    });
    while (n < 4) await new Promise((r) => setTimeout(r, 5));
    await stop();
    h.clock.advance(90_000);
    const text = await scrape(h);
    expect(value(text, 'flexmarket_engine_ticks_total{kind="metrics-probe"}')).toBeGreaterThanOrEqual(4);
    expect(value(text, 'flexmarket_engine_tick_failures_total{kind="metrics-probe"}')).toBe(1);
    expect(value(text, 'flexmarket_engine_lag_seconds{kind="metrics-probe"}')).toBe(90);
    h.clock.set(h.clock.now() - 90_000);
  });

  it("webhook outbox depth, attempts and failures", async () => {
    const sub = await ok(h, "POST", "/webhooks/v1/", m.provider, {
      url: "https://hooks.example.com/in",
      events: ["bid_result.published"],
    });
    await ok(h, "POST", `/webhooks/v1/${sub.id}/test`, m.provider, {});
    const before = await scrape(h);
    expect(value(before, "flexmarket_webhook_outbox_depth")).toBe(1);
    // The receiver's name does not resolve: the attempt fails and is retried later.
    await deliverDue(h.deps, h.clock.now(), { resolve: async () => [] });
    const after = await scrape(h);
    expect(value(after, 'flexmarket_webhook_attempts_total{outcome="retry"}')).toBe(1);
    expect(value(after, "flexmarket_webhook_failures_total")).toBe(0);
    expect(value(after, "flexmarket_webhook_outbox_depth")).toBe(1);
  });

  it("auction clearing duration and size, per market", async () => {
    const { ran } = await runTsoAuctions(h.deps, T0, { syntheticBidCount: 2 });
    expect(ran.length).toBeGreaterThan(0);
    const text = await scrape(h);
    const counted = ["FCR", "AFRRCapacity", "AFRREnergy"]
      .map((market) => value(text, `flexmarket_clearing_duration_seconds_count{market="${market}"}`) ?? 0)
      .reduce((a, b) => a + b, 0);
    expect(counted).toBe(ran.length);
    expect(text).toMatch(/flexmarket_clearing_bids_count\{market="FCR"\} \d+/);
  });

  it("optimizer solve time and queue length", async () => {
    const f = await createFixture(h, { powerKw: 1000, energyKwh: 2000 });
    const res = await h.app.inject({
      method: "POST",
      url: `${f.base}/optimize`,
      headers: f.org.auth,
      payload: optimizeBody() as never,
    });
    expect(res.statusCode, res.body).toBe(200);
    const text = await scrape(h);
    expect(value(text, 'flexmarket_optimizer_solve_duration_seconds_count{outcome="ok"}')).toBe(1);
    expect(value(text, "flexmarket_optimizer_queue_length")).toBe(0);
  });
});

describe("every metric is documented and every dashboard query names a metric that exists", () => {
  it("docs/operating.md ⇄ the registry ⇄ docs/grafana-dashboard.json", async () => {
    const h = await createHarness("sqlite", { metricsToken: TOKEN });
    try {
      h.deps.metrics.collectProcessMetrics();
      const text = await scrape(h);
      const exported = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
      const ours = [...exported].filter((name) => name.startsWith("flexmarket_"));
      expect(ours.length).toBe(14);
      const docs = readFileSync(new URL("../../docs/operating.md", import.meta.url), "utf8");
      expect(ours.filter((name) => !docs.includes(`| \`${name}\` |`))).toEqual([]);
      const dashboard = readFileSync(new URL("../../docs/grafana-dashboard.json", import.meta.url), "utf8");
      const queried = new Set(
        [...dashboard.matchAll(/\b((?:flexmarket|process|nodejs)_[a-z0-9_]+)/g)].map((m) =>
          m[1]!.replace(/_(bucket|count|sum)$/, ""),
        ),
      );
      expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
      expect(ours.filter((name) => !queried.has(name))).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe("rate-limit refusals are counted", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness("sqlite", { metricsToken: TOKEN, rateLimitPerMinute: 3 });
  });
  afterAll(() => h.close());

  it("each 429 once", async () => {
    const org = await h.org("provider");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(h, "GET", "/assets/v1/", org.auth)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(value(await scrape(h), "flexmarket_rate_limit_refusals_total")).toBe(2);
  });
});
