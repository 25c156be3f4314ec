/**
 * The two wire dialects (wire-dialect.ts): compatible routes ignore unknown body fields and query parameters (never
 * stored, never echoed) and keep every known field's validation; Flexmarket's own routes answer 400 naming them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../admin/organisations.js";
import { type Actor, actor, BATTERY, call, ok } from "../operations/marketplace/test-support.js";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { wireDialectOf } from "./wire-dialect.js";

describe("wireDialectOf", () => {
  it.each([
    ["/assets/v1/", "compatible"],
    ["/assets/v1/:id/", "compatible"],
    ["/planned-assets/v1/:id/", "compatible"],
    ["/bids/v1/competitions/:id/ballots/", "compatible"],
    ["/bid-results/v1/:competition_id/", "compatible"],
    ["/authtoken/v1/", "compatible"],
    ["/auth/public/authenticate", "compatible"],
    ["/organisations/:organisationID/virtual-assets/:virtualAssetID/blocks/:blockID", "compatible"],
    ["/auctions", "compatible"],
    ["/auctions/:auctionID/bids", "compatible"],
    ["/organisations/:organisationID/virtual-assets/:virtualAssetID/optimize", "strict"],
    ["/auctionsx", "strict"],
    ["/so/v1/competitions/", "strict"],
    ["/tso/v1/auctions", "strict"],
    ["/webhooks/v1/", "strict"],
    ["/qualifications/v1/", "strict"],
    ["/assets/v2/", "strict"],
  ])("%s is %s", (url, dialect) => {
    expect(wireDialectOf(url)).toBe(dialect);
  });
});

describe.each(DIALECTS)("wire dialects over HTTP (%s)", (dialect) => {
  let h: Harness;
  let provider: Actor;
  let so: Actor;
  beforeAll(async () => {
    h = await createHarness(dialect);
    provider = await actor(h, "provider");
    so = await actor(h, "system_operator");
    await createUser(
      { db: h.db, now: h.clock.now(), hashCost: "low" },
      { organisationId: provider.id, username: "carol", password: "long enough" },
    );
  });
  afterAll(() => h.close());

  it("a compatible route ignores unknown body fields: not stored, not echoed", async () => {
    const created = await ok(h, "POST", "/assets/v1/", provider, {
      ...BATTERY,
      ref: "EXTRA-1",
      colour: "red",
      nested: { deep: [1, 2, 3] },
    });
    expect(created).not.toHaveProperty("colour");
    expect(created).not.toHaveProperty("nested");
    const fetched = await ok(h, "GET", `/assets/v1/${created.id}/`, provider);
    expect(fetched).not.toHaveProperty("colour");
    expect(JSON.stringify(fetched)).not.toContain("red");
  });

  it("a compatible route ignores unknown query parameters", async () => {
    const res = await call(h, "GET", "/assets/v1/?format=json&_=1700000000&ref=EXTRA-1", provider);
    expect(res.status).toBe(200);
    expect(res.body.map((a: { ref: string }) => a.ref)).toEqual(["EXTRA-1"]);
    const opportunities = await call(h, "GET", "/bidding-opportunities/v1/?competition_id=abc&page=2", provider);
    expect(opportunities.status).toBe(200);
  });

  it("a compatible route keeps every known field's validation", async () => {
    const res = await call(h, "POST", "/assets/v1/", provider, {
      ...BATTERY,
      ref: "EXTRA-2",
      colour: "red",
      active_export_capacity: "-1",
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "decimal_invalid", field: "active_export_capacity" });
    const paging = await call(h, "GET", "/assets/v1/?limit=0&_=1", provider);
    expect(paging.status).toBe(400);
    expect(paging.body.field).toBe("limit");
  });

  it("the terralayr-compatible routes ignore unknown fields and parameters too", async () => {
    const auth = await h.app.inject({
      method: "POST",
      url: "/auth/public/authenticate",
      payload: { username: "carol", password: "long enough", client: "terralayr-sdk", admin: true },
    });
    expect(auth.statusCode).toBe(200);
    expect(auth.json()).not.toHaveProperty("admin");
    const list = await h.app.inject({
      method: "GET",
      url: `/organisations/${provider.id}/virtual-assets?cacheBust=1`,
      headers: { authorization: `Bearer ${auth.json().access_token}` },
    });
    expect(list.statusCode).toBe(200);
  });

  it("Flexmarket's own routes stay strict: 400 naming the unknown field or parameter", async () => {
    const hook = await call(h, "POST", "/webhooks/v1/", provider, {
      url: "https://example.com/hook",
      events: ["ballot.submitted"],
      colour: "red",
    });
    expect(hook.status).toBe(400);
    expect(hook.body).toMatchObject({ error: "validation_failed", field: "colour" });
    const soList = await call(h, "GET", "/so/v1/competitions/?_=1", so);
    expect(soList.status).toBe(400);
    expect(soList.body).toMatchObject({ error: "validation_failed", field: "_" });
    const qualifications = await call(h, "GET", "/qualifications/v1/?format=json", provider);
    expect(qualifications.status).toBe(400);
    expect(qualifications.body.field).toBe("format");
  });

  it("a GET to a Piclo path without its trailing slash answers 301 to the slashed path, query kept", async () => {
    for (const [from, to] of [
      ["/assets/v1?ref=EXTRA-1&limit=5", "/assets/v1/?ref=EXTRA-1&limit=5"],
      ["/assets/v1/abc", "/assets/v1/abc/"],
      ["/bids/v1/competitions/xyz/ballots", "/bids/v1/competitions/xyz/ballots/"],
      ["/authtoken/v1", "/authtoken/v1/"],
    ] as const) {
      const res = await h.app.inject({ method: "GET", url: from });
      expect(res.statusCode, from).toBe(301);
      expect(res.headers.location).toBe(to);
    }
    const followed = await call(h, "GET", "/assets/v1/?ref=EXTRA-1&limit=5", provider);
    expect(followed.status).toBe(200);
  });

  it("other methods without the trailing slash answer 404 naming the slashed path", async () => {
    const post = await call(h, "POST", "/assets/v1", provider, BATTERY);
    expect(post.status).toBe(404);
    expect(post.body.error).toBe("not_found");
    expect(post.body.message).toContain("POST /assets/v1/");
    const patch = await call(h, "PATCH", "/planned-assets/v1/abc", provider, { name: "x" });
    expect(patch.status).toBe(404);
    expect(patch.body.message).toContain("PATCH /planned-assets/v1/abc/");
  });

  it("no redirect where no slashed route exists or the route is not a Piclo one", async () => {
    for (const url of ["/assets/v1/a/b", "/so/v1/competitions", "/webhooks/v1", "/assets/v2"]) {
      const res = await h.app.inject({ method: "GET", url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().message).not.toContain("end with a slash");
    }
  });
});
