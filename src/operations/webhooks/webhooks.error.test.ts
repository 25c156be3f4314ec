import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { subscribe } from "../../testing/webhooks-receiver.js";
import { MAX_SUBSCRIPTIONS } from "./subscriptions.js";

describe.each(DIALECTS)("webhooks, errors (%s)", (dialect) => {
  let h: Harness;
  let org: Awaited<ReturnType<Harness["org"]>>;
  beforeAll(async () => {
    h = await createHarness(dialect); // webhookAllowPrivate is off, as in production
    org = await h.org("provider");
  });
  afterAll(() => h.close());

  const create = (payload: unknown, who = org) =>
    h.app.inject({ method: "POST", url: "/webhooks/v1/", headers: who.auth, payload: payload as object });
  const count = async () =>
    Number(
      (
        await h.db.kysely
          .selectFrom("webhook_subscriptions")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("organisation_id", "=", org.id)
          .executeTakeFirst()
      )?.n,
    );

  it("refuses URLs that are not absolute http(s) URLs, naming the field", async () => {
    for (const url of ["not a url", "ftp://example.com/x", "file:///etc/passwd", "https://u:p@example.com/"]) {
      const res = await create({ url, events: ["competition.opened"] });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({ error: "webhook_url_invalid", field: "url" });
    }
    expect(await count()).toBe(0);
  });

  it("refuses private, loopback, link-local and unspecified destinations without the flag", async () => {
    for (const url of [
      "http://127.0.0.1:8080/",
      "http://localhost/",
      "http://10.1.2.3/",
      "http://192.168.0.10/",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]/",
      "http://[fe80::1]/",
      "http://0.0.0.0/",
      "http://2130706433/",
      "http://intranet/",
    ]) {
      const res = await create({ url, events: ["competition.opened"] });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({ error: "webhook_url_not_allowed", field: "url" });
    }
    expect(await count()).toBe(0);
  });

  it("validates events: at least one, known, not ping, no duplicates", async () => {
    const url = "https://hooks.example.com/x";
    const cases: Array<[unknown, string]> = [
      [[], "events"],
      [["competition.exploded"], "events[0]"],
      [["competition.opened", "ping"], "events[1]"],
      [["competition.opened", "competition.opened"], "events"],
      ["competition.opened", "events"],
    ];
    for (const [events, field] of cases) {
      const res = await create({ url, events });
      expect(res.statusCode, JSON.stringify(events)).toBe(400);
      expect(res.json(), JSON.stringify(events)).toMatchObject({ error: "validation_failed", field });
    }
  });

  it("validates the body's shape", async () => {
    const ok = { url: "https://hooks.example.com/x", events: ["competition.opened"] };
    const cases: Array<[unknown, string]> = [
      [{ events: ok.events }, "url"],
      [{ url: ok.url }, "events"],
      [{ ...ok, url: 42 }, "url"],
      [{ ...ok, url: "" }, "url"],
      [{ ...ok, description: "x".repeat(501) }, "description"],
      [{ ...ok, secret: "whsec_mine" }, "secret"],
      [{ ...ok, url: `https://example.com/${"a".repeat(2048)}` }, "url"],
    ];
    for (const [payload, field] of cases) {
      const res = await create(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json().field, JSON.stringify(payload).slice(0, 80)).toBe(field);
    }
    const raw = await h.app.inject({
      method: "POST",
      url: "/webhooks/v1/",
      headers: { ...org.auth, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(raw.statusCode).toBe(400);
    expect(raw.json().error).toBe("invalid_json");
    expect(await count()).toBe(0);
  });

  it(`allows at most ${MAX_SUBSCRIPTIONS} subscriptions per organisation`, async () => {
    const busy = await h.org("system_operator");
    for (let i = 0; i < MAX_SUBSCRIPTIONS; i++) await subscribe(h, busy, `https://hooks.example.com/${i}`);
    const res = await create({ url: "https://hooks.example.com/one-more", events: ["competition.opened"] }, busy);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("webhook_limit_reached");
    // Another organisation is not affected.
    const other = await h.org("provider");
    expect(
      (await create({ url: "https://hooks.example.com/x", events: ["obligation.created"] }, other)).statusCode,
    ).toBe(201);
  });

  it("answers 404 to unknown subscription and delivery ids", async () => {
    const sub = await subscribe(h, org, "https://hooks.example.com/known");
    const routes: Array<["GET" | "POST" | "DELETE", string]> = [
      ["GET", "/webhooks/v1/nope/"],
      ["DELETE", "/webhooks/v1/nope/"],
      ["POST", "/webhooks/v1/nope/test"],
      ["GET", "/webhooks/v1/nope/deliveries/"],
      ["POST", "/webhooks/v1/nope/deliveries/nope/redeliver"],
      ["POST", `/webhooks/v1/${sub.id}/deliveries/nope/redeliver`],
    ];
    for (const [method, url] of routes) {
      const res = await h.app.inject({ method, url, headers: org.auth });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error).toBe("not_found");
    }
  });

  it("validates the deliveries query", async () => {
    const sub = await subscribe(h, org, "https://hooks.example.com/q");
    for (const query of ["status=bogus", "limit=0", "limit=abc", "offset=-1", "colour=red"]) {
      const res = await h.app.inject({
        method: "GET",
        url: `/webhooks/v1/${sub.id}/deliveries/?${query}`,
        headers: org.auth,
      });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error).toBe("validation_failed");
    }
  });
});
