import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../admin/organisations.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { call, competitionBody, type DecidedMarket, ok, setupDecidedMarket } from "../marketplace/test-support.js";

type Entry = { action: string; object_id: string; actor_type: string; actor_id: string | null; request_id: string };

describe.each(DIALECTS)("audit trail, happy path (%s)", (dialect) => {
  let h: Harness;
  let m: DecidedMarket;
  beforeAll(async () => {
    h = await createHarness(dialect);
    m = await setupDecidedMarket(h);
  });
  afterAll(() => h.close());

  it("the system operator reads its competition's history, newest first, with who and which request", async () => {
    const res = await call(h, "GET", "/so/v1/audit/", m.so);
    expect(res.status).toBe(200);
    const entries = res.body as Entry[];
    expect(entries.map((e) => e.action)).toEqual([
      "results.published",
      "bid.decided",
      "bid.decided",
      "competition.qualified",
      "competition.published",
      "competition.created",
    ]);
    expect(res.headers["x-total-count"]).toBe("6");
    expect(entries[0]).toMatchObject({
      object_id: m.competitionId,
      organisation_id: m.so.id,
      actor_type: "credential",
      actor_id: `test-${m.so.id}`,
      detail: { accepted: 1, rejected: 1 },
    });
    expect(entries[1]).toMatchObject({
      action: "bid.decided",
      object_id: m.rejectedBidId,
      detail: { status: "rejected" },
    });
    expect(Date.parse((entries[0] as unknown as { at: string }).at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("the provider reads its entries and ballots, with the request id the response carried", async () => {
    const entries = (await ok(h, "GET", "/audit/v1/", m.provider)) as Entry[];
    expect(entries.map((e) => e.action)).toEqual([
      "ballot.placed",
      "qualification.entry_changed",
      "qualification.entry_changed",
      "qualification.entry_changed",
    ]);
    expect(entries[0]).toMatchObject({ object_id: m.ballotId, detail: { competition_id: m.competitionId } });
    expect(entries[0]!.request_id).toMatch(/^[\w.-]+$/);
  });

  it("records the request id a client sent: a draft created and edited", async () => {
    const created = await h.app.inject({
      method: "POST",
      url: "/so/v1/competitions/",
      headers: { ...(await soAuth()), "x-request-id": "trace-41" },
      payload: competitionBody({ reference: "AUDIT_DRAFT" }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const edited = await h.app.inject({
      method: "PATCH",
      url: `/so/v1/competitions/${id}/`,
      headers: { ...(await soAuth()), "x-request-id": "trace-42" },
      payload: { name: "renamed" },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const entries = (await ok(h, "GET", "/so/v1/audit/?limit=2", m.so)) as Entry[];
    expect(entries.map((e) => [e.action, e.object_id, e.request_id])).toEqual([
      ["competition.edited", id, "trace-42"],
      ["competition.created", id, "trace-41"],
    ]);
  });

  it("webhook subscriptions created and deleted", async () => {
    const sub = await ok(h, "POST", "/webhooks/v1/", m.provider, {
      url: "https://example.com/hook",
      events: ["bid_result.published"],
    });
    const del = await h.app.inject({ method: "DELETE", url: `/webhooks/v1/${sub.id}/`, headers: await providerAuth() });
    expect(del.statusCode).toBe(204);
    const entries = (await ok(h, "GET", "/audit/v1/?limit=2", m.provider)) as Entry[];
    expect(entries.map((e) => [e.action, e.object_id])).toEqual([
      ["webhook_subscription.deleted", sub.id],
      ["webhook_subscription.created", sub.id],
    ]);
  });

  it("a credential created, then used from an address it had not used before (once per address)", async () => {
    const key = await createApiKey(
      { db: h.db, now: h.clock.now(), hashCost: "low" },
      { organisationId: m.provider.id },
    );
    for (let i = 0; i < 2; i++) {
      const res = await call(h, "POST", "/authtoken/v1/", undefined, { client_id: key.clientId, api_key: key.apiKey });
      expect(res.status).toBe(200);
    }
    const entries = (await ok(h, "GET", "/audit/v1/?limit=3", m.provider)) as Entry[];
    expect(entries.slice(0, 2).map((e) => [e.action, e.object_id, e.actor_type])).toEqual([
      ["credential.used_from_new_address", key.clientId, "credential"],
      ["credential.created", key.clientId, "operator"],
    ]);
    expect(entries[0]).toMatchObject({ detail: { address: "127.0.0.1" } });
  });

  it("`since` and paging select entries", async () => {
    const all = await call(h, "GET", "/so/v1/audit/", m.so);
    const page = await call(h, "GET", "/so/v1/audit/?limit=2&offset=1", m.so);
    expect(page.headers["x-total-count"]).toBe(all.headers["x-total-count"]);
    expect(page.body).toEqual((all.body as Entry[]).slice(1, 3));
    const future = await call(h, "GET", `/so/v1/audit/?since=${new Date(Date.now() + 60_000).toISOString()}`, m.so);
    expect(future.body).toEqual([]);
    expect(future.headers["x-total-count"]).toBe("0");
  });

  async function soAuth() {
    return (await h.token(m.so.id, "system_operator")).auth;
  }
  async function providerAuth() {
    return (await h.token(m.provider.id, "provider")).auth;
  }
});
