/**
 * Planned assets, security: 401 without a valid token, 403 for a system operator, and another provider's ids answer 404
 * on fetch and PATCH (and change nothing); lists never show another provider's assets, even by reference.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectForeignNotFound, expectUnauthenticatedRejected } from "../../testing/security.js";
import { type Actor, actor, call, ok, PLANNED, snapshot } from "./test-support.js";

describe.each(DIALECTS)("planned assets, security (%s)", (dialect) => {
  let h: Harness;
  let owner: Actor;
  let assetId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    owner = await actor(h, "provider");
    assetId = (await ok(h, "POST", "/planned-assets/v1/", owner, PLANNED)).id;
  });
  afterAll(() => h.close());

  it("answers 401 without a token or with a garbage one", async () => {
    const before = await snapshot(h);
    await expectUnauthenticatedRejected(h, { method: "POST", url: "/planned-assets/v1/", body: PLANNED });
    await expectUnauthenticatedRejected(h, { method: "GET", url: "/planned-assets/v1/" });
    await expectUnauthenticatedRejected(h, { method: "GET", url: `/planned-assets/v1/${assetId}/` });
    await expectUnauthenticatedRejected(h, {
      method: "PATCH",
      url: `/planned-assets/v1/${assetId}/`,
      body: { name: "x" },
    });
    expect(await snapshot(h)).toEqual(before);
  });

  it("answers 403 to a system operator", async () => {
    const so = await actor(h, "system_operator");
    const before = await snapshot(h);
    for (const [method, url, body] of [
      ["POST", "/planned-assets/v1/", PLANNED],
      ["GET", "/planned-assets/v1/", undefined],
      ["GET", `/planned-assets/v1/${assetId}/`, undefined],
      ["PATCH", `/planned-assets/v1/${assetId}/`, { name: "x" }],
    ] as const) {
      const res = await call(h, method, url, so, body);
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.error).toBe("forbidden");
    }
    expect(await snapshot(h)).toEqual(before);
  });

  it("answers 404 to another provider for the owner's asset, and changes nothing", async () => {
    const stranger = await h.org("provider");
    const before = await snapshot(h);
    await expectForeignNotFound(h, { method: "GET", url: `/planned-assets/v1/${assetId}/` }, stranger.auth);
    await expectForeignNotFound(
      h,
      { method: "PATCH", url: `/planned-assets/v1/${assetId}/`, body: { name: "stolen" } },
      stranger.auth,
    );
    expect(await snapshot(h)).toEqual(before);
  });

  it("never lists another provider's assets, and lets each provider use the same reference", async () => {
    const stranger = await actor(h, "provider");
    const list = await call(h, "GET", `/planned-assets/v1/?reference=${PLANNED.reference}`, stranger);
    expect(list.body).toEqual([]);
    expect(list.headers["x-total-count"]).toBe("0");
    const theirs = await call(h, "POST", "/planned-assets/v1/", stranger, PLANNED);
    expect(theirs.status).toBe(201);
    expect(theirs.body.provider).toBe(stranger.id);
    const mine = await ok(h, "GET", "/planned-assets/v1/", owner);
    expect(mine.map((a: { id: string }) => a.id)).toEqual([assetId]);
  });
});
