import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { expectForeignNotFound, expectUnauthenticatedRejected, type RouteCase } from "../../testing/security.js";
import { subscribe } from "../../testing/webhooks-receiver.js";

describe.each(DIALECTS)("webhooks, security (%s)", (dialect) => {
  let h: Harness;
  let owner: Awaited<ReturnType<Harness["org"]>>;
  let stranger: Awaited<ReturnType<Harness["org"]>>;
  let subId: string;
  let deliveryId: string;
  let routes: RouteCase[];

  beforeAll(async () => {
    h = await createHarness(dialect);
    owner = await h.org("provider");
    stranger = await h.org("system_operator");
    subId = (await subscribe(h, owner, "https://hooks.example.com/owner")).id;
    deliveryId = (await h.app.inject({ method: "POST", url: `/webhooks/v1/${subId}/test`, headers: owner.auth })).json()
      .id;
    routes = [
      { method: "POST", url: "/webhooks/v1/", body: { url: "https://hooks.example.com/x", events: ["ping"] } },
      { method: "GET", url: "/webhooks/v1/" },
      { method: "GET", url: `/webhooks/v1/${subId}/` },
      { method: "DELETE", url: `/webhooks/v1/${subId}/` },
      { method: "POST", url: `/webhooks/v1/${subId}/test` },
      { method: "GET", url: `/webhooks/v1/${subId}/deliveries/` },
      { method: "POST", url: `/webhooks/v1/${subId}/deliveries/${deliveryId}/redeliver` },
    ];
  });
  afterAll(() => h.close());

  it("refuses every webhook route without a valid token", async () => {
    for (const route of routes) await expectUnauthenticatedRejected(h, route);
  });

  it("answers 404 to another organisation and changes nothing", async () => {
    for (const route of routes.slice(2)) await expectForeignNotFound(h, route, stranger.auth);
    const still = await h.app.inject({ method: "GET", url: `/webhooks/v1/${subId}/`, headers: owner.auth });
    expect(still.statusCode).toBe(200);
    const deliveries = await h.db.kysely
      .selectFrom("webhook_deliveries")
      .select("id")
      .where("subscription_id", "=", subId)
      .execute();
    expect(deliveries).toHaveLength(1); // the stranger's test and redeliver added none
  });

  it("lists only the caller's own subscriptions", async () => {
    await subscribe(h, stranger, "https://hooks.example.com/stranger");
    const mine = await h.app.inject({ method: "GET", url: "/webhooks/v1/", headers: owner.auth });
    expect(mine.json().map((s: { id: string }) => s.id)).toEqual([subId]);
    expect(mine.headers["x-total-count"]).toBe("1");
  });

  it("does not reach a delivery through another subscription's path", async () => {
    const otherSub = (await subscribe(h, owner, "https://hooks.example.com/other")).id;
    const res = await h.app.inject({
      method: "POST",
      url: `/webhooks/v1/${otherSub}/deliveries/${deliveryId}/redeliver`,
      headers: owner.auth,
    });
    expect(res.statusCode).toBe(404);
  });

  it("never shows the secret after creation", async () => {
    const created = await subscribe(h, owner, "https://hooks.example.com/secret");
    for (const url of ["/webhooks/v1/", `/webhooks/v1/${created.id}/`, `/webhooks/v1/${created.id}/deliveries/`]) {
      const res = await h.app.inject({ method: "GET", url, headers: owner.auth });
      expect(res.body).not.toContain(created.secret);
      expect(res.body).not.toContain("whsec_");
    }
  });

  it("creates a fresh random secret for every subscription", async () => {
    const a = await subscribe(h, stranger, "https://hooks.example.com/a");
    const b = await subscribe(h, stranger, "https://hooks.example.com/b");
    expect(a.secret).not.toBe(b.secret);
    expect(Buffer.from(a.secret.slice(6), "base64")).toHaveLength(32);
  });
});
