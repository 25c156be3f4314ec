/**
 * Competitions, security: 401 without a valid token; the provider routes are a provider's (403 for a system
 * operator); a draft — even of the caller's own system operator — is invisible to providers (404).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectForeignNotFound, expectUnauthenticatedRejected } from "../../testing/security.js";
import { actor, call, competitionBody, type Market, ok, setupMarket } from "./test-support.js";

describe.each(DIALECTS)("competitions, security (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
  });
  afterAll(() => h.close());

  it("answers 401 without a token or with a garbage one", async () => {
    await expectUnauthenticatedRejected(h, { method: "GET", url: "/competitions/v1/" });
    await expectUnauthenticatedRejected(h, { method: "GET", url: `/competitions/v1/${m.competitionId}/` });
  });

  it("answers 403 to a system operator on the provider routes", async () => {
    for (const url of ["/competitions/v1/", `/competitions/v1/${m.competitionId}/`]) {
      const res = await call(h, "GET", url, m.so);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe("forbidden");
    }
  });

  it("hides draft competitions from providers (404, and absent from the list)", async () => {
    const draft = await ok(h, "POST", "/so/v1/competitions/", m.so, competitionBody({ reference: "HIDDEN_DRAFT" }));
    const other = await h.org("provider");
    await expectForeignNotFound(h, { method: "GET", url: `/competitions/v1/${draft.id}/` }, other.auth);
    const list = await ok(h, "GET", "/competitions/v1/", m.provider);
    expect(list.map((c: { id: string }) => c.id)).not.toContain(draft.id);
  });

  it("answers 401 to a token expired in real time, not when only the market clock moved on", async () => {
    const provider = await actor(h, "provider");
    const { token } = await h.token(provider.id, "provider");
    const saved = h.clock.now();
    const savedWall = h.wallClock.now();
    try {
      h.clock.set(saved + 30 * 86_400_000);
      const stillValid = await call(h, "GET", "/competitions/v1/", { authorization: `Bearer ${token}` });
      expect(stillValid.status).toBe(200);
      h.wallClock.set(savedWall + 3_600_000);
      const res = await call(h, "GET", "/competitions/v1/", { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("token_expired");
    } finally {
      h.clock.set(saved);
      h.wallClock.set(savedWall);
    }
  });
});
