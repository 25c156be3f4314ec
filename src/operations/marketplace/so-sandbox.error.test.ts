import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { actor, call } from "./test-support.js";

describe.each(DIALECTS)("PUT /so/v1/sandbox/ — errors (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it.each([
    ["no body", undefined],
    ["enabled missing", {}],
    ["enabled not a boolean", { enabled: "true" }],
    ["enabled as a number", { enabled: 1 }],
    ["an unknown property", { enabled: true, extra: 1 }],
    ["an array", [true]],
  ])("answers 400 to %s and changes nothing", async (_, body) => {
    const so = await actor(h, "system_operator");
    const on = await h.app.inject({
      method: "PUT",
      url: "/so/v1/sandbox/",
      headers: await tokenOf(h, so.id),
      payload: { enabled: true },
    });
    expect(on.statusCode).toBe(200);
    const before = await h.db.kysely.selectFrom("dso_sandbox_settings").selectAll().execute();
    const res = await h.app.inject({
      method: "PUT",
      url: "/so/v1/sandbox/",
      headers: { ...(await tokenOf(h, so.id)), "content-type": "application/json" },
      payload: body === undefined ? "" : JSON.stringify(body),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    expect(await h.db.kysely.selectFrom("dso_sandbox_settings").selectAll().execute()).toEqual(before);
    expect((await call(h, "GET", "/so/v1/sandbox/", so)).body.enabled).toBe(true);
  });
});

async function tokenOf(h: Harness, id: string) {
  const { token } = await h.token(id, "system_operator");
  return { authorization: `Bearer ${token}` };
}
