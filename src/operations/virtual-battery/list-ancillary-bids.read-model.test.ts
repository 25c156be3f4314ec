/**
 * `GET …/ancillary/bids` serves a read model (docs/architecture.md, "Read models"): the answer kept per asset and
 * selection with the asset's `bids_version`. It must never serve a stale answer: not after new or replaced bids, not
 * after the submission job changes their status, and not when another app instance (on PostgreSQL with its own
 * connection pool, as another process) made the change after this one had kept its answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBidsVersion } from "../../db/repositories/virtual-battery/ancillary-bids.js";
import { submitPendingBids } from "../../engine/ancillary-submission.js";
import { createHarness, DIALECTS, type Harness, secondInstance } from "../../testing/harness.js";
import { fcr, fcrDay, getBids, postBids, submitAll, summerDay } from "./ancillary-fixtures.js";
import { addAsset, createFixture, type Fixture } from "./test-fixtures.js";

const DAY = "2026-06-03";
const BIG = { powerKw: 5000, energyKwh: 10000 };

describe.each(DIALECTS)("GET ancillary bids from the read model (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  /** A second instance of the app with its own read model (and, on PostgreSQL, its own connections). */
  let other: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h, BIG);
    other = await secondInstance(h);
  });
  afterAll(async () => {
    await other.close();
    await h.close();
  });

  const listed = async (through: Harness, fx: Fixture = f, query = summerDay(DAY)) => {
    const res = await getBids(through, fx, query);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    return res.json() as { product: string; bids: { bidID: string; capacityPrice: number; status: string }[] }[];
  };
  const version = () => findBidsVersion(h.db.kysely, f.org.id, f.assetId);

  it("every write of the asset's bids raises its version, in the same transaction", async () => {
    const v0 = await version();
    expect(v0).toBe(0);
    expect((await postBids(h, f, fcrDay(DAY))).statusCode).toBe(201);
    const v1 = (await version())!;
    expect(v1).toBeGreaterThan(v0!);
    await submitAll(h);
    expect(await version()).toBeGreaterThan(v1);
    // A refused request changes nothing, its version included.
    const v2 = await version();
    expect((await postBids(h, f, [fcr("NEGPOS_00_04", DAY, { offeredCapacity: -1 })])).statusCode).toBe(400);
    expect(await version()).toBe(v2);
  });

  it("shows a new bid, a replacement and a status change at once, through either instance", async () => {
    const before = await listed(other);
    expect(before).toHaveLength(6);
    expect(before.every((p) => p.bids[0]!.status === "submitted")).toBe(true);
    expect(await listed(other)).toEqual(before);
    // Replaced through the first instance: the second, whose answer is kept, shows the new bid at once.
    const res = await postBids(h, f, [fcr("NEGPOS_08_12", DAY, { capacityPrice: 99.5 })]);
    expect(res.statusCode, res.body).toBe(201);
    const replaced = await listed(other);
    const block = replaced.find((p) => p.product === "NEGPOS_08_12")!;
    expect(block.bids[0]).toMatchObject({ bidID: res.json()[0].bids[0].bidID, capacityPrice: 99.5, status: "pending" });
    expect(replaced.filter((p) => p.product !== "NEGPOS_08_12")).toEqual(
      before.filter((p) => p.product !== "NEGPOS_08_12"),
    );
    // The submission job (here through the first instance's connections) changes the status: seen at once too.
    await submitAll(h);
    expect((await listed(other)).find((p) => p.product === "NEGPOS_08_12")!.bids[0]!.status).toBe("submitted");
    expect((await listed(h)).find((p) => p.product === "NEGPOS_08_12")!.bids[0]!.status).toBe("submitted");
  });

  it("keeps answers apart per selection and per asset", async () => {
    const week = "start=2026-06-01T22:00:00Z&end=2026-06-08T22:00:00Z";
    expect(await listed(other, f, `${week}&markets=AFRRCapacity`)).toEqual([]);
    expect(await listed(other, f, week)).toHaveLength(6);
    const second = await addAsset(h, f.org, BIG);
    expect(await listed(other, second)).toEqual([]);
    expect((await postBids(h, second, fcrDay(DAY))).statusCode).toBe(201);
    expect(await listed(other, second)).toHaveLength(6);
    expect(await listed(other, f, week)).toHaveLength(6);
  });

  it("placements and submission passes through both instances at once: none fails, every answer current", async () => {
    const assets = [];
    for (let i = 0; i < 6; i++) assets.push(await addAsset(h, f.org, BIG));
    const days = ["2026-06-03", "2026-06-04", "2026-06-05", "2026-06-06", "2026-06-07"];
    const now = h.clock.now() + 30_000;
    for (const [round, day] of days.entries()) {
      const writes = await Promise.all([
        ...assets.map((a, i) => postBids((round + i) % 2 === 0 ? h : other, a, fcrDay(day))),
        // Two submission passes at once, as two processes' jobs: they raise overlapping sets of versions.
        submitPendingBids(h.deps, now),
        submitPendingBids({ db: other.db }, now),
      ]);
      for (const w of writes.slice(0, assets.length)) expect((w as { statusCode: number }).statusCode).toBe(201);
    }
    await submitPendingBids(h.deps, now);
    const week = "start=2026-06-02T22:00:00Z&end=2026-06-07T22:00:00Z";
    for (const a of assets) {
      const answer = await listed(other, a, week);
      expect(answer).toHaveLength(30);
      expect(answer.every((p) => p.bids.length === 1 && p.bids[0]!.status === "submitted")).toBe(true);
      expect(await listed(h, a, week)).toEqual(answer);
    }
  });

  it("another organisation's asset and an unknown id stay a 404 on both instances, answers kept or not", async () => {
    const stranger = await createFixture(h, BIG);
    for (const through of [h, other]) {
      for (const base of [`/organisations/${stranger.org.id}/virtual-assets/${f.assetId}`, `${f.base}-unknown`]) {
        const res = await through.app.inject({
          url: `${base}/ancillary/bids?${summerDay(DAY)}`,
          headers: stranger.org.auth,
        });
        expect(res.statusCode).toBe(404);
        expect(res.json().error).toBe("not_found");
      }
    }
  });
});
