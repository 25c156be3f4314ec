/**
 * The system operator's bids and results, security: 401 without a valid token; 403 for a provider; another system
 * operator never sees, decides or publishes this one's competitions and the ballots submitted to them (404, nothing
 * changed).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectForeignNotFound, expectUnauthenticatedRejected, type RouteCase } from "../../testing/security.js";
import { AFTER_CLOSE, ballotBody, call, type Market, ok, setupMarket, snapshot } from "./test-support.js";

describe.each(DIALECTS)("system operator bids and results, security (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  let routes: RouteCase[];
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    const ballot = await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, ballotBody(m));
    h.clock.set(AFTER_CLOSE);
    routes = [
      { method: "GET", url: `/so/v1/competitions/${m.competitionId}/bids/` },
      { method: "POST", url: `/so/v1/bids/${ballot.bids[0].id}/decision/`, body: { decision: "accepted" } },
      { method: "POST", url: `/so/v1/competitions/${m.competitionId}/results/` },
    ];
  });
  afterAll(() => h.close());

  it("answers 401 without a token or with a garbage one, and changes nothing", async () => {
    const before = await snapshot(h);
    for (const route of routes) await expectUnauthenticatedRejected(h, route);
    expect(await snapshot(h)).toEqual(before);
  });

  it("answers 403 to a provider, even the one whose ballot it is", async () => {
    const before = await snapshot(h);
    for (const route of routes) {
      const res = await call(h, route.method as "GET", route.url, m.provider, route.body);
      expect(res.status, `${route.method} ${route.url}`).toBe(403);
    }
    expect(await snapshot(h)).toEqual(before);
  });

  it("answers 404 to another system operator: it never sees this one's ballots", async () => {
    const rival = await h.org("system_operator");
    const before = await snapshot(h);
    for (const route of routes) await expectForeignNotFound(h, route, rival.auth);
    expect(await snapshot(h)).toEqual(before);
    // the owner still can
    expect((await call(h, "GET", routes[0]!.url, m.so)).status).toBe(200);
  });
});
