/** Competitions, error path: unknown ids → 404; bad filters and paging → 400 naming the parameter. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { type Actor, actor, call } from "./test-support.js";

describe.each(DIALECTS)("competitions, error path (%s)", (dialect) => {
  let h: Harness;
  let provider: Actor;
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = await actor(h, "provider");
  });
  afterAll(() => h.close());

  it("answers 404 not_found for an unknown competition", async () => {
    const res = await call(h, "GET", "/competitions/v1/z8mpC6x/", provider);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: "not_found", message: expect.stringContaining("z8mpC6x") });
  });

  for (const query of [
    "status=draft",
    "status=bogus",
    "type=Availability%20%26%20Utilization",
    "boundary=",
    "limit=0",
    "limit=1001",
    "limit=abc",
    "offset=-1",
  ]) {
    it(`answers 400 for ?${query}`, async () => {
      const res = await call(h, "GET", `/competitions/v1/?${query}`, provider);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toBe("validation_failed");
      expect(res.body.message).toEqual(expect.any(String));
    });
  }
});
