import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectForeignNotFound, expectUnauthenticatedRejected, type RouteCase } from "../../testing/security.js";
import { bid, createAuction, getOne, list, login, type Org, PATHS } from "./test-support.js";

describe.each(DIALECTS)("internal auctions, security (%s)", (dialect) => {
  let h: Harness;
  let owner: Org;
  let stranger: Org;
  let auction: { id: string; start: number; end: number };
  const aliases = (): RouteCase[] => [
    { method: "GET", url: `/organisations/${owner.id}/auctions` },
    { method: "GET", url: `/organisations/${owner.id}/auctions/${auction.id}` },
    { method: "POST", url: `/organisations/${owner.id}/auctions/${auction.id}/bids`, body: { price: 10 } },
  ];
  const real = (): RouteCase[] => [
    { method: "GET", url: "/auctions" },
    { method: "GET", url: `/auctions/${auction.id}` },
    { method: "POST", url: `/auctions/${auction.id}/bids`, body: { price: 10 } },
  ];
  const routes = (): RouteCase[] => [...real(), ...aliases()];
  beforeAll(async () => {
    h = await createHarness(dialect);
    auction = await createAuction(h);
    h.clock.set(auction.start);
    owner = await login(h, await h.org("provider"));
    stranger = await login(h, await h.org("provider"));
  });
  afterAll(() => h.close());

  it("refuses requests without a valid token (401)", async () => {
    for (const r of routes()) await expectUnauthenticatedRejected(h, r);
  });

  it("refuses a system operator (403)", async () => {
    const so = await h.org("system_operator");
    for (const r of routes()) {
      const res = await h.app.inject({
        method: r.method,
        url: r.url.replace(owner.id, so.id),
        headers: so.auth,
        payload: r.body as never,
      });
      expect(res.statusCode, r.url).toBe(403);
    }
  });

  it("answers 404 to another organisation's path, and stores no bid", async () => {
    for (const r of aliases()) await expectForeignNotFound(h, r, stranger.auth);
    expect(await h.db.kysely.selectFrom("internal_auction_bids").selectAll().execute()).toEqual([]);
  });

  it.each(PATHS)("never shows one bidder's bid to another (%s paths)", async (paths) => {
    expect((await bid(h, owner, auction.id, 4321, paths)).statusCode).toBe(201);
    for (const seen of [await getOne(h, stranger, auction.id, paths), await list(h, stranger, paths)]) {
      expect(seen.body).not.toContain("4321");
      expect(seen.body).not.toContain(owner.id);
    }
    expect((await getOne(h, stranger, auction.id, paths)).json().currentBid).toBeNull();
  });
});
