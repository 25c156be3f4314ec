import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSandboxSetting } from "../db/repositories/marketplace/sandbox.js";
import { HOUR_MS } from "../domain/time.js";
import { AFTER_CLOSE, BIDDING, ok } from "../operations/marketplace/test-support.js";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { runDsoSandbox, SANDBOX_DECIDER } from "./dso-sandbox.js";
import { auBid, setupSandboxMarket, submit } from "./dso-sandbox.test-support.js";

type Result = { bid_id: string; status: string; accepted_capacity: string | null; reason: string | null };

describe.each(DIALECTS)("DSO sandbox operator (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  /** p1 (earlier ballot, £12.50) and p2 (£10.00, and £16.00 above the £15.00 guide in window 2). */
  async function marketWithBallots() {
    const m = await setupSandboxMarket(h);
    const [p1, p2] = m.providers;
    h.clock.set(BIDDING);
    const b1 = await submit(h, m, p1, [auBid(m.windowIds[0]!, "3.000", "12.50")]);
    h.clock.set(BIDDING + HOUR_MS);
    const b2 = await submit(h, m, p2, [
      auBid(m.windowIds[0]!, "3.000", "10.00"),
      auBid(m.windowIds[1]!, "2.000", "16.00"),
    ]);
    return { m, p1, p2, b1, b2 };
  }

  const results = async (who: Parameters<typeof ok>[3], competitionId: string): Promise<Result[]> =>
    ok(h, "GET", `/bid-results/v1/${competitionId}/`, who);

  it("decides an opted-in SO's closed competition: cheapest first, the last partly, reasons, obligations", async () => {
    const { m, p1, p2, b1, b2 } = await marketWithBallots();
    await saveSandboxSetting(h.db.kysely, m.so.id, true, BIDDING);
    h.clock.set(AFTER_CLOSE);
    expect((await runDsoSandbox(h.deps, AFTER_CLOSE)).published).toEqual([m.competitionId]);

    // Window 1 needs 5.000 MW: p2's 3.000 at £10.00, then 2.000 of p1's 3.000 at £12.50.
    expect(
      (await results(p2, m.competitionId)).map((r) => [r.bid_id, r.status, r.accepted_capacity, r.reason]),
    ).toEqual([
      [b2.bids[0].id, "accepted", "3.000", "cheapest bids up to capacity required"],
      [b2.bids[1].id, "rejected", null, "above guide price"],
    ]);
    expect(
      (await results(p1, m.competitionId)).map((r) => [r.bid_id, r.status, r.accepted_capacity, r.reason]),
    ).toEqual([[b1.bids[0].id, "accepted", "2.000", "partially accepted: capacity covered"]]);
    const obligations = await ok(h, "GET", `/obligations/v1/?competition_id=${m.competitionId}&limit=100`, p1);
    expect(obligations.length).toBe(23); // weekdays of July 2026
    expect(
      obligations.every(
        (o: { capacity: string; bid_id: string }) => o.capacity === "2.000" && o.bid_id === b1.bids[0].id,
      ),
    ).toBe(true);
    const competition = await ok(h, "GET", `/so/v1/competitions/${m.competitionId}/`, m.so);
    expect(competition.status).toBe("results_published");
    const decidedBy = await h.db.kysely
      .selectFrom("bid_decisions")
      .select("decided_by")
      .where("competition_id", "=", m.competitionId)
      .execute();
    expect(decidedBy.map((d) => d.decided_by)).toEqual([SANDBOX_DECIDER, SANDBOX_DECIDER, SANDBOX_DECIDER]);
  });

  it("runs once: concurrent and repeated runs publish one set of results", async () => {
    const { m } = await marketWithBallots();
    await saveSandboxSetting(h.db.kysely, m.so.id, true, BIDDING);
    const runs = await Promise.all([1, 2, 3].map(() => runDsoSandbox(h.deps, AFTER_CLOSE)));
    expect(runs.flatMap((r) => r.published).filter((id) => id === m.competitionId)).toHaveLength(1);
    const count = async () =>
      Number(
        (
          await h.db.kysely
            .selectFrom("obligations")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("competition_id", "=", m.competitionId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect(before).toBe(46);
    expect((await runDsoSandbox(h.deps, AFTER_CLOSE + HOUR_MS)).published).not.toContain(m.competitionId);
    expect(await count()).toBe(before);
    // The audit trail names the sandbox as the actor, on the system operator's trail, once per run that acted.
    const trail = (await ok(h, "GET", "/so/v1/audit/", m.so)) as { action: string; actor_type: string }[];
    const bySandbox = trail.filter((e) => e.actor_type === "sandbox");
    expect(bySandbox.filter((e) => e.action === "results.published")).toHaveLength(1);
    expect(bySandbox.filter((e) => e.action === "bid.decided").length).toBeGreaterThan(0);
  });

  it("leaves a competition alone while bidding is open, and when its SO has not opted in — until it does", async () => {
    const { m, p1 } = await marketWithBallots();
    await saveSandboxSetting(h.db.kysely, m.so.id, true, BIDDING);
    expect((await runDsoSandbox(h.deps, BIDDING + 2 * HOUR_MS)).published).not.toContain(m.competitionId);
    await saveSandboxSetting(h.db.kysely, m.so.id, false, BIDDING + 3 * HOUR_MS);
    h.clock.set(AFTER_CLOSE);
    expect((await runDsoSandbox(h.deps, AFTER_CLOSE)).published).not.toContain(m.competitionId);
    expect((await results(p1, m.competitionId))[0]!.status).toBe("pending");
    const jobs = await h.db.kysely.selectFrom("job_runs").selectAll().where("key", "=", m.competitionId).execute();
    expect(jobs).toEqual([]);

    await saveSandboxSetting(h.db.kysely, m.so.id, true, AFTER_CLOSE + HOUR_MS);
    expect((await runDsoSandbox(h.deps, AFTER_CLOSE + 2 * HOUR_MS)).published).toContain(m.competitionId);
    expect((await results(p1, m.competitionId))[0]!.status).toBe("accepted");
  });

  it("does not touch results the SO already published by hand", async () => {
    const { m, p1, b1 } = await marketWithBallots();
    h.clock.set(AFTER_CLOSE);
    await ok(h, "POST", `/so/v1/bids/${b1.bids[0].id}/decision/`, m.so, { decision: "rejected", reason: "Not needed" });
    await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/results/`, m.so);
    await saveSandboxSetting(h.db.kysely, m.so.id, true, AFTER_CLOSE);
    expect((await runDsoSandbox(h.deps, AFTER_CLOSE + HOUR_MS)).published).not.toContain(m.competitionId);
    expect((await results(p1, m.competitionId))[0]).toMatchObject({ status: "rejected", reason: "Not needed" });
  });

  it("gives the same results as the manual /so/v1/ path with the same decisions", async () => {
    const auto = await marketWithBallots();
    await saveSandboxSetting(h.db.kysely, auto.m.so.id, true, BIDDING);
    await runDsoSandbox(h.deps, AFTER_CLOSE);
    const manual = await marketWithBallots();
    h.clock.set(AFTER_CLOSE);
    const decide = (bidId: string, body: unknown) => ok(h, "POST", `/so/v1/bids/${bidId}/decision/`, manual.m.so, body);
    await decide(manual.b2.bids[0].id, {
      decision: "accepted",
      accepted_capacity: "3.000",
      reason: "cheapest bids up to capacity required",
    });
    await decide(manual.b2.bids[1].id, { decision: "rejected", reason: "above guide price" });
    await decide(manual.b1.bids[0].id, {
      decision: "accepted",
      accepted_capacity: "2.000",
      reason: "partially accepted: capacity covered",
    });
    await ok(h, "POST", `/so/v1/competitions/${manual.m.competitionId}/results/`, manual.m.so);
    const strip = (rs: Result[]) => rs.map((r) => [r.status, r.accepted_capacity, r.reason]);
    for (const key of ["p1", "p2"] as const) {
      expect(strip(await results(manual[key], manual.m.competitionId))).toEqual(
        strip(await results(auto[key], auto.m.competitionId)),
      );
    }
    const obligations = async (x: typeof auto) =>
      (await ok(h, "GET", `/obligations/v1/?competition_id=${x.m.competitionId}&limit=100`, x.p1)).map(
        (o: { start: string; end: string; capacity: string; rates: unknown }) => [o.start, o.end, o.capacity, o.rates],
      );
    expect(await obligations(manual)).toEqual(await obligations(auto));
  });
});
