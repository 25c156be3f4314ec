import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emitEvent } from "../db/repositories/webhooks.js";
import { claimDueDeliveries, recordAttempt } from "../db/repositories/webhooks-deliveries.js";
import type { Deps } from "../deps.js";
import { HOUR_MS } from "../domain/time.js";
import { seededRandom } from "../domain/webhooks/backoff.js";
import { verifyWebhook } from "../sdk/webhooks.js";
import { createHarness, DIALECTS, type Harness } from "../testing/harness.js";
import { deliveriesOf, freshAuth, type Receiver, startReceiver, subscribe } from "../testing/webhooks-receiver.js";
import { deliverDue, type ResolveHost, storedBody } from "./webhook-delivery.js";

describe("storedBody", () => {
  it("keeps at most 1 KiB, cut on a UTF-8 character boundary, without NUL characters", () => {
    expect(storedBody(Buffer.from("a".repeat(5000)))).toHaveLength(1024);
    const euros = Buffer.from("€".repeat(400)); // 3 bytes each: 1024 falls inside a character
    const kept = storedBody(euros);
    expect(Buffer.byteLength(kept)).toBeLessThanOrEqual(1024);
    expect(kept).toBe("€".repeat(341));
    expect(storedBody(Buffer.from("a\u0000b"))).toBe("ab");
  });
});

describe.each(DIALECTS)("webhook delivery worker (%s)", (dialect) => {
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
  afterEach(() => {
    receiver.respond = () => ({ status: 200 });
  });

  const withConfig = (overrides: Partial<Deps["config"]>): Deps => ({
    ...h.deps,
    config: { ...h.deps.config, ...overrides },
  });
  const emit = async (organisationId: string, data: unknown = { id: "c1" }) =>
    emitEvent(h.db.kysely, { organisationId, type: "competition.opened", data, at: h.clock.now() });

  it("retries with back-off until the receiver succeeds, same id and body, each signature valid", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url);
    const start = receiver.received.length;
    receiver.respond = (n) => (n - start < 3 ? { status: 500, body: "down" } : { status: 204 });
    const { eventId } = await emit(org.id, { id: "c1", name: "Winter" });
    const random = seededRandom(1);

    const seen: string[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const summary = await deliverDue(h.deps, h.clock.now(), { random });
      expect(summary.claimed, `attempt ${attempt}`).toBe(1);
      // Nothing more is due until the scheduled instant.
      expect((await deliverDue(h.deps, h.clock.now(), { random })).claimed).toBe(0);
      const [d] = await deliveriesOf(h, org, sub.id);
      expect(d!.attempts).toBe(attempt);
      if (attempt < 4) {
        expect(d).toMatchObject({ status: "pending", last_response_code: 500, last_response_body: "down" });
        seen.push(d!.next_attempt_at!);
        const wait = Date.parse(d!.next_attempt_at!) - h.clock.now();
        const nominal = 30_000 * 2 ** (attempt - 1);
        expect(wait).toBeGreaterThanOrEqual(nominal * 0.8);
        expect(wait).toBeLessThanOrEqual(nominal * 1.2);
        h.clock.advance(wait - 1000);
        expect((await deliverDue(h.deps, h.clock.now(), { random })).claimed).toBe(0);
        h.clock.advance(1000);
        h.wallClock.advance(wait);
      } else {
        expect(d).toMatchObject({ status: "succeeded", last_response_code: 204, next_attempt_at: null });
      }
    }
    const got = receiver.received.slice(start);
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.headers["webhook-id"]))).toEqual(new Set([eventId]));
    expect(new Set(got.map((r) => r.body)).size).toBe(1);
    for (const r of got) {
      const ts = Number(r.headers["webhook-timestamp"]) * 1000;
      const event = verifyWebhook(sub.secret, r.headers as Record<string, string>, r.body, { now: ts });
      expect(event).toMatchObject({ id: eventId, type: "competition.opened", data: { id: "c1", name: "Winter" } });
    }
    // Timestamps follow real time (receivers check them against their own clock): each attempt is signed anew.
    expect(new Set(got.map((r) => r.headers["webhook-timestamp"])).size).toBe(4);
  });

  it("gives up 24 h after the event and marks the subscription failing; a later success clears it", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url);
    receiver.respond = () => ({ status: 503 });
    const emittedAt = h.clock.now();
    await emit(org.id);
    const random = seededRandom(2);
    let attempts = 0;
    for (let guard = 0; guard < 30; guard++) {
      await deliverDue(h.deps, h.clock.now(), { random });
      attempts++;
      const [d] = await deliveriesOf(h, org, sub.id);
      if (d!.status !== "pending") {
        expect(d).toMatchObject({ status: "failed", next_attempt_at: null, last_response_code: 503 });
        break;
      }
      h.clock.set(Date.parse(d!.next_attempt_at!));
    }
    expect(h.clock.now()).toBe(emittedAt + 24 * HOUR_MS);
    expect(attempts).toBeGreaterThanOrEqual(12);
    expect(attempts).toBeLessThanOrEqual(16);
    const failing = await h.app.inject({
      method: "GET",
      url: `/webhooks/v1/${sub.id}/`,
      headers: await freshAuth(h, org),
    });
    expect(failing.json().status).toBe("failing");

    // A failing subscription still receives new events; a success marks it active again.
    receiver.respond = () => ({ status: 200 });
    await emit(org.id);
    expect(await deliverDue(h.deps, h.clock.now())).toMatchObject({ claimed: 1, succeeded: 1 });
    const back = await h.app.inject({
      method: "GET",
      url: `/webhooks/v1/${sub.id}/`,
      headers: await freshAuth(h, org),
    });
    expect(back.json().status).toBe("active");
  });

  it("waits real time between attempts under a fast simulated clock (30 s back-off = 5 h at 600 ×)", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url);
    receiver.respond = () => ({ status: 500 });
    const emittedAt = h.clock.now();
    await emit(org.id);
    const fast: Deps = { ...h.deps, clock: { now: () => h.clock.now(), speed: 600 } };
    const wallBefore = h.wallClock.now();
    h.wallClock.advance(7_000);
    expect((await deliverDue(fast, h.clock.now(), { random: () => 0.5 })).retrying).toBe(1);
    const [d] = await deliveriesOf(h, org, sub.id);
    expect(Date.parse(d!.next_attempt_at!) - h.clock.now()).toBe(30_000 * 600);
    // the signature's timestamp is real time, not the market's
    const last = receiver.received[receiver.received.length - 1]!;
    expect(Number(last.headers["webhook-timestamp"])).toBe(Math.floor((wallBefore + 7_000) / 1000));
    // the retry window (24 h) is real time too: 24 market hours later it is not over
    h.clock.set(emittedAt + 24 * HOUR_MS);
    expect((await deliverDue(fast, h.clock.now(), { random: () => 0.5 })).retrying).toBe(1);
    h.clock.set(emittedAt);
    await h.db.kysely
      .updateTable("webhook_deliveries")
      .set({ status: "failed", next_attempt_at: null })
      .where("subscription_id", "=", sub.id)
      .execute();
  });

  it("stores at most 1 KiB of the response body", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url);
    receiver.respond = () => ({ status: 500, body: `${"x".repeat(5000)}\u0000` });
    await emit(org.id);
    await deliverDue(h.deps, h.clock.now());
    const [d] = await deliveriesOf(h, org, sub.id);
    expect(d!.last_response_body).toBe("x".repeat(1024));
  });

  it("does not follow redirects: a 3xx is a failed attempt", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url);
    const start = receiver.received.length;
    receiver.respond = (_n, req) =>
      req.path === "/hooks" ? { status: 302, headers: { location: "/elsewhere" } } : { status: 200 };
    await emit(org.id);
    expect(await deliverDue(h.deps, h.clock.now())).toMatchObject({ claimed: 1, retrying: 1 });
    expect(receiver.received.slice(start).map((r) => r.path)).toEqual(["/hooks"]);
    const [d] = await deliveriesOf(h, org, sub.id);
    expect(d).toMatchObject({ status: "pending", last_response_code: 302, last_error: "redirects are not followed" });
  });

  it("times out a receiver that does not answer and retries later", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url);
    receiver.respond = () => "hang";
    await emit(org.id);
    const t = Date.now();
    expect(await deliverDue(h.deps, h.clock.now(), { timeoutMs: 300 })).toMatchObject({ retrying: 1 });
    expect(Date.now() - t).toBeLessThan(5000);
    const [d] = await deliveriesOf(h, org, sub.id);
    expect(d).toMatchObject({ status: "pending", last_response_code: null, last_error: "no response within 0.3 s" });
  });

  it("records a refused connection as a failed attempt", async () => {
    const org = await h.org("provider");
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    const sub = await subscribe(h, org, url);
    await emit(org.id);
    await deliverDue(h.deps, h.clock.now());
    const [d] = await deliveriesOf(h, org, sub.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1, last_error: "connection refused" });
  });

  it("checks resolved addresses at delivery time (DNS rebinding) unless private addresses are allowed", async () => {
    const org = await h.org("provider");
    const host = `hooks.example.com:${receiver.port}`;
    const sub = await subscribe(h, org, `http://${host}/hooks`);
    const rebinding: ResolveHost = async () => [{ address: "127.0.0.1", family: 4 }];
    const mixed: ResolveHost = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ];
    const start = receiver.received.length;
    const strict = withConfig({ webhookAllowPrivate: false });
    await emit(org.id);
    await deliverDue(strict, h.clock.now(), { resolve: rebinding });
    let [d] = await deliveriesOf(h, org, sub.id);
    expect(d!.last_error).toBe("hooks.example.com resolves to 127.0.0.1, which is not a public address");
    h.clock.set(Date.parse(d!.next_attempt_at!));
    await deliverDue(strict, h.clock.now(), { resolve: mixed });
    [d] = await deliveriesOf(h, org, sub.id);
    expect(d!.last_error).toContain("10.0.0.7");
    expect(receiver.received.length).toBe(start); // nothing reached the private address

    // The same resolver with the flag on: the request goes through (so the resolver is what the socket used).
    h.clock.set(Date.parse(d!.next_attempt_at!));
    await deliverDue(h.deps, h.clock.now(), { resolve: rebinding });
    [d] = await deliveriesOf(h, org, sub.id);
    expect(d).toMatchObject({ status: "succeeded", attempts: 3 });
    expect(receiver.received[start]!.headers.host).toBe(host);
  });

  it("checks a literal address again at delivery time", async () => {
    const org = await h.org("provider");
    const sub = await subscribe(h, org, receiver.url); // allowed when created
    const start = receiver.received.length;
    await emit(org.id);
    await deliverDue(withConfig({ webhookAllowPrivate: false }), h.clock.now());
    const [d] = await deliveriesOf(h, org, sub.id);
    expect(d).toMatchObject({ status: "pending", last_response_code: null });
    expect(d!.last_error).toContain("not a public address");
    expect(receiver.received.length).toBe(start);
  });

  it("never delivers the same attempt twice when workers run at once", async () => {
    const org = await h.org("provider");
    await subscribe(h, org, receiver.url);
    const start = receiver.received.length;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await emit(org.id, { i })).eventId);
    const runs = await Promise.all(
      [0, 1, 2].map(() => deliverDue(h.deps, h.clock.now(), { limit: 5, concurrency: 2 })),
    );
    const again = await deliverDue(h.deps, h.clock.now());
    expect(runs.reduce((n, r) => n + r.claimed, 0) + again.claimed).toBe(12);
    const got = receiver.received.slice(start).map((r) => r.headers["webhook-id"]);
    expect(got.sort()).toEqual([...ids].sort());
  });

  it("starts an attempt only while its lease covers the timeout; the rest of the batch is given back unsent", async () => {
    const own = await createHarness(dialect, { webhookAllowPrivate: true });
    try {
      const org = await own.org("provider");
      const sub = await subscribe(own, org, receiver.url);
      receiver.respond = () => "hang";
      for (let i = 0; i < 3; i++) {
        await emitEvent(own.db.kysely, {
          organisationId: org.id,
          type: "competition.opened",
          data: { i },
          at: own.clock.now(),
        });
      }
      const start = receiver.received.length;
      // One at a time, 300 ms each: the third could only start ≥ 600 ms into an 800 ms lease and end after it.
      const summary = await deliverDue(own.deps, own.clock.now(), { timeoutMs: 300, leaseMs: 800, concurrency: 1 });
      expect(summary).toMatchObject({ claimed: 3, retrying: 2, released: 1 });
      expect(receiver.received.length - start).toBe(2);
      const list = await deliveriesOf(own, org, sub.id);
      expect(list.map((d) => d.attempts).sort()).toEqual([0, 1, 1]);
      // The released one is due again at once, uncounted.
      receiver.respond = () => ({ status: 200 });
      expect(await deliverDue(own.deps, own.clock.now())).toMatchObject({ claimed: 1, succeeded: 1 });
    } finally {
      await own.close();
    }
  });

  // Its own harness: the shared one holds other tests' pending retries, which a worker would rightly claim too.
  it("fences a worker whose lease expired: only the new lease holder records the outcome", async () => {
    const own = await createHarness(dialect, { webhookAllowPrivate: true });
    try {
      const org = await own.org("provider");
      const sub = await subscribe(own, org, receiver.url);
      await emitEvent(own.db.kysely, {
        organisationId: org.id,
        type: "competition.opened",
        data: { id: "c1" },
        at: own.clock.now(),
      });
      const [stale] = await claimDueDeliveries(own.db.kysely, { now: own.clock.now(), leaseMs: 60_000, limit: 10 });
      expect(stale).toBeDefined();
      // Within the lease nobody else takes it.
      expect((await deliverDue(own.deps, own.clock.now() + 59_000)).claimed).toBe(0);
      own.clock.advance(60_000);
      const [fresh] = await claimDueDeliveries(own.db.kysely, { now: own.clock.now(), leaseMs: 60_000, limit: 10 });
      expect(fresh).toMatchObject({ id: stale!.id, attempts: 2 });
      expect(fresh!.leaseId).not.toBe(stale!.leaseId);
      const outcome = (code: number, next: "give_up" | "succeeded") => ({
        at: own.clock.now(),
        responseCode: code,
        responseBody: String(code),
        error: null,
        next: { kind: next },
      });
      // The old holder finishes while the new one is still sending: it is fenced off.
      expect(await recordAttempt(own.db.kysely, stale!, outcome(500, "give_up"))).toBe(false);
      let [d] = await deliveriesOf(own, org, sub.id);
      expect(d).toMatchObject({ status: "pending", attempts: 2, last_response_code: null });
      expect(await recordAttempt(own.db.kysely, fresh!, outcome(200, "succeeded"))).toBe(true);
      // …and after the new holder has recorded, too.
      expect(await recordAttempt(own.db.kysely, stale!, outcome(500, "give_up"))).toBe(false);
      [d] = await deliveriesOf(own, org, sub.id);
      expect(d).toMatchObject({ status: "succeeded", attempts: 2, last_response_code: 200 });
      const got = await own.app.inject({ method: "GET", url: `/webhooks/v1/${sub.id}/`, headers: org.auth });
      expect(got.json().status).toBe("active");
    } finally {
      await own.close();
    }
  });
});
