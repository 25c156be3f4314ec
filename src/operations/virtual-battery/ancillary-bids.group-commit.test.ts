/**
 * Group commit of ancillary bids (docs/architecture.md, "Group commit"): requests that arrive together are stored in
 * one transaction, each in a savepoint. What it must not break, on both databases: a refused request stores nothing
 * (nor an audit entry) and its neighbours are stored; every acknowledged bid is listed; fewer COMMITs than requests.
 * (Durability across kill -9: test/crash.test.ts; one live bid per product under racing replacements:
 * test/concurrency.test.ts; a write rolled back to its savepoint after writing: src/db/savepoints.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitsOf, createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { BLOCKS, fcr, getBids, postBids } from "./ancillary-fixtures.js";
import { createFixture, type Fixture } from "./test-fixtures.js";

const DAYS = ["2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06"];
const BIG = { powerKw: 5000, energyKwh: 10000 };

describe.each(DIALECTS)("ancillary bids stored in groups (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h, BIG);
  });
  afterAll(() => h.close());

  const commits = () => commitsOf(h);

  it("requests at once, some refused: the rest stored in fewer transactions, the refused leave nothing", async () => {
    // One asset (on PostgreSQL a group holds one asset's requests), one FCR product each, on distinct blocks.
    const products = Array.from({ length: 12 }, (_, i) => ({ day: DAYS[i % 4]!, block: BLOCKS[Math.floor(i / 4)]! }));
    const refused = (i: number) => i % 4 === 1;
    const before = await commits();
    const responses = await Promise.all(
      products.map(({ day, block }, i) =>
        postBids(h, f, [fcr(`NEGPOS_${block}`, day, refused(i) ? { offeredCapacity: 999_000 } : {})]),
      ),
    );
    const after = await commits();
    const stored = responses.filter((_, i) => !refused(i));
    for (const [i, r] of responses.entries()) expect(r.statusCode, r.body).toBe(refused(i) ? 400 : 201);
    expect(after - before, "stored in groups").toBeLessThan(stored.length);

    const listed = (await getBids(h, f, "start=2026-06-02T22:00:00Z&end=2026-06-06T22:00:00Z")).json() as {
      product: string;
      deliveryDay: string;
      bids: { bidID: string }[];
    }[];
    expect(listed).toHaveLength(stored.length);
    for (const [i, r] of responses.entries()) {
      const { day, block } = products[i]!;
      const item = listed.find((p) => p.deliveryDay === day && p.product === `NEGPOS_${block}`);
      if (refused(i)) expect(item, `refused ${day} ${block}`).toBeUndefined();
      else expect(item!.bids[0]!.bidID).toBe(r.json()[0].bids[0].bidID);
    }
    // One audit entry per stored request; none for a refused one.
    const audit = await h.db.kysely
      .selectFrom("audit_log")
      .select("action")
      .where("object_id", "=", f.assetId)
      .where("action", "=", "ancillary_bids.placed")
      .execute();
    expect(audit).toHaveLength(stored.length);
  });
});
