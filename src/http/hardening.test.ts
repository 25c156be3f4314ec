import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../test/harness.js";

describe("HTTP hardening", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness("sqlite", { rateLimitPerMinute: 5, bodyLimit: 2048 });
  });
  afterAll(() => h.close());

  it("limits requests with 429 and Retry-After (public routes: per client address)", async () => {
    const codes: number[] = [];
    let last: Awaited<ReturnType<typeof h.app.inject>> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await h.app.inject({ url: "/healthz", remoteAddress: "10.0.0.1" });
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(last!.json()).toMatchObject({ error: "rate_limited" });
    expect(Number(last!.headers["retry-after"])).toBeGreaterThan(0);
    expect((await h.app.inject({ url: "/healthz", remoteAddress: "10.0.0.2" })).statusCode).toBe(200);
  });

  it("refuses an oversize body with 413 body_too_large", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/authtoken/v1/",
      payload: { client_id: "x".repeat(4000), api_key: "y" },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe("body_too_large");
  });

  it("sends security headers", async () => {
    const res = await h.app.inject({ url: "/readyz" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-request-id"]).toBeTypeOf("string");
  });
});
