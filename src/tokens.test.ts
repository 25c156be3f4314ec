import { describe, expect, it } from "vitest";
import { fixedClock } from "./domain/time.js";
import { createTokenService } from "./tokens.js";

const T = Date.UTC(2026, 5, 1, 8, 0, 0);
const principal = { subject: "c1", organisationId: "org1", role: "provider" as const, credential: "key" as const };

describe("token service", () => {
  const wall = fixedClock(T);
  const tokens = createTokenService("a-secret-of-enough-length-for-hs256", { access: 60, refresh: 3600 }, wall.now);
  const at = (ms: number) => wall.set(ms);

  it("accepts a token until its expiry, also once its signature was checked before", async () => {
    at(T);
    const { token } = await tokens.issue(principal, "access");
    expect(await tokens.verify(token, "access")).toEqual({ ok: true, principal, tokenId: undefined });
    at(T + 59_999);
    expect(await tokens.verify(token, "access")).toEqual({ ok: true, principal, tokenId: undefined });
    at(T + 60_000);
    expect(await tokens.verify(token, "access")).toEqual({ ok: false, reason: "expired" });
  });

  it("expires a token first seen after its expiry the same way", async () => {
    at(T);
    const { token } = await tokens.issue(principal, "access");
    at(T + 60_000);
    expect(await tokens.verify(token, "access")).toEqual({ ok: false, reason: "expired" });
  });

  it("never accepts a token as another kind, before or after a successful check", async () => {
    at(T);
    const { token } = await tokens.issue(principal, "refresh", { tokenId: "r1" });
    expect(await tokens.verify(token, "access")).toEqual({ ok: false, reason: "invalid" });
    expect(await tokens.verify(token, "refresh")).toEqual({ ok: true, principal, tokenId: "r1" });
    expect(await tokens.verify(token, "access")).toEqual({ ok: false, reason: "invalid" });
  });

  it("carries the credential and the sign-in family, and refuses a token without its credential", async () => {
    at(T);
    const user = { ...principal, credential: "user" as const, family: "f1" };
    const { token } = await tokens.issue(user, "access");
    expect(await tokens.verify(token, "access")).toEqual({ ok: true, principal: user, tokenId: undefined });
    const [h, p, sig] = token.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    delete claims.cred;
    const other = createTokenService("a-secret-of-enough-length-for-hs256", { access: 60, refresh: 3600 }, wall.now);
    const stripped = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${sig}`;
    expect((await other.verify(stripped, "access")).ok).toBe(false);
  });

  it("refuses a token signed with another secret or altered", async () => {
    at(T);
    const other = createTokenService("another-secret-of-enough-length-hs256", { access: 60, refresh: 3600 }, wall.now);
    const { token } = await other.issue(principal, "access");
    expect(await tokens.verify(token, "access")).toEqual({ ok: false, reason: "invalid" });
    const mine = (await tokens.issue(principal, "access")).token;
    await tokens.verify(mine, "access");
    const [h, p, sig] = mine.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, "base64url").toString()), role: "system_operator" })).toString("base64url")}.${sig}`;
    expect(await tokens.verify(forged, "access")).toEqual({ ok: false, reason: "invalid" });
  });
});
