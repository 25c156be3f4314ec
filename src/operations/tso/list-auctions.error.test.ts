import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { clearedFcrDay, getAuctions } from "./test-support.js";

describe.each(DIALECTS)("GET /tso/v1/auctions, errors (%s)", (dialect) => {
  let h: Harness;
  let so: { authorization: string };
  const counts = async () => ({
    auctions: (await h.db.kysely.selectFrom("tso_auctions").select("product_date_code").execute()).length,
    runs: (await h.db.kysely.selectFrom("job_runs").select("key").execute()).length,
    results: (await h.db.kysely.selectFrom("ancillary_results").select("bid_id").execute()).length,
  });
  beforeAll(async () => {
    h = await createHarness(dialect);
    await clearedFcrDay(h);
    so = (await h.org("system_operator")).auth;
  });
  afterAll(() => h.close());

  it.each([
    ["no deliveryDay", "", "validation_failed"],
    ["a date that does not exist", "?deliveryDay=2026-02-30", "delivery_day_invalid"],
    ["not a date", "?deliveryDay=tomorrow", "delivery_day_invalid"],
    ["a timestamp", "?deliveryDay=2026-06-03T00:00:00Z", "delivery_day_invalid"],
    ["an unknown parameter", "?deliveryDay=2026-06-03&market=FCR", "validation_failed"],
  ])("answers 400 for %s and changes nothing", async (_name, query, code) => {
    const before = await counts();
    const res = await getAuctions(h, so, query);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toBe(code);
    if (code === "delivery_day_invalid") expect(res.json().field).toBe("deliveryDay");
    expect(await counts()).toEqual(before);
  });
});
