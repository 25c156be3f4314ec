/**
 * The system operator's decisions and results, error path: bids are sealed and undecidable until bidding closes;
 * decisions need a valid body (reason to reject, 0 < accepted_capacity ≤ the bid); results publish once; a
 * superseded ballot's bid is never decided. Nothing is stored on a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { AFTER_CLOSE, ballotBody, call, type Market, ok, setupMarket, snapshot } from "./test-support.js";

describe.each(DIALECTS)("system operator bids and results, error path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  let oldBidId: string;
  let bidId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    const url = `/bids/v1/competitions/${m.competitionId}/ballots/`;
    oldBidId = (await ok(h, "POST", url, m.provider, ballotBody(m))).bids[0].id;
    h.clock.advance(1000);
    bidId = (await ok(h, "POST", url, m.provider, ballotBody(m))).bids[0].id;
  });
  afterAll(() => h.close());

  async function refused(url: string, body: unknown, status: number, code: string, field?: string, method = "POST") {
    const before = await snapshot(h);
    const res = await call(h, method as "POST", url, m.so, body);
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error).toBe(code);
    if (field !== undefined) expect(res.body.field).toBe(field);
    expect(await snapshot(h)).toEqual(before);
  }

  describe("while bidding is open", () => {
    it("keeps the bids sealed", async () => {
      await refused(
        `/so/v1/competitions/${m.competitionId}/bids/`,
        undefined,
        400,
        "competition_not_closed",
        undefined,
        "GET",
      );
    });
    it("refuses decisions", async () => {
      await refused(`/so/v1/bids/${bidId}/decision/`, { decision: "accepted" }, 400, "competition_not_closed");
    });
    it("refuses to publish results", async () => {
      await refused(`/so/v1/competitions/${m.competitionId}/results/`, undefined, 400, "competition_not_closed");
    });
  });

  describe("after close", () => {
    beforeAll(() => h.clock.set(AFTER_CLOSE));

    const bad: [string, Record<string, unknown>, string, string | undefined][] = [
      ["a rejection without a reason", { decision: "rejected" }, "validation_failed", "reason"],
      [
        "a rejection with an accepted_capacity",
        { decision: "rejected", reason: "no", accepted_capacity: "1.000" },
        "validation_failed",
        "accepted_capacity",
      ],
      [
        "more than the bid's capacity",
        { decision: "accepted", accepted_capacity: "2.501" },
        "capacity_invalid",
        "accepted_capacity",
      ],
      [
        "a zero accepted_capacity",
        { decision: "accepted", accepted_capacity: "0" },
        "capacity_invalid",
        "accepted_capacity",
      ],
      [
        "an accepted_capacity with 4 places",
        { decision: "accepted", accepted_capacity: "1.0001" },
        "decimal_invalid",
        "accepted_capacity",
      ],
      ["an unknown decision", { decision: "maybe" }, "validation_failed", undefined],
      ["an unknown field", { decision: "accepted", price: "1" }, "validation_failed", undefined],
    ];
    for (const [what, body, code, field] of bad) {
      it(`refuses ${what}`, async () => {
        await refused(`/so/v1/bids/${bidId}/decision/`, body, 400, code, field);
      });
    }

    it("refuses to decide a superseded ballot's bid", async () => {
      await refused(`/so/v1/bids/${oldBidId}/decision/`, { decision: "accepted" }, 400, "bid_superseded");
    });

    it("answers 404 for an unknown bid or competition", async () => {
      await refused("/so/v1/bids/nope/decision/", { decision: "accepted" }, 404, "not_found");
      await refused("/so/v1/competitions/nope/results/", undefined, 404, "not_found");
      await refused("/so/v1/competitions/nope/bids/", undefined, 404, "not_found", undefined, "GET");
    });

    it("publishes results once; afterwards decisions and a second publication are refused", async () => {
      await ok(h, "POST", `/so/v1/bids/${bidId}/decision/`, m.so, { decision: "accepted", accepted_capacity: "1.000" });
      await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/results/`, m.so);
      await refused(`/so/v1/competitions/${m.competitionId}/results/`, undefined, 400, "results_already_published");
      await refused(
        `/so/v1/bids/${bidId}/decision/`,
        { decision: "rejected", reason: "changed my mind" },
        400,
        "results_already_published",
      );
    });
  });
});
