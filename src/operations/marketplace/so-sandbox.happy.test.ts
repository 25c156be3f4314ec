import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS, toIso } from "../../domain/time.js";
import { createHarness, DIALECTS, type Harness, T0 } from "../../testing/harness.js";
import { type Actor, actor, call, ok } from "./test-support.js";

describe.each(DIALECTS)("GET/PUT /so/v1/sandbox/ — happy (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it("is off until turned on, then on, then off again, with when it changed", async () => {
    h.clock.set(T0);
    const so = await actor(h, "system_operator");
    expect(await ok(h, "GET", "/so/v1/sandbox/", so)).toEqual({ enabled: false, modified: null });

    h.clock.set(T0 + HOUR_MS);
    expect(await putOk(h, so, { enabled: true })).toEqual({
      enabled: true,
      modified: toIso(T0 + HOUR_MS),
    });
    expect(await ok(h, "GET", "/so/v1/sandbox/", so)).toEqual({
      enabled: true,
      modified: toIso(T0 + HOUR_MS),
    });

    h.clock.set(T0 + 2 * HOUR_MS);
    await putOk(h, so, { enabled: false });
    const res = await call(h, "GET", "/so/v1/sandbox/", so);
    expect(res.body).toEqual({ enabled: false, modified: toIso(T0 + 2 * HOUR_MS) });
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
