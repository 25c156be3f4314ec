import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { type Actor, actor, call, ok } from "./test-support.js";

describe.each(DIALECTS)("GET/PUT /so/v1/sandbox/ — security (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it("needs a token (401)", async () => {
    expect((await call(h, "GET", "/so/v1/sandbox/", undefined)).status).toBe(401);
    expect((await put(h, undefined, { enabled: true })).status).toBe(401);
  });

  it("refuses a provider (403) and stores nothing", async () => {
    const provider = await actor(h, "provider");
    const get = await call(h, "GET", "/so/v1/sandbox/", provider);
    expect(get.status).toBe(403);
    const res = await put(h, provider, { enabled: true });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe("forbidden");
    const rows = await h.db.kysely
      .selectFrom("dso_sandbox_settings")
      .selectAll()
      .where("organisation_id", "=", provider.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it("keeps each system operator's setting its own", async () => {
    const a = await actor(h, "system_operator");
    const b = await actor(h, "system_operator");
    await putOk(h, a, { enabled: true });
    expect((await ok(h, "GET", "/so/v1/sandbox/", a)).enabled).toBe(true);
    expect((await ok(h, "GET", "/so/v1/sandbox/", b)).enabled).toBe(false);
  });
});

async function put(h: Harness, who: Actor | undefined, payload: unknown) {
  const headers: Record<string, string> = {};
  if (who !== undefined) {
    const { token } = await h.token(who.id, who.role);
    headers.authorization = `Bearer ${token}`;
  }
  const res = await h.app.inject({ method: "PUT", url: "/so/v1/sandbox/", headers, payload: payload as never });
  return { status: res.statusCode, body: res.json() };
}

async function putOk(h: Harness, who: Actor, payload: unknown) {
  const res = await put(h, who, payload);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
