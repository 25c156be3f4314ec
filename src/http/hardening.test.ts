import net from "node:net";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_STATUS } from "../domain/errors.js";
import { createHarness, type Harness } from "../testing/harness.js";
import { isWebAppPath } from "./app.js";

describe("HTTP hardening", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness("sqlite", { rateLimitPerMinute: 5, bodyLimit: 2048 });
  });
  afterAll(() => h.close());

  it("limits requests with 429 and Retry-After (public routes: per client address)", async () => {
    const codes: number[] = [];
    let last: Awaited<ReturnType<typeof h.app.inject>> | undefined;
    for (let i = 0; i < 7; i++) {
      last = await h.app.inject({ url: "/healthz", remoteAddress: "10.0.0.1" });
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(last!.json()).toMatchObject({ error: "rate_limited" });
    expect(Number(last!.headers["retry-after"])).toBeGreaterThan(0);
    expect((await h.app.inject({ url: "/healthz", remoteAddress: "10.0.0.2" })).statusCode).toBe(200);
  });

  it("refuses an oversize body with 413 body_too_large", async () => {
    const res = await h.app.inject({
      method: "POST",
      url: "/authtoken/v1/",
      payload: { client_id: "x".repeat(4000), api_key: "y" },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe("body_too_large");
  });

  it("sends security headers", async () => {
    const res = await h.app.inject({ url: "/readyz" });
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-request-id"]).toBeTypeOf("string");
  });

  /** The catalogue's shape: a known code, its status, a message and the request id. */
  function expectCatalogued(status: number, body: string, code: string) {
    const json = JSON.parse(body);
    expect(Object.keys(json).sort()).toEqual(expect.arrayContaining(["error", "message", "requestId"]));
    expect(json.error, body).toBe(code);
    expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS]).toBe(status);
    expect(json.code, "no framework code leaks").toBeUndefined();
    expect(json.statusCode).toBeUndefined();
  }

  it("answers every framework error in the catalogue's shape", async () => {
    const long = "a".repeat(300);
    const cases: [string, InjectOptions, number, string][] = [
      ["a 300-character id", { url: `/competitions/v1/${long}/` }, 414, "uri_too_long"],
      [
        "a 300-character id, POST",
        { method: "POST", url: `/bids/v1/competitions/${long}/ballots/` },
        414,
        "uri_too_long",
      ],
      ["a URL that does not decode", { url: "/competitions/v1/%E0%A4%A/" }, 400, "validation_failed"],
      ["a bare %", { url: "/competitions/v1/%/" }, 400, "validation_failed"],
      ["an unknown path", { url: "/nope/" }, 404, "not_found"],
      ["an unknown method", { method: "DELETE", url: "/competitions/v1/" }, 404, "not_found"],
      [
        "broken JSON",
        { method: "POST", url: "/authtoken/v1/", headers: { "content-type": "application/json" }, payload: "{bad" },
        400,
        "invalid_json",
      ],
      [
        "an empty JSON body",
        { method: "POST", url: "/authtoken/v1/", headers: { "content-type": "application/json" }, payload: "" },
        400,
        "invalid_json",
      ],
      [
        "another content type",
        { method: "POST", url: "/authtoken/v1/", headers: { "content-type": "application/xml" }, payload: "<a/>" },
        400,
        "validation_failed",
      ],
      [
        "an oversize body",
        { method: "POST", url: "/authtoken/v1/", payload: { client_id: "x".repeat(4000), api_key: "y" } },
        413,
        "body_too_large",
      ],
    ];
    for (const [what, request, status, code] of cases) {
      const res = await h.app.inject(request);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      expect(res.headers["content-type"], what).toContain("application/json");
      expectCatalogued(status, res.body, code);
    }
  });

  it("answers errors of the HTTP parser in the catalogue's shape, on a real socket", async () => {
    await h.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = h.app.server.address() as net.AddressInfo;
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, "127.0.0.1", () => socket.write(request));
        let data = "";
        socket.on("data", (chunk) => (data += chunk));
        socket.on("close", () => resolve(data));
        socket.on("error", reject);
      });
    const split = (response: string) => {
      const [head, body] = response.split("\r\n\r\n");
      return { status: Number(head!.split(" ")[1]), body: body ?? "" };
    };
    const malformed = split(await raw("GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"));
    expect(malformed.status).toBe(400);
    expectCatalogued(400, malformed.body, "validation_failed");
    const huge = split(await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`));
    expect(huge.status).toBe(431);
    expectCatalogued(431, huge.body, "headers_too_large");
  });

  it("serves the dashboard only to browser navigations inside its own sections", () => {
    const html = "text/html,application/xhtml+xml";
    const web = (url: string, method = "GET", accept = html) => isWebAppPath(h.app, method, url, accept);
    for (const url of ["/provider", "/provider/competitions/abc", "/operator/new", "/batteries/x-1/", "/signin"]) {
      expect(web(url), url).toBe(true);
    }
    expect(web("/provider", "POST")).toBe(false);
    expect(web("/provider", "GET", "application/json")).toBe(false);
    for (const url of [
      "/competitions/v1/%2e%2e/",
      "/competitions/v1/../",
      "/%2e%2e/",
      "/./competitions/",
      "/Competitions/v1/",
      "/docs/x",
      "/openapi.json/x",
      "/provider/%2e%2e/",
      "/provider/../competitions/v1/",
      "/provider/./x",
      "/provider//x",
      "/nope",
    ]) {
      expect(web(url), url).toBe(false);
    }
  });

  it("answers an API-looking path with JSON, not the dashboard", async () => {
    const res = await h.app.inject({ url: "/competitions/v1/%2e%2e/", headers: { accept: "text/html" } });
    expect(res.headers["content-type"]).toContain("application/json");
    for (const url of ["/docs/x", "/Competitions/v1/", "/provider/%2e%2e/x"]) {
      const other = await h.app.inject({ url, headers: { accept: "text/html" } });
      expect(other.statusCode, url).toBe(404);
      expectCatalogued(404, other.body, "not_found");
    }
  });
});
