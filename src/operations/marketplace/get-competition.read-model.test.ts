/**
 * `GET /competitions/v1/{id}/` serves a read model (docs/marketplace.md, "Read model"): the answer built once per
 * version of the stored competition, its phase computed at read time. It must never serve a stale answer: not when
 * time moves (the phase), and not when another app instance — on PostgreSQL with its own connection pool, as another
 * process — changes the competition after this one has built its answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness, secondInstance } from "../../testing/harness.js";
import { AFTER_CLOSE, BIDDING, call, competitionBody, type Market, ok, setupMarket } from "./test-support.js";

describe.each(DIALECTS)("GET a competition from its read model (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  /** A second instance of the app with its own read model (and, on PostgreSQL, its own connections). */
  let other: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    other = await secondInstance(h);
  });
  afterAll(async () => {
    await other.close();
    await h.close();
  });

  const get = async (through: Harness) => {
    const res = await call(through, "GET", `/competitions/v1/${m.competitionId}/`, m.provider);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    return res.body;
  };

  it("answers the same body again, with the phase of the moment it is asked", async () => {
    h.clock.set(BIDDING);
    const first = await get(h);
    expect(first.status).toBe("open");
    expect(await get(h)).toEqual(first);
    h.clock.set(AFTER_CLOSE);
    expect(await get(h)).toEqual({ ...first, status: "closed" });
  });

  it("never serves an answer older than the stored competition, whichever instance changed it", async () => {
    h.clock.set(AFTER_CLOSE);
    const before = await get(other);
    expect(before.status).toBe("closed");
    // The system operator publishes the results through the first instance; the second one answers at once.
    await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/results/`, m.so);
    const after = await get(other);
    expect(after.status).toBe("results_published");
    expect(after.modified).not.toBe(before.modified);
    expect(after).toEqual({ ...before, status: "results_published", modified: after.modified });
  });

  it("requests sent together share a version read, yet every request sent after a write sees it", async () => {
    const fresh = await setupMarket(h);
    h.clock.set(AFTER_CLOSE);
    const url = `/competitions/v1/${fresh.competitionId}/`;
    const burst = () => Array.from({ length: 20 }, () => call(other, "GET", url, fresh.provider));
    // A burst in flight (its shared read may start before the write commits), then the write, then a second burst.
    const first = burst();
    await ok(h, "POST", `/so/v1/competitions/${fresh.competitionId}/results/`, fresh.so);
    const second = await Promise.all(burst());
    for (const r of await Promise.all(first)) expect(["closed", "results_published"]).toContain(r.body.status);
    for (const r of second) expect(r.body.status).toBe("results_published");
  });

  it("an unknown or unpublished competition stays a 404 on both instances", async () => {
    const draft = await ok(h, "POST", "/so/v1/competitions/", m.so, competitionBody({ reference: "READ_DRAFT" }));
    for (const through of [h, other]) {
      for (const id of [draft.id, "nOnExIsTeNt"]) {
        const res = await call(through, "GET", `/competitions/v1/${id}/`, m.provider);
        expect(res.status).toBe(404);
        expect(res.body.error).toBe("not_found");
      }
    }
  });
});
