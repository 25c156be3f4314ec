import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";
import { createTokenService } from "../../tokens.js";

describe.each(DIALECTS)("auth, security (%s)", (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it("refuses a token signed with another secret", async () => {
    const org = await h.org("provider");
    const forger = createTokenService("another-secret-another-secret-xx", { access: 3600, refresh: 3600 });
    const forged = await forger.issue(
      { subject: "x", organisationId: org.id, role: "provider", credential: "key" },
      "access",
    );
    expect((await h.deps.tokens.verify(forged.token, "access")).ok).toBe(false);
  });

  it("refuses an unsigned (alg none) token", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const payload = Buffer.from(
      JSON.stringify({ sub: "x", org: "o", role: "provider", typ: "access", iss: "flexmarket", exp: 9999999999 }),
    ).toString("base64url");
    expect((await h.deps.tokens.verify(`${header}.${payload}.`, "access")).ok).toBe(false);
  });

  it("never writes secrets or tokens to the log", async () => {
    const lines: string[] = [];
    const { default: pino } = await import("pino");
    const { REDACT } = await import("../../deps.js");
    const logger = pino(
      { level: "info", redact: { paths: REDACT, censor: "[redacted]" } },
      {
        write: (line: string) => lines.push(line),
      },
    );
    const { buildApp } = await import("../../http/app.js");
    const app = await buildApp(h.config, { deps: { ...h.deps, logger } });
    await app.inject({
      method: "POST",
      url: "/authtoken/v1/",
      payload: { client_id: "someone", api_key: "super-secret-key" },
      headers: { authorization: "Bearer secret-token-value" },
    });
    await app.close();
    const all = lines.join("\n");
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain("super-secret-key");
    expect(all).not.toContain("secret-token-value");
  });
});

describe("tokens under a fast simulated market clock", () => {
  it("live their real hour: 1 real ms = 1 market hour changes nothing, and expiry is real time", async () => {
    const { loadConfig } = await import("../../config.js");
    const { createDeps } = await import("../../deps.js");
    const { buildApp } = await import("../../http/app.js");
    const { connect } = await import("../../db/connect.js");
    const { migrateToLatest } = await import("../../db/migrate.js");
    const { createApiKey, createOrganisation } = await import("../../admin/organisations.js");
    const config = loadConfig(
      { FLEXMARKET_SECRET: "test-secret-test-secret-test-secret", LOG_LEVEL: "silent", FLEXMARKET_DEMO: "0" },
      { sqlitePath: ":memory:", engine: false, rateLimitPerMinute: 0, clock: "sim:now:x3600000" },
    );
    const db = connect({ sqlitePath: ":memory:" });
    await migrateToLatest(db);
    const deps = createDeps(config, { db, hashCost: "low" });
    const app = await buildApp(config, { deps });
    try {
      const ctx = { db, now: Date.now(), hashCost: "low" as const };
      const org = await createOrganisation(ctx, { name: "Sim", role: "provider" });
      const key = await createApiKey(ctx, { organisationId: org.id });
      const issued = await app.inject({
        method: "POST",
        url: "/authtoken/v1/",
        payload: { client_id: key.clientId, api_key: key.apiKey },
      });
      const { token } = issued.json();
      const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
      expect(claims.exp - claims.iat).toBe(3600);
      expect(Math.abs(claims.iat * 1000 - Date.now())).toBeLessThan(10_000);
      const marketBefore = deps.clock.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(deps.clock.now() - marketBefore).toBeGreaterThan(3_600_000 * 10); // ten market hours and more
      const res = await app.inject({
        url: `/organisations/${org.id}/virtual-assets`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
