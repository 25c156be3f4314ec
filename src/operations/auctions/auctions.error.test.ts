import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInternalAuctions } from "../../engine/internal-auctions.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { bid, createAuction, getOne, HOUR, login, type Org, PATHS } from "./test-support.js";

describe.each(DIALECTS)("internal auctions, errors (%s)", (dialect) => {
  let h: Harness;
  let alice: Org;
  let auction: { id: string; start: number; end: number };
  const snapshot = async () => ({
    bids: await h.db.kysely.selectFrom("internal_auction_bids").selectAll().execute(),
    auctions: await h.db.kysely.selectFrom("internal_auctions").selectAll().orderBy("id").execute(),
  });
  beforeAll(async () => {
    h = await createHarness(dialect);
    alice = await h.org("provider");
    auction = await createAuction(h);
  });
  afterAll(() => h.close());

  it("refuses a bid before the start and after the end (auction_not_running), storing nothing", async () => {
    const before = await snapshot();
    const early = await bid(h, alice, auction.id, 100);
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ error: "auction_not_running", field: "price" });
    h.clock.set(auction.end);
    await login(h, alice);
    const late = await bid(h, alice, auction.id, 100);
    expect(late.statusCode).toBe(400);
    expect(late.json().error).toBe("auction_not_running");
    await runInternalAuctions(h.deps, h.clock.now());
    expect((await bid(h, alice, auction.id, 100)).json().error).toBe("auction_not_running");
    expect((await snapshot()).bids).toEqual(before.bids);
  });

  it.each([
    ["zero", 0, "auction_price_invalid"],
    ["negative", -5, "auction_price_invalid"],
    ["above 10,000,000 EUR", 10_000_000.01, "auction_price_invalid"],
    ["three decimals", "12.345", "auction_price_invalid"],
    ["an exponent", "1e3", "auction_price_invalid"],
    ["a word", "cheap", "auction_price_invalid"],
    ["null", null, "validation_failed"],
    ["an object", { eur: 5 }, "validation_failed"],
  ])("refuses a price that is %s (400), storing nothing", async (_name, price, code) => {
    const running = await createAuction(h);
    h.clock.set(running.start);
    await login(h, alice);
    const before = await snapshot();
    const res = await bid(h, alice, running.id, price);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toBe(code);
    expect(await snapshot()).toEqual(before);
    h.clock.set(h.clock.now() - HOUR);
  });

  // Unknown body fields follow the compatible routes' framework semantics and are tested with that mechanism.
  it("refuses a missing price and a body that is not an object (400)", async () => {
    const running = await createAuction(h);
    h.clock.set(running.start);
    await login(h, alice);
    for (const payload of [{}, [{ price: 5 }], { prize: 5 }]) {
      const res = await h.app.inject({
        method: "POST",
        url: `/auctions/${running.id}/bids`,
        headers: alice.auth,
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe("validation_failed");
    }
  });

  it.each(PATHS)("answers 404 for an unknown auction (%s paths)", async (paths) => {
    expect((await getOne(h, alice, "no-such-auction", paths)).statusCode).toBe(404);
    const res = await bid(h, alice, "no-such-auction", 10, paths);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe("not_found");
  });

  it("refuses a bad price at the organisation-scoped alias too, storing nothing", async () => {
    const running = await createAuction(h);
    h.clock.set(running.start);
    await login(h, alice);
    const before = await snapshot();
    const res = await bid(h, alice, running.id, "10000000.01", "alias");
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: "auction_price_invalid", field: "price" });
    expect(await snapshot()).toEqual(before);
  });
});
