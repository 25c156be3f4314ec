import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toIso } from "../../domain/time.js";
import { runInternalAuctions } from "../../engine/internal-auctions.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import {
  type AuctionPaths,
  bid as bidAt,
  createAuction,
  getOne as getOneAt,
  HOUR,
  ITEM,
  list as listAt,
  login,
  type Org,
  PATHS,
} from "./test-support.js";

const CASES = DIALECTS.flatMap((d) => PATHS.map((p) => [d, p] as const));

describe.each(CASES)("internal auctions, happy path (%s, %s paths)", (dialect, paths: AuctionPaths) => {
  const bid = (h: Harness, o: Org, id: string, price: unknown) => bidAt(h, o, id, price, paths);
  const getOne = (h: Harness, o: Org, id: string) => getOneAt(h, o, id, paths);
  const list = (h: Harness, o: Org) => listAt(h, o, paths);
  let h: Harness;
  let alice: Org;
  let bob: Org;
  let carol: Org;
  let auction: { id: string; start: number; end: number; itemId: string };
  let empty: { id: string; start: number; end: number; itemId: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    [alice, bob, carol] = [await h.org("provider"), await h.org("provider"), await h.org("provider")];
    auction = await createAuction(h);
    empty = await createAuction(h);
  });
  afterAll(() => h.close());

  const at = async (t: number) => {
    h.clock.set(t);
    for (const o of [alice, bob, carol]) await login(h, o);
  };

  it("lists the auctions NOT_STARTED before their start, with the virtual asset on offer", async () => {
    const res = await list(h, alice);
    expect(res.statusCode).toBe(200);
    const found = res.json().find((a: { id: string }) => a.id === auction.id);
    expect(found).toEqual({
      id: auction.id,
      start: toIso(auction.start),
      end: toIso(auction.end),
      status: "NOT_STARTED",
      currentBid: null,
      item: { ...ITEM, id: auction.itemId, unitsEnergy: "kWh", unitsPower: "kW" },
    });
  });

  it("takes bids while running; the latest bid of a bidder counts; bids are sealed", async () => {
    await at(auction.start);
    await runInternalAuctions(h.deps, h.clock.now());
    const first = await bid(h, alice, auction.id, 1000);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      status: "RUNNING",
      currentBid: { price: "1000.00", timestamp: toIso(auction.start) },
    });
    await at(auction.start + HOUR);
    expect((await bid(h, bob, auction.id, "1500.50")).statusCode).toBe(201);
    const again = await bid(h, alice, auction.id, 1200.25); // replaces 1000: still below bob
    expect(again.json().currentBid.price).toBe("1200.25");
    // bob sees only his own bid; carol sees none
    expect((await getOne(h, bob, auction.id)).json().currentBid.price).toBe("1500.50");
    expect((await getOne(h, carol, auction.id)).json()).toMatchObject({ status: "RUNNING", currentBid: null });
  });

  it("is PENDING from its end until the scheduler decides", async () => {
    await at(auction.end);
    expect((await getOne(h, alice, auction.id)).json().status).toBe("PENDING");
    const row = await h.db.kysely
      .selectFrom("internal_auctions")
      .select("status")
      .where("id", "=", auction.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("RUNNING"); // the scheduler records it at its next tick
  });

  it("decides: the highest bid wins, the winner gets the virtual asset; others see LOST / NO_BIDS_SUBMITTED", async () => {
    const run = await runInternalAuctions(h.deps, h.clock.now());
    expect(run.decided.sort()).toEqual([auction.id, empty.id].sort());
    expect((await getOne(h, bob, auction.id)).json().status).toBe("WON");
    expect((await getOne(h, alice, auction.id)).json().status).toBe("LOST");
    expect((await getOne(h, carol, auction.id)).json().status).toBe("NO_BIDS_SUBMITTED");
    expect((await getOne(h, bob, empty.id)).json().status).toBe("NO_BIDS_SUBMITTED");
    const assets = (await h.app.inject({ url: `/organisations/${bob.id}/virtual-assets`, headers: bob.auth })).json();
    expect(assets).toHaveLength(1);
    expect(assets[0]).toMatchObject({
      id: auction.itemId, // the won auction's item names the virtual asset the winner got
      energyCapacity: 4000,
      ratedChargePower: 2000,
      ratedDischargePower: 2000,
      deliveryZone: "50Hertz",
      start: "2026-06-10T22:00:00Z",
      dailyCycleLimit: 2,
      finalSoCTolerance: 0.01,
      endStateOfChargePercentage: 50,
    });
    expect((await getOne(h, bob, auction.id)).json().item.id).toBe(assets[0].id);
    const aliceAssets = (
      await h.app.inject({ url: `/organisations/${alice.id}/virtual-assets`, headers: alice.auth })
    ).json();
    expect(aliceAssets).toEqual([]);
    const row = await h.db.kysely
      .selectFrom("internal_auctions")
      .selectAll()
      .where("id", "=", auction.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "DECIDED", winner_organisation_id: bob.id, virtual_asset_id: assets[0].id });
    expect(Number(row.winning_price_cents)).toBe(150050);
  });

  it("decides each auction exactly once (again, and from two callers at once)", async () => {
    const count = async () => (await h.db.kysely.selectFrom("virtual_assets").select("id").execute()).length;
    const before = await count();
    const later = h.clock.now() + HOUR;
    const [x, y] = await Promise.all([runInternalAuctions(h.deps, later), runInternalAuctions(h.deps, later)]);
    expect([...x.decided, ...y.decided]).toEqual([]);
    expect(await count()).toBe(before);
  });

  it("ties go to the earliest bid", async () => {
    const tie = await createAuction(h, { ...ITEM, deliveryZone: "TenneT", initialSoC: 0.25 });
    await at(tie.start);
    expect((await bid(h, carol, tie.id, 700)).statusCode).toBe(201);
    await at(tie.start + 60_000);
    expect((await bid(h, alice, tie.id, "700.00")).statusCode).toBe(201);
    await at(tie.end);
    await runInternalAuctions(h.deps, h.clock.now());
    expect((await getOne(h, carol, tie.id)).json().status).toBe("WON");
    expect((await getOne(h, alice, tie.id)).json().status).toBe("LOST");
    const won = await h.app.inject({
      url: `/organisations/${carol.id}/virtual-assets/${tie.itemId}`,
      headers: carol.auth,
    });
    expect(won.json()).toMatchObject({ deliveryZone: "TenneT", endStateOfChargePercentage: 25 });
  });
});
