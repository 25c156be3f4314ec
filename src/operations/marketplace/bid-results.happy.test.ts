/**
 * Bid results (`GET /bid-results/v1/{competition_id}/`): each bid of my active ballot — pending until the system
 * operator publishes, then accepted (with the accepted capacity, possibly partial) or rejected, each with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { AFTER_CLOSE, ballotBody, call, type Market, ok, setupMarket } from "./test-support.js";

describe.each(DIALECTS)("bid results, happy path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  // biome-ignore lint/suspicious/noExplicitAny: the wire body
  let ballot: any;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    const [first] = ballotBody(m).bids;
    // an older ballot, superseded: its bids never show
    await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, ballotBody(m));
    h.clock.advance(1000);
    ballot = await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, {
      competition_id: m.competitionId,
      bids: [first, { ...first, service_window_id: m.windowIds[1], capacity: "1.000", max_runtime: "02:00:00" }],
    });
  });
  afterAll(() => h.close());

  const results = () => call(h, "GET", `/bid-results/v1/${m.competitionId}/`, m.provider);

  it("answers pending for every bid of the active ballot while bidding is open", async () => {
    const res = await results();
    expect(res.status).toBe(200);
    expect(res.headers["x-total-count"]).toBe("2");
    expect(res.body).toEqual(
      ballot.bids.map((b: { id: string; service_window_id: string; capacity: string; max_runtime: string }) => ({
        bid_id: b.id,
        ballot_id: ballot.id,
        competition_id: m.competitionId,
        service_window_id: b.service_window_id,
        capacity: b.capacity,
        max_runtime: b.max_runtime,
        rates: [
          { type: "availability", value: "12.50" },
          { type: "utilisation", value: "250.00" },
        ],
        status: "pending",
        accepted_capacity: null,
        reason: null,
        decided: null,
        results_published: null,
        ballot_created: ballot.created,
      })),
    );
  });

  it("keeps decisions private until the results are published", async () => {
    h.clock.set(AFTER_CLOSE);
    const [accepted, rejected] = ballot.bids.map((b: { id: string }) => b.id);
    await ok(h, "POST", `/so/v1/bids/${accepted}/decision/`, m.so, {
      decision: "accepted",
      accepted_capacity: "1.5",
      reason: "cheapest",
    });
    await ok(h, "POST", `/so/v1/bids/${rejected}/decision/`, m.so, { decision: "rejected", reason: "too dear" });
    const res = await results();
    expect(res.body.map((r: { status: string }) => r.status)).toEqual(["pending", "pending"]);
  });

  it("answers accepted with the accepted capacity and rejected with the reason once published", async () => {
    h.clock.advance(60_000);
    const published = await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/results/`, m.so);
    expect(published).toMatchObject({ accepted: 1, rejected: 1 });
    const res = await results();
    const at = new Date(h.clock.now()).toISOString().replace(".000Z", "Z");
    expect(
      res.body.map((r: Record<string, unknown>) => [r.status, r.accepted_capacity, r.reason, r.results_published]),
    ).toEqual([
      ["accepted", "1.500", "cheapest", at],
      ["rejected", null, "too dear", at],
    ]);
    expect(res.body[0].capacity).toBe("2.500");
    expect(res.body[0].decided).toEqual(expect.stringMatching(/Z$/));
  });
});
