/**
 * The system operator's competitions, security: 401 without a valid token; 403 for a provider; another system
 * operator's competition answers 404 on every route (and changes nothing) and never shows in its list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import { expectForeignNotFound, expectUnauthenticatedRejected, type RouteCase } from "../../testing/security.js";
import { type Actor, actor, call, competitionBody, ok, snapshot } from "./test-support.js";

describe.each(DIALECTS)("system operator competitions, security (%s)", (dialect) => {
  let h: Harness;
  let so: Actor;
  let draftId: string;
  let publishedId: string;
  let routes: RouteCase[];
  beforeAll(async () => {
    h = await createHarness(dialect);
    h.clock.set(T0);
    so = await actor(h, "system_operator");
    draftId = (await ok(h, "POST", "/so/v1/competitions/", so, competitionBody())).id;
    publishedId = (await ok(h, "POST", "/so/v1/competitions/", so, competitionBody())).id;
    await ok(h, "POST", `/so/v1/competitions/${publishedId}/publish/`, so);
    routes = [
      { method: "GET", url: `/so/v1/competitions/${draftId}/` },
      { method: "PATCH", url: `/so/v1/competitions/${draftId}/`, body: { name: "hijacked" } },
      { method: "POST", url: `/so/v1/competitions/${draftId}/publish/` },
      { method: "POST", url: `/so/v1/competitions/${publishedId}/qualify/` },
      { method: "GET", url: `/so/v1/competitions/${publishedId}/` },
    ];
  });
  afterAll(() => h.close());

  it("answers 401 without a token or with a garbage one, and stores nothing", async () => {
    const before = await snapshot(h);
    await expectUnauthenticatedRejected(h, { method: "POST", url: "/so/v1/competitions/", body: competitionBody() });
    await expectUnauthenticatedRejected(h, { method: "GET", url: "/so/v1/competitions/" });
    for (const route of routes) await expectUnauthenticatedRejected(h, route);
    expect(await snapshot(h)).toEqual(before);
  });

  it("answers 403 to a provider on every route", async () => {
    const provider = await actor(h, "provider");
    const before = await snapshot(h);
    for (const route of [
      { method: "POST", url: "/so/v1/competitions/", body: competitionBody() },
      { method: "GET", url: "/so/v1/competitions/" },
      ...routes,
    ] as RouteCase[]) {
      const res = await call(h, route.method as "GET", route.url, provider, route.body);
      expect(res.status, `${route.method} ${route.url}`).toBe(403);
      expect(res.body.error).toBe("forbidden");
    }
    expect(await snapshot(h)).toEqual(before);
  });

  it("answers 404 to another system operator for this one's competitions, and changes nothing", async () => {
    const rival = await h.org("system_operator");
    const before = await snapshot(h);
    for (const route of routes) await expectForeignNotFound(h, route, rival.auth);
    expect(await snapshot(h)).toEqual(before);
    const list = await call(h, "GET", "/so/v1/competitions/", rival.auth);
    expect(list.body).toEqual([]);
    expect(list.headers["x-total-count"]).toBe("0");
    expect((await ok(h, "GET", "/so/v1/competitions/", so)).length).toBe(2);
  });
});
