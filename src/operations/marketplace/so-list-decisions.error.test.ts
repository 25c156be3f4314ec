import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupSandboxMarket } from "../../engine/dso-sandbox.test-support.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { BIDDING, call, competitionBody, ok } from "./test-support.js";

describe.each(DIALECTS)("GET /so/v1/competitions/{id}/decisions/ — errors (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it("keeps bids sealed while bidding is open (400 competition_not_closed)", async () => {
    const m = await setupSandboxMarket(h);
    h.clock.set(BIDDING);
    const res = await call(h, "GET", `/so/v1/competitions/${m.competitionId}/decisions/`, m.so);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("competition_not_closed");
  });

  it("answers 400 for a draft and 404 for an unknown id", async () => {
    const m = await setupSandboxMarket(h);
    const draft = await ok(h, "POST", "/so/v1/competitions/", m.so, competitionBody());
    const res = await call(h, "GET", `/so/v1/competitions/${draft.id}/decisions/`, m.so);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("competition_not_closed");
    const unknown = await call(h, "GET", "/so/v1/competitions/nope/decisions/", m.so);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe("not_found");
  });
});
