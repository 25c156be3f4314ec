import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectUnauthenticatedRejected } from "../../testing/security.js";
import { actor, ballotBody, call, type Market, ok, setupMarket } from "../marketplace/test-support.js";

describe.each(DIALECTS)("audit trail, security (%s)", (dialect) => {
  let h: Harness;
  let m: Market;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupMarket(h);
    await ok(h, "POST", `/bids/v1/competitions/${m.competitionId}/ballots/`, m.provider, ballotBody(m));
  });
  afterAll(() => h.close());

  it("401 without or with a bad token", async () => {
    await expectUnauthenticatedRejected(h, { method: "GET", url: "/audit/v1/" });
    await expectUnauthenticatedRejected(h, { method: "GET", url: "/so/v1/audit/" });
  });

  it("403 for the other role's path", async () => {
    expect((await call(h, "GET", "/so/v1/audit/", m.provider)).status).toBe(403);
    expect((await call(h, "GET", "/audit/v1/", m.so)).status).toBe(403);
  });

  it("another organisation sees none of the entries (an empty list, total 0)", async () => {
    expect((await ok(h, "GET", "/audit/v1/", m.provider)).length).toBeGreaterThan(0);
    expect((await ok(h, "GET", "/so/v1/audit/", m.so)).length).toBeGreaterThan(0);
    for (const role of ["provider", "system_operator"] as const) {
      const stranger = await actor(h, role);
      const res = await call(h, "GET", role === "provider" ? "/audit/v1/" : "/so/v1/audit/", stranger);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      expect(res.headers["x-total-count"]).toBe("0");
    }
  });

  it("the system operator does not see the providers' ballots in its trail (sealed bids stay sealed)", async () => {
    const entries = (await ok(h, "GET", "/so/v1/audit/", m.so)) as { action: string }[];
    expect(entries.some((e) => e.action.startsWith("ballot."))).toBe(false);
  });
});
