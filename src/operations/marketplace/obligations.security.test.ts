/** Obligations, security: 401 without a valid token, 403 for a system operator, another provider sees none of mine. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectUnauthenticatedRejected } from "../../testing/security.js";
import { actor, call, type DecidedMarket, setupDecidedMarket } from "./test-support.js";

describe.each(DIALECTS)("obligations, security (%s)", (dialect) => {
  let h: Harness;
  let m: DecidedMarket;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupDecidedMarket(h);
  });
  afterAll(() => h.close());

  it("answers 401 without a token or with a garbage one", async () => {
    await expectUnauthenticatedRejected(h, { method: "GET", url: "/obligations/v1/" });
  });

  it("answers 403 to a system operator", async () => {
    expect((await call(h, "GET", "/obligations/v1/", m.so)).status).toBe(403);
  });

  it("never shows another provider my obligations, even filtered by my ids", async () => {
    const other = await actor(h, "provider");
    for (const q of ["", `?competition_id=${m.competitionId}`, `?bid_id=${m.acceptedBidId}`]) {
      const res = await call(h, "GET", `/obligations/v1/${q}`, other);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      expect(res.headers["x-total-count"]).toBe("0");
    }
    expect((await call(h, "GET", "/obligations/v1/?limit=1", m.provider)).headers["x-total-count"]).toBe("23");
  });
});
