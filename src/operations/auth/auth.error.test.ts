import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey, createUser } from "../../admin/organisations.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";

describe.each(DIALECTS)("auth, errors (%s)", (dialect) => {
  let h: Harness;
  let key: { clientId: string; apiKey: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    const orgId = (await h.org("provider")).id;
    const ctx = { db: h.db, now: h.clock.now(), hashCost: "low" as const };
    key = await createApiKey(ctx, { organisationId: orgId });
    await createUser(ctx, { organisationId: orgId, username: "bob", password: "long enough" });
  });
  afterAll(() => h.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    h.app.inject({ method: "POST", url, payload: payload as never, headers });

  it("rejects a wrong api_key and an unknown client_id alike", async () => {
    for (const body of [
      { client_id: key.clientId, api_key: "wrong" },
      { client_id: "nobody", api_key: key.apiKey },
    ]) {
      const res = await post("/authtoken/v1/", body);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({
        error: "invalid_credentials",
        message: "Unknown client_id or wrong api_key.",
      });
    }
  });

  it("names the missing field", async () => {
    const missing = await post("/authtoken/v1/", { client_id: key.clientId });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: "validation_failed", field: "api_key" });
    const missingPassword = await post("/auth/public/authenticate", { username: "bob", admin: true });
    expect(missingPassword.statusCode).toBe(400);
    expect(missingPassword.json()).toMatchObject({ error: "validation_failed", field: "password" });
    const wrongType = await post("/authtoken/v1/", { client_id: 5, api_key: "x" });
    expect(wrongType.json()).toMatchObject({ error: "validation_failed", field: "client_id" });
  });

  it("answers malformed JSON with 400 invalid_json, never a 500", async () => {
    const res = await post("/authtoken/v1/", "{not json", { "content-type": "application/json" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe("invalid_json");
    expect(res.json().requestId).toBeTypeOf("string");
  });

  it("rejects a wrong password, a refresh token used as access, and an access token used to refresh", async () => {
    expect((await post("/auth/public/authenticate", { username: "bob", password: "nope" })).statusCode).toBe(401);
    const ok = (await post("/auth/public/authenticate", { username: "bob", password: "long enough" })).json();
    const asRefresh = await post("/auth/public/refresh", { refresh_token: ok.access_token });
    expect(asRefresh.statusCode).toBe(401);
    const idAsAccess = await h.deps.tokens.verify(ok.id_token, "access");
    expect(idAsAccess.ok).toBe(false);
    const refreshAsAccess = await h.deps.tokens.verify(ok.refresh_token, "access");
    expect(refreshAsAccess.ok).toBe(false);
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await h.app.inject({ url: "/no/such/route" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: "not_found" });
  });
});
