/**
 * Per-credential rate limiting (@fastify/rate-limit, keyed after authentication by organisation and subject):
 * a credential over its budget gets 429 `rate_limited` with `Retry-After`; another credential — even from the same
 * address — is unaffected; the same credential from another address shares its budget. Sign-in routes (public) are
 * limited per client address, which bounds guessing API keys and passwords. 429s change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../src/testing/harness.js";

const BUDGET = 5;

describe.each(DIALECTS)("rate limits (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect, { rateLimitPerMinute: BUDGET });
  });
  afterAll(() => h.close());

  const get = (auth: { authorization: string }, remoteAddress = "10.1.0.1") =>
    h.app.inject({ url: "/assets/v1/", headers: auth, remoteAddress });

  it("answers 429 with Retry-After once one credential has spent its budget, and only to that credential", async () => {
    const greedy = await h.org("provider");
    const polite = await h.org("provider");
    const codes: number[] = [];
    for (let i = 0; i < BUDGET + 2; i++) codes.push((await get(greedy.auth, `10.1.0.${i + 1}`)).statusCode);
    expect(codes).toEqual([...Array(BUDGET).fill(200), 429, 429]);

    const limited = await get(greedy.auth);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: "rate_limited" });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);

    // Another credential from the very same address still has its whole budget.
    for (let i = 0; i < BUDGET; i++) expect((await get(polite.auth, "10.1.0.1")).statusCode).toBe(200);
    expect((await get(polite.auth, "10.1.0.1")).statusCode).toBe(429);
  });

  it("stores nothing for a write refused with 429", async () => {
    const org = await h.org("provider");
    const post = () =>
      h.app.inject({
        method: "POST",
        url: "/webhooks/v1/",
        headers: org.auth,
        payload: { url: "https://hooks.example.com/x", events: ["bid_result.published"] },
      });
    const statuses: number[] = [];
    for (let i = 0; i < BUDGET + 1; i++) statuses.push((await post()).statusCode);
    expect(statuses.at(-1)).toBe(429);
    const stored = await h.db.kysely
      .selectFrom("webhook_subscriptions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("organisation_id", "=", org.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(statuses.filter((s) => s === 201).length);
  });

  it("limits sign-in attempts per client address (guessing API keys)", async () => {
    const attempt = (remoteAddress: string) =>
      h.app.inject({
        method: "POST",
        url: "/authtoken/v1/",
        remoteAddress,
        payload: { client_id: "ck_unknown", api_key: "fmk_guess" },
      });
    const codes: number[] = [];
    for (let i = 0; i < BUDGET + 1; i++) codes.push((await attempt("10.9.9.9")).statusCode);
    expect(codes).toEqual([...Array(BUDGET).fill(401), 429]);
    expect((await attempt("10.9.9.10")).statusCode).toBe(401);
  });
});
