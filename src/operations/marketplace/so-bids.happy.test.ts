/**
 * The system operator after close (`/so/v1/`): every active ballot's bids per window, ranked by price against the
 * guide price; accept (in part) or reject with a reason; publish results, which creates obligations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS } from "../../domain/time.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import {
  type Actor,
  AFTER_CLOSE,
  actor,
  BATTERY,
  BIDDING,
  ballotBody,
  call,
  enterAll,
  type Market,
  ok,
  setupMarket,
} from "./test-support.js";

describe.each(DIALECTS)("system operator bids and results, happy path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  let rival: Actor;
  // biome-ignore lint/suspicious/noExplicitAny: wire bodies
  let mine: any;
  // biome-ignore lint/suspicious/noExplicitAny: wire bodies
  let theirs: any;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    // a second provider with a battery, qualified and entered during qualification
    h.clock.set(BIDDING - DAY_MS - 1);
    rival = await actor(h, "provider");
    await ok(h, "POST", "/assets/v1/", rival, { ...BATTERY, ref: "RIVAL" });
    h.clock.set(BIDDING - 2 * DAY_MS);
    await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/qualify/`, m.so);
    h.clock.set(BIDDING);
    await enterAll(h, rival, m.competitionId);
    const url = `/bids/v1/competitions/${m.competitionId}/ballots/`;
    // a superseded ballot of mine: never shown to the system operator
    await ok(h, "POST", url, m.provider, ballotBody(m));
    h.clock.advance(1000);
    mine = await ok(h, "POST", url, m.provider, ballotBody(m)); // 12.50 / 250.00
    theirs = await ok(h, "POST", url, rival, {
      competition_id: m.competitionId,
      bids: [
        {
          service_window_id: m.windowIds[0],
          capacity: "2.000",
          max_runtime: "01:00:00",
          rates: [
            { type: "availability", value: "16.00" },
            { type: "utilisation", value: "240.00" },
          ],
        },
      ],
    });
  });
  afterAll(() => h.close());

  it("ranks the active ballots' bids per window against the guide price once bidding has closed", async () => {
    h.clock.set(AFTER_CLOSE);
    const res = await call(h, "GET", `/so/v1/competitions/${m.competitionId}/bids/`, m.so);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers["x-total-count"]).toBe("2");
    const [evening, morning] = res.body;
    expect(morning).toMatchObject({ service_window_id: m.windowIds[1], bids: [], accepted_capacity: "0.000" });
    expect(evening).toMatchObject({
      service_window_id: m.windowIds[0],
      service_window_name: "Evening peak",
      capacity_required: "5.000",
      accepted_capacity: "0.000",
    });
    expect(evening.bids.map((b: { bid_id: string }) => b.bid_id).sort()).toEqual(
      [mine.bids[0].id, theirs.bids[0].id].sort(),
    );
    const byId = Object.fromEntries(evening.bids.map((b: { bid_id: string }) => [b.bid_id, b]));
    expect(byId[mine.bids[0].id]).toEqual({
      rank: expect.any(Number),
      bid_id: mine.bids[0].id,
      ballot_id: mine.id,
      provider_id: m.provider.id,
      provider_name: `provider ${m.provider.id}`,
      ballot_created: mine.created,
      capacity: "2.500",
      max_runtime: "1 01:30:00",
      rates: [
        { type: "availability", value: "12.50", guide_price: "15.00", difference: "-2.50" },
        { type: "utilisation", value: "250.00", guide_price: "300.00", difference: "-50.00" },
      ],
      assets: mine.assets,
      decision: null,
    });
    expect(byId[theirs.bids[0].id].rates[0]).toEqual({
      type: "availability",
      value: "16.00",
      guide_price: "15.00",
      difference: "1.00",
    });
    expect(evening.bids.map((b: { rank: number }) => b.rank).sort()).toEqual([1, 2]);
    // availability is the first rate of this type: the cheaper availability ranks first
    expect(evening.bids[0].bid_id).toBe(mine.bids[0].id);
  });

  it("accepts part of a bid and rejects another, with reasons; a later decision replaces an earlier one", async () => {
    const first = await ok(h, "POST", `/so/v1/bids/${mine.bids[0].id}/decision/`, m.so, {
      decision: "rejected",
      reason: "first thoughts",
    });
    expect(first).toMatchObject({ status: "rejected", accepted_capacity: null, reason: "first thoughts" });
    const accepted = await ok(h, "POST", `/so/v1/bids/${mine.bids[0].id}/decision/`, m.so, {
      decision: "accepted",
      accepted_capacity: "2.1",
      reason: "below guide",
    });
    expect(accepted).toEqual({
      bid_id: mine.bids[0].id,
      competition_id: m.competitionId,
      status: "accepted",
      accepted_capacity: "2.100",
      reason: "below guide",
      decided: new Date(h.clock.now()).toISOString().replace(".000Z", "Z"),
    });
    const full = await ok(h, "POST", `/so/v1/bids/${theirs.bids[0].id}/decision/`, m.so, { decision: "accepted" });
    expect(full).toMatchObject({ accepted_capacity: "2.000", reason: null });
    const [evening] = await ok(h, "GET", `/so/v1/competitions/${m.competitionId}/bids/`, m.so);
    expect(evening.accepted_capacity).toBe("4.100");
    expect(evening.bids.find((b: { bid_id: string }) => b.bid_id === mine.bids[0].id).decision.status).toBe("accepted");
  });

  it("publishes the results: accepted bids become obligations for each occurrence of their window", async () => {
    const res = await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/results/`, m.so);
    expect(res).toEqual({
      competition_id: m.competitionId,
      results_published: new Date(h.clock.now()).toISOString().replace(".000Z", "Z"),
      accepted: 2,
      rejected: 0,
      obligations: 46, // 23 July weekdays × 2 accepted bids
    });
    const competition = await ok(h, "GET", `/so/v1/competitions/${m.competitionId}/`, m.so);
    expect(competition.status).toBe("results_published");
    const obligations = await call(h, "GET", "/obligations/v1/?limit=1", m.provider);
    expect(obligations.headers["x-total-count"]).toBe("23");
    expect(obligations.body[0].capacity).toBe("2.100");
    // the ranked view stays readable after publication
    expect((await call(h, "GET", `/so/v1/competitions/${m.competitionId}/bids/`, m.so)).status).toBe(200);
  });

  it("rejects undecided bids as not selected when results are published", async () => {
    const other = await setupMarket(h);
    await ok(h, "POST", `/bids/v1/competitions/${other.competitionId}/ballots/`, other.provider, ballotBody(other));
    h.clock.set(AFTER_CLOSE);
    const res = await ok(h, "POST", `/so/v1/competitions/${other.competitionId}/results/`, other.so);
    expect(res).toMatchObject({ accepted: 0, rejected: 1, obligations: 0 });
    const [result] = await ok(h, "GET", `/bid-results/v1/${other.competitionId}/`, other.provider);
    expect(result).toMatchObject({ status: "rejected", reason: "not selected", accepted_capacity: null });
  });
});
