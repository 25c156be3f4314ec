/** Obligations, error path: malformed dates, a reversed range, bad paging → 400 naming the parameter. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { type Actor, actor, call } from "./test-support.js";

describe.each(DIALECTS)("obligations, error path (%s)", (dialect) => {
  let h: Harness;
  let provider: Actor;
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = await actor(h, "provider");
  });
  afterAll(() => h.close());

  for (const [query, field] of [
    ["start_date=2026-13-01", "start_date"],
    ["start_date=01/07/2026", "start_date"],
    ["end_date=2026-02-30", "end_date"],
    ["start_date=2026-07-10&end_date=2026-07-01", "start_date"],
    ["limit=0", undefined],
    ["offset=-5", undefined],
    ["bid_id=", undefined],
  ] as const) {
    it(`answers 400 for ?${query}`, async () => {
      const res = await call(h, "GET", `/obligations/v1/?${query}`, provider);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error).toBe("validation_failed");
      if (field !== undefined) expect(res.body.field).toBe(field);
    });
  }
});
