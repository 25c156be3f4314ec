import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { errorHandler } from "./errors.js";

/** A failover cut: the error handler answers 503 with Retry-After, never a 500 (docs/scale-out.md). */
describe("errorHandler and a lost database connection", () => {
  const app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler);
  app.get("/shutdown", async () => {
    throw Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
  });
  app.get("/dropped", async () => {
    throw new Error("Connection terminated unexpectedly");
  });
  app.get("/bug", async () => {
    throw new TypeError("x is undefined");
  });

  it.each(["/shutdown", "/dropped"])("%s → 503 unavailable with Retry-After, no internal detail", async (url) => {
    const res = await app.inject({ method: "GET", url });
    expect(res.statusCode).toBe(503);
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.json()).toMatchObject({ error: "unavailable" });
    expect(res.body).not.toMatch(/terminat|administrator/);
  });

  it("a bug stays a 500 (only connection losses are unavailability)", async () => {
    const res = await app.inject({ method: "GET", url: "/bug" });
    expect(res.statusCode).toBe(500);
    expect(res.headers["retry-after"]).toBeUndefined();
  });
});
