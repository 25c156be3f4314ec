import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createUser } from "../../admin/organisations.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";

describe.each(DIALECTS)("auth, happy path (%s)", (dialect) => {
  let h: Harness;
  let key: { clientId: string; apiKey: string };
  let orgId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    orgId = (await h.org("provider")).id;
    const ctx = { db: h.db, now: h.clock.now(), hashCost: "low" as const };
    key = await createApiKey(ctx, { organisationId: orgId });
    await createUser(ctx, { organisationId: orgId, username: "alice", password: "correct horse" });
  });
  afterAll(() => h.close());

  it("exchanges client_id and api_key for a token carrying the organisation", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/authtoken/v1/",
      payload: { client_id: key.clientId, api_key: key.apiKey },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.expires_in).toBe(3600);
    const verified = await h.deps.tokens.verify(body.token, "access");
    expect(verified).toEqual({
      ok: true,
      principal: { subject: key.clientId, organisationId: orgId, role: "provider", credential: "key" },
      tokenId: undefined,
    });
  });

  it("signs a user in with the virtual-battery token shape, and refreshes", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/auth/public/authenticate",
      payload: { username: "alice", password: "correct horse" },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(
      ["access_token", "expires_in", "id_token", "refresh_token", "scope", "token_type"].sort(),
    );
    expect(body.token_type).toBe("Bearer");
    expect(Number.isInteger(body.expires_in)).toBe(true);
    h.wallClock.advance(2 * 3600 * 1000); // the access token has expired; the refresh token has not
    const refreshed = await h.app.inject({
      method: "POST",
      url: "/auth/public/refresh",
      payload: { refresh_token: body.refresh_token },
    });
    expect(refreshed.statusCode).toBe(200);
    const verified = await h.deps.tokens.verify(refreshed.json().access_token, "access");
    expect(verified.ok).toBe(true);
  });

  it("stores only argon2 hashes of secrets", async () => {
    // (the harness's own `test-…` keys have no secret at all)
    const keys = await h.db.kysely
      .selectFrom("api_keys")
      .select("secret_hash")
      .where("id", "not like", "test-%")
      .execute();
    const users = await h.db.kysely.selectFrom("users").select("password_hash").execute();
    for (const { secret_hash } of keys) expect(secret_hash).toMatch(/^\$argon2id\$/);
    for (const { password_hash } of users) expect(password_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(keys)).not.toContain(key.apiKey);
  });

  it("serves health, readiness and the OpenAPI 3.1 document", async () => {
    expect((await h.app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await h.app.inject({ url: "/readyz" })).json()).toEqual({ status: "ok" });
    const doc = (await h.app.inject({ url: "/openapi.json" })).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/authtoken/v1/"].post).toBeDefined();
    expect((await h.app.inject({ url: "/docs/" })).statusCode).toBe(200);
  });
});
