/**
 * The route sweep every operation must pass: for every registered route that is not public,
 * no token → 401 and a garbage token → 401; for routes with ids, another organisation's token → 404.
 * Call `expectRouteSecurity` from each operation's `.security.test.ts` with real ids owned by the owner.
 */
import { expect } from "vitest";
import type { Harness } from "./harness.js";

export interface RouteCase {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A concrete URL whose ids belong to the owner. */
  url: string;
  body?: unknown;
}

export async function expectUnauthenticatedRejected(h: Harness, route: RouteCase): Promise<void> {
  const withoutToken = await h.app.inject({ method: route.method, url: route.url, payload: route.body as never });
  expect(withoutToken.statusCode, `${route.method} ${route.url} without a token`).toBe(401);
  expect(withoutToken.json().error).toBe("unauthorized");
  const badToken = await h.app.inject({
    method: route.method,
    url: route.url,
    payload: route.body as never,
    headers: { authorization: "Bearer not.a.token" },
  });
  expect(badToken.statusCode, `${route.method} ${route.url} with a garbage token`).toBe(401);
}

export async function expectForeignNotFound(
  h: Harness,
  route: RouteCase,
  stranger: { authorization: string },
): Promise<void> {
  const res = await h.app.inject({
    method: route.method,
    url: route.url,
    payload: route.body as never,
    headers: stranger,
  });
  expect(res.statusCode, `${route.method} ${route.url} as another organisation: ${res.body}`).toBe(404);
  expect(res.json().error).toBe("not_found");
}
