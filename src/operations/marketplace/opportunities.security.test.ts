/** Bidding opportunities, security: 401 without a valid token, 403 for a system operator, nothing of another provider. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectUnauthenticatedRejected } from "../../testing/security.js";
import { actor, call, type Market, setupMarket } from "./test-support.js";

describe.each(DIALECTS)("bidding opportunities, security (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
  });
  afterAll(() => h.close());

  it("answers 401 without a token or with a garbage one", async () => {
    await expectUnauthenticatedRejected(h, { method: "GET", url: "/bidding-opportunities/v1/" });
  });

  it("answers 403 to a system operator", async () => {
    const res = await call(h, "GET", "/bidding-opportunities/v1/", m.so);
    expect(res.status).toBe(403);
    expect(res.body.error).toBe("forbidden");
  });

  it("shows another provider none of this provider's opportunities", async () => {
    const other = await actor(h, "provider");
    const res = await call(h, "GET", "/bidding-opportunities/v1/", other);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect((await call(h, "GET", "/bidding-opportunities/v1/", m.provider)).body).toHaveLength(1);
  });
});
