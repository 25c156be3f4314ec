import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupSandboxMarket } from "../../engine/dso-sandbox.test-support.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { AFTER_CLOSE, actor, call } from "./test-support.js";

describe.each(DIALECTS)("GET /so/v1/competitions/{id}/decisions/ — security (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it("needs a token, refuses providers (403) and hides another SO's competition (404)", async () => {
    const m = await setupSandboxMarket(h);
    h.clock.set(AFTER_CLOSE);
    const url = `/so/v1/competitions/${m.competitionId}/decisions/`;
    expect((await call(h, "GET", url, undefined)).status).toBe(401);
    expect((await call(h, "GET", url, { authorization: "Bearer garbage" })).status).toBe(401);
    const asProvider = await call(h, "GET", url, m.providers[0]);
    expect(asProvider.status).toBe(403);
    expect(asProvider.body.error).toBe("forbidden");
    const otherSo = await actor(h, "system_operator");
    const foreign = await call(h, "GET", url, otherSo);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error).toBe("not_found");
    expect((await call(h, "GET", url, m.so)).status).toBe(200);
  });
});
