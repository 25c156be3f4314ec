/**
 * End to end on a fixed clock advanced in steps, calling the engine's pass directly (what the ticker runs; never
 * sleeps): a system operator publishes, providers qualify and enter, submit ballots, the clock passes close, the
 * sandbox decides, providers see their bid results and obligations, and every change was announced in the outbox.
 * Then the demo data: the demo provider's ballot in the sandbox trial is decided without anyone acting.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_TRIAL_CLOSES_AFTER_MS } from "../demo/marketplace.js";
import { DEMO, seedDemoIfEmpty } from "../demo/seed.js";
import { HOUR_MS, MINUTE_MS, toIso } from "../domain/time.js";
import { AFTER_CLOSE, BIDDING, call, ok } from "../operations/marketplace/test-support.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../testing/harness.js";
import { runMarketplaceEngine } from "./competition-lifecycle.js";
import { auBid, eventsOf, setupSandboxMarket, submit, typesOf } from "./dso-sandbox.test-support.js";

describe.each(DIALECTS)("marketplace engine end to end (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  /** Advances the clock from `from` to `to` in `step`s, running one engine pass at each. */
  async function advance(from: number, to: number, step: number) {
    for (let now = from; now <= to; now += step) {
      h.clock.set(now);
      await runMarketplaceEngine(h.deps, now);
    }
  }

  it("publishes → qualifies → ballots → close → sandbox decides → results, obligations, events", async () => {
    const m = await setupSandboxMarket(h); // SO publishes, runs qualification; both providers enter
    const [p1, p2] = m.providers;
    const switched = await h.app.inject({
      method: "PUT",
      url: "/so/v1/sandbox/",
      headers: {
        authorization: `Bearer ${(await h.token(m.so.id, "system_operator")).token}`,
      },
      payload: { enabled: true },
    });
    expect(switched.statusCode).toBe(200);

    await advance(BIDDING, BIDDING + 2 * HOUR_MS, HOUR_MS);
    const b1 = await submit(h, m, p1, [auBid(m.windowIds[0]!, "3.000", "12.50")]);
    const b2 = await submit(h, m, p2, [auBid(m.windowIds[0]!, "3.000", "10.00")]);
    // Bidding open: nothing decided yet.
    expect((await ok(h, "GET", `/bid-results/v1/${m.competitionId}/`, p1))[0].status).toBe("pending");

    await advance(BIDDING + 3 * HOUR_MS, AFTER_CLOSE, 12 * HOUR_MS);

    const r1 = await ok(h, "GET", `/bid-results/v1/${m.competitionId}/`, p1);
    const r2 = await ok(h, "GET", `/bid-results/v1/${m.competitionId}/`, p2);
    expect(r2).toEqual([
      expect.objectContaining({ bid_id: b2.bids[0].id, status: "accepted", accepted_capacity: "3.000" }),
    ]);
    expect(r1).toEqual([
      expect.objectContaining({
        bid_id: b1.bids[0].id,
        status: "accepted",
        accepted_capacity: "2.000",
        reason: "partially accepted: capacity covered",
      }),
    ]);
    const obligations = await call(h, "GET", `/obligations/v1/?competition_id=${m.competitionId}`, p1);
    expect(Number(obligations.headers["x-total-count"])).toBe(23);
    expect(obligations.body[0]).toMatchObject({ bid_id: b1.bids[0].id, capacity: "2.000" });

    // The outbox: the lifecycle events to the SO and to each entered provider, then each provider's results.
    expect(typesOf(await eventsOf(h, m.so.id))).toEqual(["competition.opened", "competition.closed"]);
    for (const [p, results] of [
      [p1, r1],
      [p2, r2],
    ] as const) {
      const events = await eventsOf(h, p.id);
      expect(typesOf(events)).toEqual([
        "competition.opened",
        "bidding_opportunity.created",
        "competition.closed",
        "bid_result.published",
        "obligation.created",
      ]);
      expect(events[3]!.data).toEqual(results);
      expect(events[4]!.data).toHaveLength(23);
    }
    // More passes change nothing.
    const before = await h.db.kysely.selectFrom("webhook_events").select("id").execute();
    await advance(AFTER_CLOSE + HOUR_MS, AFTER_CLOSE + 3 * HOUR_MS, HOUR_MS);
    expect(await h.db.kysely.selectFrom("webhook_events").select("id").execute()).toHaveLength(before.length);
  });
});

describe.each(DIALECTS)("the demo's sandbox trial on a simulated clock (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    expect(await seedDemoIfEmpty(h.deps)).toBe(true);
  });
  afterAll(() => h.close());

  it("decides the demo provider's ballot in the sandbox trial at the engine's first pass, without anyone acting", async () => {
    const provider = { id: DEMO.provider.organisationId, role: "provider" as const };
    const so = { id: DEMO.systemOperator.organisationId, role: "system_operator" as const };
    const competitions = await ok(h, "GET", "/competitions/v1/?limit=100", provider);
    const trial = competitions.find((c: { reference: string }) => c.reference === "DEMO_COWLEY_SANDBOX");
    const closes = T0 + SANDBOX_TRIAL_CLOSES_AFTER_MS;
    expect(trial).toMatchObject({ closed: toIso(closes) });
    expect((await ok(h, "GET", "/so/v1/sandbox/", so)).enabled).toBe(true);
    // The tutorial's three open opportunities are unchanged.
    expect(await ok(h, "GET", "/bidding-opportunities/v1/", provider)).toHaveLength(3);

    // Until the engine runs after close, the ballot is pending.
    const statuses = async () =>
      (await ok(h, "GET", `/bid-results/v1/${trial.id}/`, provider)).map(
        (r: { status: string; accepted_capacity: string | null; reason: string | null }) => [
          r.status,
          r.accepted_capacity,
          r.reason,
        ],
      );
    expect(await statuses()).toEqual([
      ["pending", null, null],
      ["pending", null, null],
    ]);
    if (closes > T0) {
      h.clock.set(closes - 1);
      await runMarketplaceEngine(h.deps, closes - 1);
      expect((await statuses())[0][0]).toBe("pending");
    }
    // The engine's passes on the simulated clock decide it, once.
    const runs = [];
    for (let now = closes; now <= closes + 10 * MINUTE_MS; now += MINUTE_MS) {
      h.clock.set(now);
      runs.push(await runMarketplaceEngine(h.deps, now));
    }
    expect(runs.flatMap((r) => r.sandboxPublished)).toEqual([trial.id]);
    expect(runs.flatMap((r) => r.closed)).toContain(trial.id);
    expect(await statuses()).toEqual([
      ["accepted", "3.000", "cheapest bids up to capacity required"],
      ["rejected", null, "above guide price"],
    ]);
    const obligations = await call(h, "GET", `/obligations/v1/?competition_id=${trial.id}`, provider);
    expect(Number(obligations.headers["x-total-count"])).toBeGreaterThan(0);
    expect(obligations.body[0]).toMatchObject({ capacity: "3.000", rates: [{ type: "utilisation", value: "240.00" }] });
    const decisions = await ok(h, "GET", `/so/v1/competitions/${trial.id}/decisions/`, so);
    expect(decisions[0].bids[0]).toMatchObject({ decision: "accepted", decided_by: "sandbox" });
    expect(typesOf(await eventsOf(h, DEMO.provider.organisationId))).toEqual(
      expect.arrayContaining(["competition.closed", "bid_result.published", "obligation.created"]),
    );
    // The three open competitions stay open and undecided.
    expect(await ok(h, "GET", "/bidding-opportunities/v1/", provider)).toHaveLength(3);
  });
});
