import { describe, expect, it } from "vitest";
import { createTokenService } from "./tokens.js";

const T = Date.UTC(2026, 5, 1, 8, 0, 0);
const principal = { subject: "c1", organisationId: "org1", role: "provider" as const };

describe("token service", () => {
  const tokens = createTokenService("a-secret-of-enough-length-for-hs256", { access: 60, refresh: 3600 });

  it("accepts a token until its expiry, also once its signature was checked before", async () => {
    const { token } = await tokens.issue(principal, "access", T);
    expect(await tokens.verify(token, "access", T)).toEqual({ ok: true, principal });
    expect(await tokens.verify(token, "access", T + 59_999)).toEqual({ ok: true, principal });
    expect(await tokens.verify(token, "access", T + 60_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("expires a token first seen after its expiry the same way", async () => {
    const { token } = await tokens.issue(principal, "access", T);
    expect(await tokens.verify(token, "access", T + 60_000)).toEqual({ ok: false, reason: "expired" });
  });

  it("never accepts a token as another kind, before or after a successful check", async () => {
    const { token } = await tokens.issue(principal, "refresh", T);
    expect(await tokens.verify(token, "access", T)).toEqual({ ok: false, reason: "invalid" });
    expect((await tokens.verify(token, "refresh", T)).ok).toBe(true);
    expect(await tokens.verify(token, "access", T)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a token signed with another secret or altered", async () => {
    const other = createTokenService("another-secret-of-enough-length-hs256", { access: 60, refresh: 3600 });
    const { token } = await other.issue(principal, "access", T);
    expect(await tokens.verify(token, "access", T)).toEqual({ ok: false, reason: "invalid" });
    const mine = (await tokens.issue(principal, "access", T)).token;
    await tokens.verify(mine, "access", T);
    const [h, p, sig] = mine.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), role: "system_operator" })).toString("base64url")}.${sig}`;
    expect(await tokens.verify(forged, "access", T)).toEqual({ ok: false, reason: "invalid" });
  });
});
