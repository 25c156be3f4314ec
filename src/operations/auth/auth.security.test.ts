import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DIALECTS, type Harness } from "../../../test/harness.js";
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
