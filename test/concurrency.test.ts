/**
 * Concurrency on both databases: requests racing for the same competition / product keep the invariants.
 * - Many ballots for one competition from one provider, all at once: every one is stored (each supersedes the one
 *   before it), exactly one is active and it is the newest, the history holds every acknowledged ballot with its bids,
 *   and `created` is strictly increasing.
 * - Many replacements of the same ancillary product at once (after the live bid was placed with the TSO): exactly one
 *   wins (the others are refused with `bid_pending` since the winner is pending), at most one live bid per product,
 *   the replaced bids form one unbroken chain (history complete), implicit aFRR energy bids follow their capacity bid.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, seedDemoIfEmpty } from "../src/demo/seed.js";
import { submitAll } from "../src/operations/virtual-battery/ancillary-fixtures.js";
import { createFixture, type Fixture } from "../src/operations/virtual-battery/test-fixtures.js";
import { createHarness, DIALECTS, type Harness } from "../src/testing/harness.js";

const PARALLEL = Number(process.env.CONCURRENCY ?? (process.env.RELIABILITY_LONG === "1" ? 200 : 40));
const REPLACEMENT_ROUNDS = process.env.RELIABILITY_LONG === "1" ? 10 : 3;

describe.each(DIALECTS)("concurrency invariants (%s)", (dialect) => {
  let h: Harness;
  let provider: { authorization: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    await seedDemoIfEmpty(h.deps);
    const { token } = await h.token(DEMO.provider.organisationId, "provider");
    provider = { authorization: `Bearer ${token}` };
  });
  afterAll(() => h.close());

  it(`${PARALLEL} parallel ballots for one competition: one active, the newest, history complete`, async () => {
    const opportunities = (await h.app.inject({ url: "/bidding-opportunities/v1/", headers: provider })).json() as {
      competition_id: string;
      competition_type: string;
    }[];
    const target = opportunities.find((o) => o.competition_type === "Availability & Utilisation")!;
    const competition = (
      await h.app.inject({ url: `/competitions/v1/${target.competition_id}/`, headers: provider })
    ).json() as { service_periods: { service_windows: { id: string }[] }[] };
    const windows = competition.service_periods.flatMap((p) => p.service_windows.map((w) => w.id));

    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        h.app.inject({
          method: "POST",
          url: `/bids/v1/competitions/${target.competition_id}/ballots/`,
          headers: provider,
          payload: {
            competition_id: target.competition_id,
            bids: windows.map((service_window_id) => ({
              service_window_id,
              capacity: `0.${String(100 + i).padStart(3, "0")}`,
              max_runtime: "02:00:00",
              rates: [
                { type: "availability", value: "10.00" },
                { type: "utilisation", value: `${200 + i}.00` },
              ],
            })),
          },
        }),
      ),
    );
    for (const r of responses) expect(r.statusCode, r.body.slice(0, 300)).toBe(201);
    const acked = responses.map((r) => r.json() as { id: string; bids: { id: string }[] });

    const listed = await h.app.inject({
      url: `/bids/v1/competitions/${target.competition_id}/ballots/?limit=1000`,
      headers: provider,
    });
    const history = listed.json() as { id: string; status: string; created: string; bids: { id: string }[] }[];
    expect(Number(listed.headers["x-total-count"])).toBe(PARALLEL);
    expect(history.map((b) => b.id).sort()).toEqual(acked.map((b) => b.id).sort());
    const active = history.filter((b) => b.status === "active");
    expect(active).toHaveLength(1);
    expect(history[0]!.id, "the newest ballot is the active one").toBe(active[0]!.id);
    const created = history.map((b) => Date.parse(b.created)).reverse();
    for (let i = 1; i < created.length; i++)
      expect(created[i]!, "created strictly increasing").toBeGreaterThan(created[i - 1]!);
    for (const a of acked) {
      expect(history.find((b) => b.id === a.id)!.bids.map((b) => b.id)).toEqual(a.bids.map((b) => b.id));
    }

    // And in the tables: one active row, every ballot with one bid per window.
    const rows = await sql<{ status: string; n: number }>`
      select b.status as status, count(x.id) as n from ballots b join bids x on x.ballot_id = b.id
      where b.competition_id = ${target.competition_id} group by b.id, b.status`.execute(h.db.kysely);
    expect(rows.rows.filter((r) => r.status === "active")).toHaveLength(1);
    expect(rows.rows.every((r) => Number(r.n) === windows.length)).toBe(true);
  }, 120_000);

  describe("parallel replacements of the same ancillary product", () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await createFixture(h, { powerKw: 5000, energyKwh: 10000 });
    });

    for (const [market, product, bid] of [
      ["FCR", "NEGPOS_08_12", { capacityPrice: 100, energyPrice: null }],
      ["aFRR capacity", "POS_16_20", { capacityPrice: 10, energyPrice: 70 }],
    ] as const) {
      it(`${market}: one winner per round, one live bid, the history one unbroken chain`, async () => {
        const day = "2026-06-03";
        const post = (price: number) =>
          h.app.inject({
            method: "POST",
            url: `${f.base}/ancillary/bids`,
            headers: f.org.auth,
            payload: [{ product, deliveryDay: day, bids: [{ offeredCapacity: 1000, ...bid, capacityPrice: price }] }],
          });
        const first = await post(1);
        expect(first.statusCode, first.body).toBe(201);
        const winners = [first.json()[0].bids[0].bidID as string];
        for (let round = 0; round < REPLACEMENT_ROUNDS; round++) {
          await submitAll(h); // the live bid is placed with the TSO: now it may be replaced
          const responses = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => post(100 + i)));
          const won = responses.filter((r) => r.statusCode === 201);
          expect(won, "exactly one replacement wins").toHaveLength(1);
          for (const r of responses.filter((x) => x.statusCode !== 201)) {
            expect(r.statusCode, r.body).toBe(400);
            expect(r.json().error).toBe("bid_pending");
          }
          winners.push(won[0]!.json()[0].bids[0].bidID);
        }

        const rows = (
          await sql<{ id: string; replaces_bid_id: string | null; replaced_at: string | null }>`
            select id, replaces_bid_id, replaced_at from ancillary_bids
            where virtual_asset_id = ${f.assetId} and product = ${product} and delivery_day = ${day}`.execute(
            h.db.kysely,
          )
        ).rows;
        expect(rows.map((r) => r.id).sort(), "history: every winner, nothing else").toEqual([...winners].sort());
        expect(rows.filter((r) => r.replaced_at === null).map((r) => r.id)).toEqual([winners.at(-1)]);
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (let i = 1; i < winners.length; i++) {
          expect(byId.get(winners[i]!)!.replaces_bid_id, "each winner replaces the one before").toBe(winners[i - 1]);
        }
        if (market === "aFRR capacity") {
          const children = await sql<{ parent: string; live: number; n: number }>`
            select parent_bid_id as parent, count(*) as n,
              sum(case when replaced_at is null then 1 else 0 end) as live
            from ancillary_bids where virtual_asset_id = ${f.assetId} and parent_bid_id is not null
            group by parent_bid_id`.execute(h.db.kysely);
          expect(children.rows).toHaveLength(winners.length);
          for (const c of children.rows) expect(Number(c.n), "16 implicit energy bids per capacity bid").toBe(16);
          const live = children.rows.filter((c) => Number(c.live) > 0);
          expect(live.map((c) => c.parent)).toEqual([winners.at(-1)]);
          expect(Number(live[0]!.live)).toBe(16);
        }
      }, 120_000);
    }
  });
});
