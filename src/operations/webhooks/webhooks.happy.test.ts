import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toIso } from "../../domain/time.js";
import { deliverDue } from "../../engine/webhook-delivery.js";
import { verifyWebhook } from "../../sdk/webhooks.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { deliveriesOf, type Receiver, startReceiver, subscribe } from "../../testing/webhooks-receiver.js";

describe.each(DIALECTS)("webhooks, happy (%s)", (dialect) => {
  let h: Harness;
  let receiver: Receiver;
  beforeAll(async () => {
    h = await createHarness(dialect, { webhookAllowPrivate: true });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await h.close();
  });

  it("creates a subscription and shows its whsec_ secret once", async () => {
    const org = await h.org("provider");
    const res = await h.app.inject({
      method: "POST",
      url: "/webhooks/v1/",
      headers: org.auth,
      payload: { url: receiver.url, events: ["competition.opened", "obligation.created"], description: "ops" },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      url: receiver.url,
      events: ["competition.opened", "obligation.created"],
      description: "ops",
      status: "active",
      created: "2026-06-01T08:00:00Z",
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    expect(res.headers.location).toBe(`/webhooks/v1/${body.id}/`);
    expect(res.headers["cache-control"]).toBe("no-store");

    const one = await h.app.inject({ method: "GET", url: `/webhooks/v1/${body.id}/`, headers: org.auth });
    expect(one.statusCode).toBe(200);
    const { secret: _secret, ...withoutSecret } = body;
    expect(one.json()).toEqual(withoutSecret);
    expect(one.body).not.toContain(body.secret);

    const list = await h.app.inject({ method: "GET", url: "/webhooks/v1/", headers: org.auth });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([withoutSecret]);
    expect(list.headers["x-total-count"]).toBe("1");
    expect(list.body).not.toContain("whsec_");
  });

  it("lets system operators subscribe too, description optional", async () => {
    const so = await h.org("system_operator");
    const res = await h.app.inject({
      method: "POST",
      url: "/webhooks/v1/",
      headers: so.auth,
      payload: { url: "https://hooks.example.com/flex", events: ["competition.closed"] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ description: "", url: "https://hooks.example.com/flex" });
  });

  it("pages the list with limit and offset, total in X-Total-Count", async () => {
    const org = await h.org("provider");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await subscribe(h, org, `https://hooks.example.com/${i}`)).id);
      h.clock.advance(1000);
    }
    const page = await h.app.inject({ method: "GET", url: "/webhooks/v1/?limit=2&offset=1", headers: org.auth });
    expect(page.json().map((s: { id: string }) => s.id)).toEqual(ids.slice(1, 3));
    expect(page.headers["x-total-count"]).toBe("3");
  });

  it("deletes a subscription with its deliveries", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url);
    await h.app.inject({ method: "POST", url: `/webhooks/v1/${sub.id}/test`, headers: org.auth });
    const del = await h.app.inject({ method: "DELETE", url: `/webhooks/v1/${sub.id}/`, headers: org.auth });
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe("");
    expect((await h.app.inject({ method: "GET", url: `/webhooks/v1/${sub.id}/`, headers: org.auth })).statusCode).toBe(
      404,
    );
    const left = await h.db.kysely
      .selectFrom("webhook_deliveries")
      .select("id")
      .where("subscription_id", "=", sub.id)
      .execute();
    expect(left).toEqual([]);
    const before = receiver.received.length;
    await deliverDue(h.deps, h.clock.now());
    expect(receiver.received.length).toBe(before);
  });

  it("sends a signed ping on test, and lists the delivery", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url, ["obligation.created"]);
    const res = await h.app.inject({ method: "POST", url: `/webhooks/v1/${sub.id}/test`, headers: org.auth });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({
      event_type: "ping",
      status: "pending",
      attempts: 0,
      next_attempt_at: toIso(h.clock.now()),
      last_response_code: null,
    });

    const before = receiver.received.length;
    const summary = await deliverDue(h.deps, h.clock.now());
    expect(summary).toMatchObject({ claimed: 1, succeeded: 1 });
    const got = receiver.received[before]!;
    expect(got.method).toBe("POST");
    expect(got.headers["content-type"]).toBe("application/json");
    // signed at real time (receivers check the timestamp against their own clock), not the market's
    const event = verifyWebhook(sub.secret, got.headers as Record<string, string>, got.body, {
      now: h.wallClock.now(),
    });
    expect(event).toEqual({
      id: res.json().event_id,
      type: "ping",
      created: toIso(h.clock.now()),
      data: { subscription_id: sub.id },
    });
    expect(got.headers["webhook-id"]).toBe(res.json().event_id);
    expect(got.headers["webhook-timestamp"]).toBe(String(Math.floor(h.wallClock.now() / 1000)));

    const [delivery] = await deliveriesOf(h, org, sub.id);
    expect(delivery).toMatchObject({
      id: res.json().id,
      status: "succeeded",
      attempts: 1,
      last_response_code: 200,
      last_response_body: "ok",
      next_attempt_at: null,
      last_error: null,
    });
  });

  it("filters deliveries by status", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url);
    await h.app.inject({ method: "POST", url: `/webhooks/v1/${sub.id}/test`, headers: org.auth });
    await deliverDue(h.deps, h.clock.now());
    await h.app.inject({ method: "POST", url: `/webhooks/v1/${sub.id}/test`, headers: org.auth });
    const get = (status: string) =>
      h.app.inject({ method: "GET", url: `/webhooks/v1/${sub.id}/deliveries/?status=${status}`, headers: org.auth });
    expect((await get("pending")).json()).toHaveLength(1);
    expect((await get("succeeded")).json()).toHaveLength(1);
    expect((await get("failed")).json()).toHaveLength(0);
    expect((await get("pending")).headers["x-total-count"]).toBe("1");
    await deliverDue(h.deps, h.clock.now());
  });

  it("redelivers an event as a new delivery with the same webhook-id and body", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url);
    const ping = (await h.app.inject({ method: "POST", url: `/webhooks/v1/${sub.id}/test`, headers: org.auth })).json();
    const start = receiver.received.length;
    await deliverDue(h.deps, h.clock.now());
    h.clock.advance(60_000);
    const res = await h.app.inject({
      method: "POST",
      url: `/webhooks/v1/${sub.id}/deliveries/${ping.id}/redeliver`,
      headers: org.auth,
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ event_id: ping.event_id, status: "pending", attempts: 0 });
    expect(res.json().id).not.toBe(ping.id);
    await deliverDue(h.deps, h.clock.now());
    const [first, second] = receiver.received.slice(start);
    expect(second!.headers["webhook-id"]).toBe(first!.headers["webhook-id"]);
    expect(second!.body).toBe(first!.body);
    const list = await deliveriesOf(h, org, sub.id);
    expect(list.map((d) => [d.id, d.status])).toEqual([
      [res.json().id, "succeeded"],
      [ping.id, "succeeded"],
    ]);
  });
});
