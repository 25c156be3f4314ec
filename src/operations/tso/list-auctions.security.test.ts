import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectUnauthenticatedRejected } from "../../testing/security.js";
import { clearedFcrDay, DAY, getAuctions } from "./test-support.js";

describe.each(DIALECTS)("GET /tso/v1/auctions, security (%s)", (dialect) => {
  let h: Harness;
  let cleared: Awaited<ReturnType<typeof clearedFcrDay>>;
  beforeAll(async () => {
    h = await createHarness(dialect);
    cleared = await clearedFcrDay(h);
  });
  afterAll(() => h.close());

  it("refuses a request without a valid token (401)", async () => {
    await expectUnauthenticatedRejected(h, { method: "GET", url: `/tso/v1/auctions?deliveryDay=${DAY}` });
  });

  it("refuses a provider, even one with bids in the auctions (403)", async () => {
    const provider = await h.org("provider");
    for (const auth of [provider.auth]) {
      const res = await getAuctions(h, auth, `?deliveryDay=${DAY}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe("forbidden");
    }
  });

  it("never shows a provider's bid id or organisation to a system operator (anonymised merit order)", async () => {
    const so = await h.org("system_operator");
    const res = await getAuctions(h, so.auth, `?deliveryDay=${DAY}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(cleared.bidId);
    expect(res.body).not.toContain(cleared.provider.org.id);
    expect(res.body).not.toContain(cleared.provider.assetId);
    const providerEntries = res
      .json()
      .flatMap((a: { meritOrder: { source: string; bidID: unknown }[] }) =>
        a.meritOrder.filter((e) => e.source === "provider"),
      );
    expect(providerEntries).toHaveLength(1);
    expect(providerEntries[0].bidID).toBeNull();
  });
});
