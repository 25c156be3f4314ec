/** Bid results, security: 401 without a valid token, 403 for a system operator, another provider → 404. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectForeignNotFound, expectUnauthenticatedRejected } from "../../testing/security.js";
import { call, type DecidedMarket, setupDecidedMarket } from "./test-support.js";

describe.each(DIALECTS)("bid results, security (%s)", (dialect) => {
  let h: Harness;
  let m: DecidedMarket;
  let url: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupDecidedMarket(h);
    url = `/bid-results/v1/${m.competitionId}/`;
  });
  afterAll(() => h.close());

  it("answers 401 without a token or with a garbage one", async () => {
    await expectUnauthenticatedRejected(h, { method: "GET", url });
  });

  it("answers 403 to a system operator (its view is /so/v1/)", async () => {
    expect((await call(h, "GET", url, m.so)).status).toBe(403);
  });

  it("answers 404 to another provider: my results are mine", async () => {
    const stranger = await h.org("provider");
    await expectForeignNotFound(h, { method: "GET", url }, stranger.auth);
    expect((await call(h, "GET", url, m.provider)).body).toHaveLength(2);
  });
});
