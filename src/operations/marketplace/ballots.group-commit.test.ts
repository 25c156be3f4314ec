/**
 * Group commit of ballots (docs/marketplace.md, "Group commit"): a provider's ballots for one competition that arrive
 * while its previous group is being stored are stored together in one transaction. What it must not break, on both
 * databases: each ballot is judged against the one before it, a refused ballot stores nothing and does not fail its
 * neighbours, exactly one ballot is active and it is the newest, every acknowledged ballot is in the history with its
 * bids, and each has its own audit entry with its own request id. (Durability across kill -9: test/crash.test.ts;
 * invariants under 40 parallel ballots: test/concurrency.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { ballotBody, call, type Market, ok, setupMarket } from "./test-support.js";

const PARALLEL = 24;

describe.each(DIALECTS)("ballots stored in groups (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
  });
  afterAll(() => h.close());

  const body = (i: number) =>
    ballotBody(m, {
      bids: [
        {
          service_window_id: m.windowIds[0],
          capacity: `1.${String(100 + i).padStart(3, "0")}`,
          max_runtime: "02:00:00",
          rates: [
            { type: "availability", value: "10.00" },
            { type: "utilisation", value: `${200 + i}.00` },
          ],
        },
      ],
    });
  /** Every fourth ballot breaks a rule: more capacity than its assets hold. */
  const refused = (i: number) => i % 4 === 3;

  it("parallel ballots, some refused: the rest stored in order, one active, nothing of the refused ones", async () => {
    const { token } = await h.token(m.provider.id, "provider");
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        h.app.inject({
          method: "POST",
          url: `/bids/v1/competitions/${m.competitionId}/ballots/`,
          headers: { authorization: `Bearer ${token}`, "x-request-id": `group-${i}` },
          payload: refused(i)
            ? { ...body(i), bids: [{ ...body(i).bids[0], capacity: "900.000" }] }
            : (body(i) as never),
        }),
      ),
    );
    const acked: { id: string; status: string; created: string; bids: { id: string; capacity: string }[] }[] = [];
    for (const [i, r] of responses.entries()) {
      if (refused(i)) {
        expect(r.statusCode, r.body).toBe(400);
        expect(r.json().error).toMatch(/^capacity_exceeds_/);
      } else {
        expect(r.statusCode, r.body).toBe(201);
        acked.push(r.json());
        expect(acked.at(-1)!.bids[0]!.capacity).toBe(`1.${String(100 + i).padStart(3, "0")}`);
      }
    }
    // Stored in groups: a ballot replaced within its own group is answered as stored, already superseded.
    expect(acked.filter((b) => b.status === "superseded").length).toBeGreaterThan(0);
    expect(acked.filter((b) => b.status === "active").length).toBeGreaterThanOrEqual(1);

    const history = (await ok(
      h,
      "GET",
      `/bids/v1/competitions/${m.competitionId}/ballots/?limit=1000`,
      m.provider,
    )) as typeof acked;
    expect(history.map((b) => b.id).sort()).toEqual(acked.map((b) => b.id).sort());
    const active = history.filter((b) => b.status === "active");
    expect(active).toHaveLength(1);
    expect(history[0]!.id, "the newest is the active one").toBe(active[0]!.id);
    const newest = [...acked].sort((a, b) => Date.parse(b.created) - Date.parse(a.created))[0]!;
    expect(active[0]!.id, "the acknowledged one created last").toBe(newest.id);
    const created = history.map((b) => Date.parse(b.created)).reverse();
    for (let i = 1; i < created.length; i++) expect(created[i]!).toBeGreaterThan(created[i - 1]!);
    for (const a of acked) expect(history.find((b) => b.id === a.id)!.bids).toEqual(a.bids);

    // One audit entry per stored ballot, with the request id of the request that sent it.
    const audit = (await ok(h, "GET", "/audit/v1/?limit=1000", m.provider)) as {
      action: string;
      object_id: string;
      request_id: string;
    }[];
    const ballotEntries = audit.filter((e) => e.action.startsWith("ballot."));
    expect(ballotEntries).toHaveLength(acked.length);
    for (const [i, r] of responses.entries()) {
      if (refused(i)) continue;
      const entry = ballotEntries.find((e) => e.object_id === r.json().id)!;
      expect(entry.request_id).toBe(`group-${i}`);
    }
    // The first stored was placed; every later one replaced the one before it.
    const oldest = [...acked].sort((a, b) => Date.parse(a.created) - Date.parse(b.created))[0]!;
    for (const e of ballotEntries)
      expect(e.action).toBe(e.object_id === oldest.id ? "ballot.placed" : "ballot.replaced");
  });

  it("a later ballot is judged against the one stored before it", async () => {
    // Rule 6: every ballot of a provider for a competition names the same asset set. The first sets it; in a burst
    // after it, a ballot naming another set is refused and one naming the first set is stored.
    const other = await createHarness(dialect);
    try {
      const fresh = await setupMarket(other);
      const submit = (flex: string[]) =>
        call(
          other,
          "POST",
          `/bids/v1/competitions/${fresh.competitionId}/ballots/`,
          fresh.provider,
          ballotBody(fresh, { bids: [{ ...ballotBody(fresh).bids[0], capacity: "0.500" }], assets: { flex } }),
        );
      expect((await submit([fresh.battery])).status).toBe(201);
      const burst = await Promise.all([submit([fresh.demand]), submit([fresh.battery]), submit([fresh.demand])]);
      expect(
        burst.map((r) => r.status),
        JSON.stringify(burst.map((r) => r.body)),
      ).toEqual([400, 201, 400]);
      expect(burst[0]!.body.error).toBe("ballot_asset_set_changed");
    } finally {
      await other.close();
    }
  });
});
