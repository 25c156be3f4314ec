/** Bid results, error path: an unknown competition, or one I have no ballot in → 404. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { call, type Market, setupMarket } from "./test-support.js";

describe.each(DIALECTS)("bid results, error path (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
  });
  afterAll(() => h.close());

  it("answers 404 for an unknown competition", async () => {
    const res = await call(h, "GET", "/bid-results/v1/nope/", m.provider);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe("not_found");
  });

  it("answers 404 for a competition I have no ballot in", async () => {
    const res = await call(h, "GET", `/bid-results/v1/${m.competitionId}/`, m.provider);
    expect(res.status).toBe(404);
    expect(res.body.message).toContain("no ballot");
  });
});
