/** Bidding opportunities, error path: bad paging → 400 (unknown query parameters are ignored: wire-dialect.ts). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { type Actor, actor, call } from "./test-support.js";

describe.each(DIALECTS)("bidding opportunities, error path (%s)", (dialect) => {
  let h: Harness;
  let provider: Actor;
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = await actor(h, "provider");
  });
  afterAll(() => h.close());

  for (const query of ["limit=0", "limit=100000", "offset=-1", "offset=x"]) {
    it(`answers 400 for ?${query}`, async () => {
      const res = await call(h, "GET", `/bidding-opportunities/v1/?${query}`, provider);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("validation_failed");
    });
  }

  it("answers 404 without the trailing slash's route being confused with another resource", async () => {
    const res = await call(h, "GET", "/bidding-opportunities/v1/abc/", provider);
    expect(res.status).toBe(404);
  });
});
