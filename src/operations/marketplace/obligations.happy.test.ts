/**
 * Obligations (`GET /obligations/v1/`): one per accepted bid and occurrence of its window (Europe/London, in UTC on
 * the wire), at the accepted capacity; filters start_date / end_date / competition_id / bid_id; paging.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { call, type DecidedMarket, ok, setupDecidedMarket } from "./test-support.js";

describe.each(DIALECTS)("obligations, happy path (%s)", (dialect) => {
  let h: Harness;
  let m: DecidedMarket;
  let other: DecidedMarket;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupDecidedMarket(h);
    other = await setupDecidedMarket(h);
  });
  afterAll(() => h.close());

  const list = (query: string) => call(h, "GET", `/obligations/v1/${query}`, m.provider);

  it("lists every July weekday evening of the accepted bid at the accepted capacity, in start order", async () => {
    const res = await list(`?competition_id=${m.competitionId}&limit=1000`);
    expect(res.status).toBe(200);
    expect(res.headers["x-total-count"]).toBe("23"); // weekdays in July 2026
    expect(res.body).toHaveLength(23);
    expect(res.body[0]).toEqual({
      id: expect.stringMatching(/^[0-9A-Za-z]{10}$/),
      competition_id: m.competitionId,
      bid_id: m.acceptedBidId,
      ballot_id: m.ballotId,
      service_window_id: m.windowIds[0],
      // Wednesday 1 July 2026, 17:00–19:30 BST
      start: "2026-07-01T16:00:00Z",
      end: "2026-07-01T18:30:00Z",
      capacity: "1.500",
      rates: [
        { type: "availability", value: "12.50" },
        { type: "utilisation", value: "250.00" },
      ],
      assets: { flex: [m.battery, m.demand].sort(), planned: [m.planned] },
      created: expect.stringMatching(/Z$/),
    });
    const starts = res.body.map((o: { start: string }) => o.start);
    expect([...starts].sort()).toEqual(starts);
    expect(res.body.every((o: { bid_id: string }) => o.bid_id === m.acceptedBidId)).toBe(true);
  });

  it("shows each provider only its own obligations without a filter", async () => {
    const res = await list("?limit=1");
    expect(res.headers["x-total-count"]).toBe("23");
    // the second market is another provider's: not mine
    const theirs = await call(h, "GET", "/obligations/v1/?limit=1", other.provider);
    expect(theirs.headers["x-total-count"]).toBe("23");
    expect(theirs.body[0].competition_id).toBe(other.competitionId);
  });

  it("filters by London dates, inclusive", async () => {
    const week = await list("?start_date=2026-07-06&end_date=2026-07-10");
    expect(week.body.map((o: { start: string }) => o.start.slice(0, 10))).toEqual([
      "2026-07-06",
      "2026-07-07",
      "2026-07-08",
      "2026-07-09",
      "2026-07-10",
    ]);
    expect((await list("?start_date=2026-07-04&end_date=2026-07-05")).body).toEqual([]);
    expect((await list("?start_date=2026-07-31")).headers["x-total-count"]).toBe("1");
    expect((await list("?end_date=2026-07-01")).headers["x-total-count"]).toBe("1");
    expect((await list("?start_date=2026-08-01")).body).toEqual([]);
  });

  it("filters by bid_id and competition_id", async () => {
    expect((await list(`?bid_id=${m.acceptedBidId}`)).headers["x-total-count"]).toBe("23");
    expect((await list(`?bid_id=${m.rejectedBidId}`)).body).toEqual([]);
    expect((await list(`?competition_id=${other.competitionId}`)).body).toEqual([]);
  });

  it("pages with limit and offset", async () => {
    const all = await ok(h, "GET", "/obligations/v1/", m.provider);
    const p = await list("?limit=5&offset=20");
    expect(p.body).toEqual(all.slice(20, 25));
    expect(p.body).toHaveLength(3);
  });
});
