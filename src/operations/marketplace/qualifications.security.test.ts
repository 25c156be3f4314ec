/**
 * Qualifications, security: 401 without a valid token, 403 for a system operator, and another provider's
 * qualification ids answer 404 (and change nothing); lists never show another provider's rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectForeignNotFound, expectUnauthenticatedRejected } from "../../testing/security.js";
import { actor, call, type Market, ok, setupMarket, snapshot } from "./test-support.js";

describe.each(DIALECTS)("qualifications, security (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  let rowId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    rowId = (await ok(h, "GET", "/qualifications/v1/", m.provider))[0].id;
  });
  afterAll(() => h.close());

  it("answers 401 without a token or with a garbage one", async () => {
    await expectUnauthenticatedRejected(h, { method: "GET", url: "/qualifications/v1/" });
    await expectUnauthenticatedRejected(h, {
      method: "PATCH",
      url: `/qualifications/v1/${rowId}/`,
      body: { status: "Withdrawn" },
    });
  });

  it("answers 403 to a system operator, even the competition's own", async () => {
    const before = await snapshot(h);
    expect((await call(h, "GET", "/qualifications/v1/", m.so)).status).toBe(403);
    const res = await call(h, "PATCH", `/qualifications/v1/${rowId}/`, m.so, { status: "Withdrawn" });
    expect(res.status).toBe(403);
    expect(await snapshot(h)).toEqual(before);
  });

  it("answers 404 to another provider for my qualification, and hides my rows from its list", async () => {
    const stranger = await h.org("provider");
    const before = await snapshot(h);
    await expectForeignNotFound(
      h,
      { method: "PATCH", url: `/qualifications/v1/${rowId}/`, body: { status: "Withdrawn" } },
      stranger.auth,
    );
    expect(await snapshot(h)).toEqual(before);
    const other = await actor(h, "provider");
    const res = await call(h, "GET", `/qualifications/v1/?competition_id=${m.competitionId}`, other);
    expect(res.body).toEqual([]);
    const byAsset = await call(h, "GET", `/qualifications/v1/?asset_id=${m.battery}`, other);
    expect(byAsset.body).toEqual([]);
  });
});
