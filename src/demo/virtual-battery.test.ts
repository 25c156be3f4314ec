import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { DEMO, seedDemoIfEmpty } from "./seed.js";

describe.each(DIALECTS)("virtual-battery demo data (%s)", (dialect) => {
  let h: Harness;
  let auth: { authorization: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    expect(await seedDemoIfEmpty(h.deps)).toBe(true);
    const res = await h.app.inject({
      method: "POST",
      url: "/auth/public/authenticate",
      payload: { username: DEMO.provider.username, password: DEMO.provider.password },
    });
    auth = { authorization: `Bearer ${res.json().access_token}` };
  });
  afterAll(() => h.close());

  const base = `/organisations/${DEMO.provider.organisationId}/virtual-assets`;

  it("gives the demo provider two virtual assets, the first with a schedule and pending FCR and aFRR bids", async () => {
    const assets = (await h.app.inject({ url: base, headers: auth })).json();
    expect(assets).toHaveLength(2);
    const withBids = [];
    for (const a of assets) {
      const id = a.virtualAssetID ?? a.id;
      const from = new Date(h.clock.now()).toISOString().slice(0, 10);
      const to = new Date(h.clock.now() + 4 * 86_400_000).toISOString().slice(0, 10);
      const res = await h.app.inject({
        url: `${base}/${id}/ancillary/bids?start=${from}T00:00:00Z&end=${to}T00:00:00Z`,
        headers: auth,
      });
      expect(res.statusCode).toBe(200);
      if (res.json().length > 0) withBids.push(res.json());
    }
    expect(withBids).toHaveLength(1);
    const text = JSON.stringify(withBids[0]);
    for (const product of ["NEGPOS_16_20", "NEGPOS_20_24", '"POS_16_20"']) expect(text).toContain(product);
    expect(text).toContain("pending");
  });
});
