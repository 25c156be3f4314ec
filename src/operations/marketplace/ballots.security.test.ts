/**
 * Ballots, security: no or a garbage token → 401; a system operator's token → 403; another provider never sees,
 * supersedes or blocks this provider's ballots; a draft competition is invisible (404).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectUnauthenticatedRejected } from "../../testing/security.js";
import {
  actor,
  BATTERY,
  ballotBody,
  call,
  competitionBody,
  enterAll,
  type Market,
  ok,
  setupMarket,
  snapshot,
} from "./test-support.js";

describe.each(DIALECTS)("ballots, security (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  let url: string;
  let ownBallotId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    url = `/bids/v1/competitions/${m.competitionId}/ballots/`;
    ownBallotId = (await ok(h, "POST", url, m.provider, ballotBody(m))).id;
  });
  afterAll(() => h.close());

  it("answers 401 without a token or with a garbage one, and stores nothing", async () => {
    const before = await snapshot(h);
    await expectUnauthenticatedRejected(h, { method: "POST", url, body: ballotBody(m) });
    await expectUnauthenticatedRejected(h, { method: "GET", url });
    expect(await snapshot(h)).toEqual(before);
  });

  it("answers 403 to a system operator, even the competition's own", async () => {
    const before = await snapshot(h);
    for (const [method, body] of [
      ["POST", ballotBody(m)],
      ["GET", undefined],
    ] as const) {
      const res = await call(h, method, url, m.so, body);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe("forbidden");
    }
    expect(await snapshot(h)).toEqual(before);
  });

  it("never shows a provider another provider's ballots", async () => {
    const other = await actor(h, "provider");
    const res = await call(h, "GET", url, other);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(res.headers["x-total-count"]).toBe("0");
  });

  it("keeps two providers' ballots apart: another provider's ballot neither supersedes nor constrains mine", async () => {
    const saved = h.clock.now();
    h.clock.set(saved - 2 * 86_400_000); // back into qualification to register and qualify another provider
    const other = await actor(h, "provider");
    await ok(h, "POST", "/assets/v1/", other, { ...BATTERY, ref: "OTHER-BAT" });
    await ok(h, "POST", `/so/v1/competitions/${m.competitionId}/qualify/`, m.so);
    h.clock.set(saved);
    await enterAll(h, other, m.competitionId);
    h.clock.advance(1000);
    const bid = { ...ballotBody(m).bids[0], capacity: "1.000" };
    const theirs = await call(h, "POST", url, other, ballotBody(m, { bids: [bid] }));
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    expect(theirs.body.assets.flex).toHaveLength(1);
    expect(theirs.body.assets.flex).not.toContain(m.battery);
    const mine = await ok(h, "GET", url, m.provider);
    expect(mine.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual([[ownBallotId, "active"]]);
  });

  it("refuses to bid with another provider's assets by id (400 asset_not_qualified, nothing stored)", async () => {
    const other = await actor(h, "provider");
    const before = await snapshot(h);
    const res = await call(
      h,
      "POST",
      url,
      other,
      ballotBody(m, { assets: { flex: [m.battery], planned: [m.planned] } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("asset_not_qualified");
    expect(res.body.message).not.toContain("your flex asset");
    expect(await snapshot(h)).toEqual(before);
  });

  it("answers 404 for a competition that is another system operator's draft", async () => {
    const so = await actor(h, "system_operator");
    const draft = await ok(h, "POST", "/so/v1/competitions/", so, {
      ...competitionBody(),
      qualification_open: new Date(h.clock.now() + 86_400_000).toISOString(),
      qualification_closed: new Date(h.clock.now() + 2 * 86_400_000).toISOString(),
      open: new Date(h.clock.now() + 2 * 86_400_000).toISOString(),
      closed: new Date(h.clock.now() + 3 * 86_400_000).toISOString(),
    });
    for (const method of ["GET", "POST"] as const) {
      const res = await call(h, method, `/bids/v1/competitions/${draft.id}/ballots/`, m.provider, {
        ...ballotBody(m),
        competition_id: draft.id,
      });
      expect(res.status).toBe(404);
      expect(res.body.error).toBe("not_found");
    }
  });
});
