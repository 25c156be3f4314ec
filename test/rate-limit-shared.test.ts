/**
 * The per-credential rate limit shared by several API processes (docs/scale-out.md, "Rate limits"): two app
 * instances on one database with REDIS_URL share one budget per credential; without Redis each instance counts on
 * its own (the documented per-process limit). Needs Redis: TEST_REDIS_URL (CI sets it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { buildApp } from "../src/http/app.js";
import type { App } from "../src/http/operation.js";
import { createHarness, type Harness } from "../src/testing/harness.js";

const redisUrl = process.env.TEST_REDIS_URL;
const BUDGET = 5;

describe.skipIf(!redisUrl)("a rate limit shared through Redis by two app instances", () => {
  let h: Harness;
  const apps: App[] = [];

  /** A second (or third) instance of the app on the harness's database, with its own config. */
  async function instance(redis: string | undefined): Promise<App> {
    const config = loadConfig(
      { FLEXMARKET_SECRET: "test-secret-test-secret-test-secret", FLEXMARKET_DEMO: "0", LOG_LEVEL: "silent" },
      { ...h.config, rateLimitPerMinute: BUDGET, redisUrl: redis },
    );
    const app = await buildApp(config, { deps: { ...h.deps, config } });
    await app.ready();
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    h = await createHarness("sqlite");
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await h.close();
  });

  const statuses = async (pair: App[], auth: { authorization: string }, n: number) => {
    const codes: number[] = [];
    for (let i = 0; i < n; i++) {
      const res = await pair[i % 2]!.inject({ url: "/assets/v1/", headers: auth });
      codes.push(res.statusCode);
      if (res.statusCode === 429) expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    }
    return codes;
  };

  it("counts one budget across both instances", async () => {
    const pair = [await instance(redisUrl), await instance(redisUrl)];
    const org = await h.org("provider");
    expect(await statuses(pair, org.auth, BUDGET + 2)).toEqual([...Array(BUDGET).fill(200), 429, 429]);
  });

  it("without Redis, each instance counts alone (twice the budget over two processes)", async () => {
    const pair = [await instance(undefined), await instance(undefined)];
    const org = await h.org("provider");
    const codes = await statuses(pair, org.auth, 2 * BUDGET + 2);
    expect(codes.slice(0, 2 * BUDGET)).toEqual(Array(2 * BUDGET).fill(200));
    expect(codes.slice(2 * BUDGET)).toEqual([429, 429]);
  });
});
