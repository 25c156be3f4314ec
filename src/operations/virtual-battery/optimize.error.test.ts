import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { optimizeBody } from "./optimize-fixtures.js";
import { createFixture, expectRejected, type Fixture } from "./test-fixtures.js";

describe.each(DIALECTS)("optimize, errors (%s)", (dialect) => {
  let h: Harness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createHarness(dialect);
    f = await createFixture(h);
  });
  afterAll(() => h.close());

  const post = (payload: unknown) => ({
    method: "POST" as const,
    url: `${f.base}/optimize`,
    headers: f.org.auth,
    payload,
  });
  const base = optimizeBody();
  const prices = base.prices as Record<string, number[]>;

  it.each([
    [
      "a wholesale forecast of the wrong length",
      { prices: { ...prices, wholesale: prices.wholesale!.slice(1) } },
      "validation_failed",
      "prices.wholesale",
    ],
    [
      "a price with more than 2 decimals",
      { prices: { ...prices, fcr: [1.234, 1, 1, 1, 1, 1] } },
      "price_field_invalid",
      "prices.fcr[0]",
    ],
    [
      "aFRR capacity without an energy price",
      { prices: { wholesale: prices.wholesale, afrrCapacityPos: [1, 1, 1, 1, 1, 1] } },
      "validation_failed",
      "prices.afrrEnergyPos",
    ],
    [
      "a block forecast of the wrong length",
      { prices: { ...prices, fcr: [1, 2, 3] } },
      "validation_failed",
      "prices.fcr",
    ],
    [
      "a horizon outside the asset's lifetime",
      { horizon: { firstDeliveryDay: "2026-07-01", days: 1 } },
      "interval_invalid",
      "horizon",
    ],
    [
      "a delivery day that does not exist",
      { horizon: { firstDeliveryDay: "2026-02-30", days: 1 } },
      "validation_failed",
      "horizon.firstDeliveryDay",
    ],
    [
      "limits upside down",
      { stateOfChargeLimits: { lower: 60, upper: 40 } },
      "validation_failed",
      "stateOfChargeLimits",
    ],
    ["a target finer than 1 ppm", { targetStateOfCharge: 50.00001 }, "validation_failed", "targetStateOfCharge"],
  ])("rejects %s with its code and field, storing nothing", async (_name, patch, error, field) => {
    await expectRejected(h, post({ ...base, ...patch }), { error, field });
  });

  it("names the request's own field in the message, not the optimizer's internal one", async () => {
    const body = await expectRejected(h, post({ ...base, prices: { ...prices, fcr: [1, 2, 3] } }), {
      error: "validation_failed",
      field: "prices.fcr",
    });
    expect(body.message).toMatch(/^prices\.fcr must have 6 entries/);
    expect(body.message).not.toMatch(/Cents/);
  });

  it.each([
    ["no prices", { horizon: base.horizon }],
    ["an unknown property", { ...base, mode: "fast" }],
    ["a horizon of 0 days", { ...base, horizon: { firstDeliveryDay: "2026-06-03", days: 0 } }],
    ["a horizon beyond the cap of 31 days", { ...base, horizon: { firstDeliveryDay: "2026-06-03", days: 32 } }],
    ["a time limit above 30 s", { ...base, options: { timeLimitSeconds: 60 } }],
    ["a price as a string", { ...base, prices: { ...prices, fcr: ["1", 1, 1, 1, 1, 1] } }],
  ])("rejects %s (schema), storing nothing", async (_name, payload) => {
    await expectRejected(h, post(payload), { error: "validation_failed" });
  });
});

describe.each(DIALECTS)("optimize, fair sharing (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect, { optimizerWorkers: 1, optimizerQueue: 1 });
  });
  afterAll(() => h.close());

  it("answers 429 with Retry-After beyond the organisation's queue; another organisation is served", async () => {
    const hog = await createFixture(h);
    const other = await createFixture(h);
    const call = (f: Fixture, timeLimitSeconds: number) =>
      h.app.inject({
        method: "POST",
        url: `${f.base}/optimize`,
        headers: f.org.auth,
        payload: optimizeBody({ options: { timeLimitSeconds } }) as never,
      });
    const running = call(hog, 3);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the first request is admitted
    const refused = await call(hog, 1);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error).toBe("rate_limited");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    const served = await call(other, 1);
    expect(served.statusCode, served.body.slice(0, 200)).toBe(200);
    expect((await running).statusCode).toBe(200);
    // the organisation's slot is free again
    expect((await call(hog, 1)).statusCode).toBe(200);
  }, 30_000);
});
