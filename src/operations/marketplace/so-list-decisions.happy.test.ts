import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSandboxSetting } from "../../db/repositories/marketplace/sandbox.js";
import { HOUR_MS } from "../../domain/time.js";
import { runDsoSandbox } from "../../engine/dso-sandbox.js";
import { auBid, setupSandboxMarket, submit } from "../../engine/dso-sandbox.test-support.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { AFTER_CLOSE, BIDDING, ok } from "./test-support.js";

describe.each(DIALECTS)("GET /so/v1/competitions/{id}/decisions/ — happy (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  async function market() {
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

  it("shows every bid ranked per window as pending after close, then the decisions with reasons", async () => {
    const { m, p1, p2, b1, b2 } = await market();
    h.clock.set(AFTER_CLOSE);
    const url = `/so/v1/competitions/${m.competitionId}/decisions/`;
    const pending = await ok(h, "GET", url, m.so);
    expect(pending.map((w: { service_window_id: string }) => w.service_window_id)).toEqual(m.windowIds);
    expect(pending[0]).toMatchObject({
      capacity_required: "5.000",
      accepted_capacity: "0.000",
      results_published: null,
    });
    expect(
      pending[0].bids.map((b: { rank: number; bid_id: string; decision: string }) => [b.rank, b.bid_id, b.decision]),
    ).toEqual([
      [1, b2.bids[0].id, "pending"],
      [2, b1.bids[0].id, "pending"],
    ]);

    await saveSandboxSetting(h.db.kysely, m.so.id, true, AFTER_CLOSE);
    await runDsoSandbox(h.deps, AFTER_CLOSE);
    const decided = await ok(h, "GET", url, m.so);
    expect(decided[0]).toMatchObject({ accepted_capacity: "5.000", results_published: expect.any(String) });
    expect(decided[0].bids).toEqual([
      expect.objectContaining({
        rank: 1,
        bid_id: b2.bids[0].id,
        provider_id: p2.id,
        capacity: "3.000",
        rates: [
          { type: "availability", value: "10.00" },
          { type: "utilisation", value: "250.00" },
        ],
        decision: "accepted",
        accepted_capacity: "3.000",
        reason: "cheapest bids up to capacity required",
        decided_by: "sandbox",
      }),
      expect.objectContaining({
        rank: 2,
        bid_id: b1.bids[0].id,
        provider_id: p1.id,
        decision: "accepted",
        accepted_capacity: "2.000",
        reason: "partially accepted: capacity covered",
      }),
    ]);
    expect(decided[1]).toMatchObject({ capacity_required: "2.500", accepted_capacity: "0.000" });
    expect(decided[1].bids).toEqual([
      expect.objectContaining({
        rank: 1,
        bid_id: b2.bids[1].id,
        decision: "rejected",
        accepted_capacity: null,
        reason: "above guide price",
      }),
    ]);
  });

  it("shows a manual decision with the system operator as decider", async () => {
    const { m, b1 } = await market();
    h.clock.set(AFTER_CLOSE);
    await ok(h, "POST", `/so/v1/bids/${b1.bids[0].id}/decision/`, m.so, { decision: "rejected", reason: "Too far" });
    const view = await ok(h, "GET", `/so/v1/competitions/${m.competitionId}/decisions/`, m.so);
    expect(view[0].bids[1]).toMatchObject({
      bid_id: b1.bids[0].id,
      decision: "rejected",
      reason: "Too far",
      decided_by: m.so.id,
    });
    expect(view[0].bids[0]).toMatchObject({ decision: "pending", decided_by: null, decided: null });
  });
});
