/**
 * The sweep over EVERY registered route (new routes are covered automatically):
 * - a route that is not public answers 401 without a token, and 401 with a garbage token;
 * - a route for one role (provider / system operator) answers 403 to the other role's token;
 * - a route under /organisations/{organisationID}/ answers 404 to another organisation's token;
 * - nothing answers 5xx to these requests;
 * - a compatible route (src/http/wire-dialect.ts) never refuses an unknown query parameter or body field;
 * - a Piclo route asked without its trailing slash answers 301 (GET) or a 404 naming the slashed path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPicloPath, wireDialectOf } from "../src/http/wire-dialect.js";
import { createHarness, DIALECTS, type Harness } from "../src/testing/harness.js";

describe.each(DIALECTS)("route sweep (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(async () => {
    const routes = h.app.routeList.filter((r) => !r.url.startsWith("/docs"));
    const count = (f: (r: (typeof routes)[number]) => boolean) => routes.filter(f).length;
    console.info(
      `route sweep (${dialect}): ${routes.length} routes (HEAD included); ` +
        `${count((r) => r.auth !== undefined && r.auth !== "public")} protected, each × 3 bad credentials → 401; ` +
        `${count((r) => r.auth === "provider" || r.auth === "system_operator")} role-restricted → 403 to the other role; ` +
        `${count((r) => r.url.includes(":organisationID"))} organisation-scoped → 404 to another organisation`,
    );
    await h.close();
  });

  const concrete = (url: string, org: string) =>
    url
      .replace(":organisationID", org)
      .replace(/:[A-Za-z_]+/g, "unknown-id")
      .replace("*", "x");

  it("has a declared auth requirement on every API route", () => {
    const undeclared = h.app.routeList.filter(
      (r) => r.auth === undefined && !r.url.startsWith("/docs") && r.method !== "HEAD",
    );
    expect(undeclared).toEqual([]);
  });

  it("registers the real services' virtual-battery and auction paths (so the sweeps below cover them)", () => {
    const registered = new Set(h.app.routeList.map((r) => `${r.method} ${r.url}`));
    const va = "/organisations/:organisationID/virtual-assets/:virtualAssetID";
    const expected = [
      `GET ${va}/state-of-energy/latest`,
      `GET ${va}/state-of-energy/projected`,
      `GET ${va}/state-of-charge`,
      `GET ${va}/state-of-charge/latest`,
      `GET ${va}/state-of-charge/projected`,
      `GET ${va}/energy-capacity`,
      `GET ${va}/operational`,
      `GET ${va}/operational/latest`,
      `GET ${va}/blocks/:blockID/operational`,
      `GET ${va}/blocks/:blockID/operational/latest`,
      "GET /auctions",
      "GET /auctions/:auctionID",
      "POST /auctions/:auctionID/bids",
      "GET /organisations/:organisationID/auctions",
      "GET /organisations/:organisationID/auctions/:auctionID",
      "POST /organisations/:organisationID/auctions/:auctionID/bids",
    ];
    expect(expected.filter((r) => !registered.has(r))).toEqual([]);
    const auctions = h.app.routeList.filter((r) => r.url.startsWith("/auctions"));
    expect(auctions.every((r) => r.auth === "provider")).toBe(true);
  });

  it("refuses every protected route without a valid token", async () => {
    const protectedRoutes = h.app.routeList.filter((r) => r.auth !== undefined && r.auth !== "public");
    for (const route of protectedRoutes) {
      const url = concrete(route.url, "some-org");
      for (const headers of [{}, { authorization: "Bearer not.a.token" }, { authorization: "Basic abc" }]) {
        const res = await h.app.inject({
          method: route.method as "GET",
          url,
          headers,
          payload: route.method === "GET" ? undefined : {},
        });
        expect(res.statusCode, `${route.method} ${url} ${JSON.stringify(headers)}`).toBe(401);
        // HEAD (Fastify adds one per GET) answers the same status with no body, as HTTP requires.
        if (route.method === "HEAD") expect(res.body).toBe("");
        else expect(res.json()).toMatchObject({ error: "unauthorized" });
      }
    }
  });

  it("answers 403 forbidden to the wrong role on every role-restricted route", async () => {
    const provider = await h.org("provider");
    const systemOperator = await h.org("system_operator");
    const restricted = h.app.routeList.filter((r) => r.auth === "provider" || r.auth === "system_operator");
    expect(restricted.length).toBeGreaterThan(0);
    for (const route of restricted) {
      const wrong = route.auth === "provider" ? systemOperator : provider;
      const url = concrete(route.url, wrong.id);
      const res = await h.app.inject({
        method: route.method as "GET",
        url,
        headers: wrong.auth,
        payload: route.method === "GET" || route.method === "HEAD" ? undefined : {},
      });
      expect(res.statusCode, `${route.method} ${url} as ${wrong === provider ? "provider" : "system operator"}`).toBe(
        403,
      );
      if (route.method !== "HEAD") expect(res.json().error).toBe("forbidden");
    }
  });

  it("answers 404 to another organisation on every organisation-scoped route", async () => {
    const owner = await h.org("provider");
    const stranger = await h.org("provider");
    const scoped = h.app.routeList.filter((r) => r.url.includes(":organisationID"));
    for (const route of scoped) {
      const url = concrete(route.url, owner.id);
      const res = await h.app.inject({
        method: route.method as "GET",
        url,
        headers: stranger.auth,
        payload: route.method === "GET" ? undefined : {},
      });
      expect(res.statusCode, `${route.method} ${url}`).toBe(404);
    }
  });

  it("ignores unknown query parameters and body fields on every compatible route", async () => {
    const provider = await h.org("provider");
    const systemOperator = await h.org("system_operator");
    const compatible = h.app.routeList.filter(
      (r) => wireDialectOf(r.url) === "compatible" && r.method !== "HEAD" && r.auth !== undefined,
    );
    expect(compatible.length).toBeGreaterThan(20);
    for (const route of compatible) {
      const who = route.auth === "system_operator" ? systemOperator : provider;
      const url = `${concrete(route.url, who.id)}?zz_unknown=1`;
      const res = await h.app.inject({
        method: route.method as "GET",
        url,
        headers: who.auth,
        payload: route.method === "GET" ? undefined : { zz_unknown: 1 },
      });
      expect(res.statusCode, `${route.method} ${url}`).toBeLessThan(500);
      expect(res.body, `${route.method} ${url}`).not.toContain("zz_unknown");
    }
  });

  it("answers a Piclo path without its trailing slash: 301 for GET, else 404 naming the slashed path", async () => {
    const piclo = h.app.routeList.filter((r) => isPicloPath(r.url) && r.method !== "HEAD");
    expect(piclo.length).toBeGreaterThan(10);
    for (const route of piclo) {
      const slashed = concrete(route.url, "some-org");
      const url = slashed.slice(0, -1);
      const res = await h.app.inject({ method: route.method as "GET", url: `${url}?a=1` });
      if (route.method === "GET") {
        expect(res.statusCode, `GET ${url}`).toBe(301);
        expect(res.headers.location).toBe(`${slashed}?a=1`);
      } else {
        expect(res.statusCode, `${route.method} ${url}`).toBe(404);
        expect(res.json().message).toContain(`${route.method} ${slashed}`);
      }
    }
  });

  it("answers an expired token with 401 token_expired", async () => {
    const owner = await h.org("provider");
    const { token } = await h.token(owner.id, "provider");
    h.wallClock.advance(2 * 3600 * 1000);
    const route = h.app.routeList.find((r) => r.auth !== undefined && r.auth !== "public" && r.method === "GET");
    if (!route) return;
    const res = await h.app.inject({
      method: "GET",
      url: concrete(route.url, owner.id),
      headers: { authorization: `Bearer ${token}` },
    });
    h.wallClock.advance(-2 * 3600 * 1000);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe("token_expired");
  });
});
