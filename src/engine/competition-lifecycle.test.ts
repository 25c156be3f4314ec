import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../domain/time.js";
import { AFTER_CLOSE, BIDDING, ok } from "../operations/marketplace/test-support.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../testing/harness.js";
import { CLOSED_JOB, OPENED_JOB, runCompetitionLifecycle } from "./competition-lifecycle.js";
import { eventsOf, setupSandboxMarket, typesOf } from "./dso-sandbox.test-support.js";

describe.each(DIALECTS)("competition lifecycle job (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it("announces opening and closing once each, to the SO and the entered providers only", async () => {
    const m = await setupSandboxMarket(h);
    const [p1, p2] = m.providers;

    // Before bidding opens: nothing is due.
    expect(await runCompetitionLifecycle(h.deps, T0 + HOUR_MS)).toEqual({ opened: [], closed: [] });
    expect(await eventsOf(h, m.so.id)).toEqual([]);

    h.clock.set(BIDDING);
    const run = await runCompetitionLifecycle(h.deps, BIDDING);
    expect(run.opened).toContain(m.competitionId);
    expect(run.closed).not.toContain(m.competitionId);
    const competition = await ok(h, "GET", `/competitions/v1/${m.competitionId}/`, p1);
    const soCompetition = await ok(h, "GET", `/so/v1/competitions/${m.competitionId}/`, m.so);
    expect(await eventsOf(h, m.so.id)).toEqual([{ type: "competition.opened", data: soCompetition }]);
    for (const p of [p1, p2]) {
      const opportunities = await ok(h, "GET", "/bidding-opportunities/v1/", p);
      expect(await eventsOf(h, p.id)).toEqual([
        { type: "competition.opened", data: competition },
        {
          type: "bidding_opportunity.created",
          data: opportunities.find((o: { competition_id: string }) => o.competition_id === m.competitionId),
        },
      ]);
    }
    expect(await eventsOf(h, m.outsider.id)).toEqual([]);

    // Again (and again at once): nothing new.
    await Promise.all([
      runCompetitionLifecycle(h.deps, BIDDING + HOUR_MS),
      runCompetitionLifecycle(h.deps, BIDDING + HOUR_MS),
    ]);
    expect(await eventsOf(h, m.so.id)).toHaveLength(1);

    h.clock.set(AFTER_CLOSE);
    const runs = await Promise.all([1, 2, 3].map(() => runCompetitionLifecycle(h.deps, AFTER_CLOSE)));
    expect(runs.flatMap((r) => r.closed).filter((id) => id === m.competitionId)).toHaveLength(1);
    expect(runs.flatMap((r) => r.opened)).not.toContain(m.competitionId);
    const closedView = await ok(h, "GET", `/competitions/v1/${m.competitionId}/`, p1);
    expect(closedView.status).toBe("closed");
    expect(typesOf(await eventsOf(h, m.so.id))).toEqual(["competition.opened", "competition.closed"]);
    for (const p of [p1, p2]) {
      const events = await eventsOf(h, p.id);
      expect(typesOf(events)).toEqual(["competition.opened", "bidding_opportunity.created", "competition.closed"]);
      expect(events[2]!.data).toEqual(closedView);
    }
    expect(await eventsOf(h, m.outsider.id)).toEqual([]);
    const jobs = await h.db.kysely.selectFrom("job_runs").select("kind").where("key", "=", m.competitionId).execute();
    expect(jobs.map((j) => j.kind).sort()).toEqual([CLOSED_JOB, OPENED_JOB].sort());
  });

  it("announces a transition missed while no server ran at the next run; no stale opportunity", async () => {
    const m = await setupSandboxMarket(h);
    const late = AFTER_CLOSE + 3 * DAY_MS;
    h.clock.set(late);
    const run = await runCompetitionLifecycle(h.deps, late);
    expect(run.opened).toContain(m.competitionId);
    expect(run.closed).toContain(m.competitionId);
    expect(typesOf(await eventsOf(h, m.providers[0].id))).toEqual(["competition.opened", "competition.closed"]);
  });

  it("ignores drafts", async () => {
    h.clock.set(T0);
    const m = await setupSandboxMarket(h);
    const draft = await ok(
      h,
      "POST",
      "/so/v1/competitions/",
      m.so,
      (await import("../operations/marketplace/test-support.js")).competitionBody(),
    );
    const run = await runCompetitionLifecycle(h.deps, AFTER_CLOSE + 10 * DAY_MS);
    expect([...run.opened, ...run.closed]).not.toContain(draft.id);
  });
});
