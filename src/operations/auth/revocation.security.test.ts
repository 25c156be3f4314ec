/**
 * Revocation: a revoked API key, a disabled user, a reused refresh token (its whole sign-in) and a deleted
 * organisation all end the tokens issued before, within the revocation check delay of real time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disableUser, listKeys, revokeKey } from "../../admin/credentials.js";
import { createApiKey, createUser } from "../../admin/organisations.js";
import { createHarness, DIALECTS, type Harness } from "../../testing/harness.js";

describe.each(DIALECTS)("revocation (%s)", (dialect) => {
  let h: Harness;
  let orgId: string;
  const ctx = () => ({ db: h.db, now: h.wallClock.now(), hashCost: "low" as const });
  beforeAll(async () => {
    h = await createHarness(dialect);
    orgId = (await h.org("provider")).id;
  });
  afterAll(() => h.close());

  const post = (url: string, payload: unknown) => h.app.inject({ method: "POST", url, payload: payload as never });
  const getAssets = (token: string, org = orgId) =>
    h.app.inject({ url: `/organisations/${org}/virtual-assets`, headers: { authorization: `Bearer ${token}` } });
  /** Past the revocation check delay (real time), so cached answers are checked again. */
  const afterDelay = () => h.wallClock.advance(h.config.revocationCheckMs);

  async function signIn(username: string) {
    const res = await post("/auth/public/authenticate", { username, password: "long enough" });
    expect(res.statusCode).toBe(200);
    return res.json() as { access_token: string; refresh_token: string };
  }

  it("refuses a token of a revoked API key within the delay, and the key itself", async () => {
    const key = await createApiKey(ctx(), { organisationId: orgId, name: "to revoke" });
    const token = (await post("/authtoken/v1/", { client_id: key.clientId, api_key: key.apiKey })).json().token;
    expect((await getAssets(token)).statusCode).toBe(200);

    const listed = await listKeys(ctx(), { organisationId: orgId });
    expect(listed.find((k) => k.clientId === key.clientId)).toMatchObject({ name: "to revoke", revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key.apiKey);

    expect(await revokeKey(ctx(), { clientId: key.clientId })).toBe(true);
    expect(await revokeKey(ctx(), { clientId: key.clientId })).toBe(false);
    afterDelay();
    const refused = await getAssets(token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toBe("unauthorized");
    expect((await post("/authtoken/v1/", { client_id: key.clientId, api_key: key.apiKey })).statusCode).toBe(401);
    expect(
      (await listKeys(ctx(), { organisationId: orgId })).find((k) => k.clientId === key.clientId)?.revokedAt,
    ).not.toBeNull();
  });

  it("rotates refresh tokens; a reused one revokes its whole sign-in, access tokens included", async () => {
    await createUser(ctx(), { organisationId: orgId, username: "carol", password: "long enough" });
    const first = await signIn("carol");
    const other = await signIn("carol"); // another sign-in of the same user: not affected

    const second = await post("/auth/public/refresh", { refresh_token: first.refresh_token });
    expect(second.statusCode).toBe(200);
    const rotated = second.json() as { access_token: string; refresh_token: string };
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    expect((await getAssets(rotated.access_token)).statusCode).toBe(200);

    const replay = await post("/auth/public/refresh", { refresh_token: first.refresh_token });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error).toBe("invalid_credentials");
    // the family is gone: the rotated refresh token and the access tokens of this sign-in too, at once
    expect((await post("/auth/public/refresh", { refresh_token: rotated.refresh_token })).statusCode).toBe(401);
    expect((await getAssets(rotated.access_token)).statusCode).toBe(401);
    expect((await getAssets(first.access_token)).statusCode).toBe(401);
    // the other sign-in still works
    expect((await getAssets(other.access_token)).statusCode).toBe(200);
    expect((await post("/auth/public/refresh", { refresh_token: other.refresh_token })).statusCode).toBe(200);
  });

  it("refuses a disabled user's sign-in, refresh and earlier tokens", async () => {
    await createUser(ctx(), { organisationId: orgId, username: "dave", password: "long enough" });
    const tokens = await signIn("dave");
    expect((await getAssets(tokens.access_token)).statusCode).toBe(200);
    expect(await disableUser(ctx(), { username: "dave" })).toBe(true);
    expect(await disableUser(ctx(), { username: "dave" })).toBe(false);
    afterDelay();
    expect((await getAssets(tokens.access_token)).statusCode).toBe(401);
    expect((await post("/auth/public/refresh", { refresh_token: tokens.refresh_token })).statusCode).toBe(401);
    expect((await post("/auth/public/authenticate", { username: "dave", password: "long enough" })).statusCode).toBe(
      401,
    );
  });

  it("refuses a refresh token that was never recorded (no id, or forged id) and an access token as one", async () => {
    await createUser(ctx(), { organisationId: orgId, username: "erin", password: "long enough" });
    const tokens = await signIn("erin");
    const unrecorded = await h.deps.tokens.issue(
      { subject: "x", organisationId: orgId, role: "provider", credential: "user", family: "f" },
      "refresh",
      { tokenId: "never-issued" },
    );
    expect((await post("/auth/public/refresh", { refresh_token: unrecorded.token })).statusCode).toBe(401);
    expect((await post("/auth/public/refresh", { refresh_token: tokens.access_token })).statusCode).toBe(401);
  });

  it("answers 401, not 500, to a token of an organisation that was deleted", async () => {
    const gone = await h.org("provider");
    expect((await getAssets(gone.token, gone.id)).statusCode).toBe(200);
    await h.db.kysely.deleteFrom("api_keys").where("organisation_id", "=", gone.id).execute();
    await h.db.kysely.deleteFrom("organisations").where("id", "=", gone.id).execute();
    afterDelay();
    const res = await getAssets(gone.token, gone.id);
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toBe("unauthorized");
  });

  it("keeps accepting a token within the delay (the cached answer), never longer", async () => {
    const key = await createApiKey(ctx(), { organisationId: orgId });
    const token = (await post("/authtoken/v1/", { client_id: key.clientId, api_key: key.apiKey })).json().token;
    expect((await getAssets(token)).statusCode).toBe(200);
    await revokeKey(ctx(), { clientId: key.clientId });
    h.wallClock.advance(h.config.revocationCheckMs - 1);
    expect((await getAssets(token)).statusCode).toBe(200);
    h.wallClock.advance(1);
    expect((await getAssets(token)).statusCode).toBe(401);
  });
});
