/**
 * Virtual-battery (terralayr style) authentication:
 * `POST /auth/public/authenticate {username, password}` and `POST /auth/public/refresh {refresh_token}` →
 * `{access_token, expires_in, id_token, refresh_token, scope, token_type: "Bearer"}`.
 *
 * Each sign-in starts a token family. A refresh token is exchanged once: the exchange marks it used and answers a new
 * one of the same family (rotation). A refresh token presented a second time means it was copied: the whole family
 * is revoked, so neither the thief's nor the user's refresh and access tokens of that sign-in work any more
 * (docs/reliability.md, "Revocation"). A disabled user, or one whose organisation is gone, cannot refresh.
 */
import { Type } from "typebox";
import {
  insertRefreshToken,
  insertTokenFamily,
  lockRefreshToken,
  markRefreshTokenUsed,
  revokeTokenFamily,
} from "../../db/repositories/credentials.js";
import { type Executor, findUserById, findUserByUsername } from "../../db/repositories/organisations.js";
import type { Deps } from "../../deps.js";
import { MAX_SECRET_LENGTH, MAX_TOKEN_LENGTH, MAX_USERNAME_LENGTH } from "../../domain/limits.js";
import { toIso } from "../../domain/time.js";
import { sendError } from "../../http/errors.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { newShortId } from "../../ids.js";
import { verifySecret } from "../../secrets.js";
import type { Principal } from "../../tokens.js";
import { DUMMY_HASH } from "./dummy-hash.js";
import { noteSignInAddress } from "./sign-in-address.js";

const TokenResponse = Type.Object({
  access_token: Type.String(),
  expires_in: Type.Integer({ description: "Seconds until the access token expires." }),
  id_token: Type.String(),
  refresh_token: Type.String({ description: "Exchange it once; a second use revokes the sign-in's tokens." }),
  scope: Type.String(),
  token_type: Type.Literal("Bearer"),
});

/** Records the refresh token's id in its family (with `db`, the transaction of the sign-in or the exchange). */
async function recordRefreshToken(deps: Deps, db: Executor, familyId: string): Promise<string> {
  const id = newShortId(24);
  const now = deps.wallClock.now();
  await insertRefreshToken(db, {
    id,
    familyId,
    issuedAt: toIso(now),
    expiresAt: toIso(now + deps.config.refreshTokenTtlSeconds * 1000),
  });
  return id;
}

async function issueAll(deps: Deps, principal: Principal, refreshTokenId: string) {
  const access = await deps.tokens.issue(principal, "access");
  const refresh = await deps.tokens.issue(principal, "refresh", { tokenId: refreshTokenId });
  return {
    access_token: access.token,
    expires_in: access.expiresIn,
    // The id token identifies the user to the client; it is not accepted as an access token.
    id_token: (await deps.tokens.issue(principal, "id")).token,
    refresh_token: refresh.token,
    scope: "openid profile offline_access",
    token_type: "Bearer" as const,
  };
}

type Exchange =
  | { ok: true; principal: Principal; refreshTokenId: string }
  | { ok: false; reason: "invalid" | "reused" };

/**
 * Exchanges a verified refresh token (its id and family) in one transaction: unknown, revoked family or user gone →
 * invalid; already used → the family is revoked (committed) and the answer is `reused`; else it is marked used and a
 * new refresh token of the family is recorded.
 */
export async function exchangeRefreshToken(deps: Deps, tokenId: string): Promise<Exchange> {
  const at = toIso(deps.wallClock.now());
  return deps.db.kysely.transaction().execute(async (tx): Promise<Exchange> => {
    const row = await lockRefreshToken(tx, tokenId);
    if (!row || row.familyRevoked) return { ok: false, reason: "invalid" };
    if (row.used) {
      await revokeTokenFamily(tx, row.familyId, at);
      return { ok: false, reason: "reused" };
    }
    await markRefreshTokenUsed(tx, row.id, row.familyId, at);
    const user = await findUserById(tx, row.userId);
    if (!user) return { ok: false, reason: "invalid" };
    const principal: Principal = {
      subject: user.userId,
      organisationId: user.organisationId,
      role: user.role,
      credential: "user",
      family: row.familyId,
    };
    return { ok: true, principal, refreshTokenId: await recordRefreshToken(deps, tx, row.familyId) };
  });
}

export const authenticate: Operation = (app, deps) => {
  app.post(
    "/auth/public/authenticate",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in with username and password",
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: MAX_USERNAME_LENGTH }),
            password: Type.String({ minLength: 1, maxLength: MAX_SECRET_LENGTH }),
          },
          { additionalProperties: false },
        ),
        response: { 200: TokenResponse, ...errorResponses(400, 401) },
      },
      config: { auth: "public" },
    },
    async (request, reply) => {
      const user = await findUserByUsername(deps.db.kysely, request.body.username);
      const valid = await verifySecret(user?.passwordHash ?? (await DUMMY_HASH(deps.hashCost)), request.body.password);
      if (!user || !valid) return sendError(reply, "invalid_credentials", "Unknown username or wrong password.");
      await noteSignInAddress(deps.db, request, { type: "user", id: user.userId, organisationId: user.organisationId });
      const family = newShortId(24);
      const refreshTokenId = await deps.db.kysely.transaction().execute(async (tx) => {
        await insertTokenFamily(tx, { id: family, userId: user.userId, createdAt: toIso(deps.wallClock.now()) });
        return recordRefreshToken(deps, tx, family);
      });
      const principal: Principal = {
        subject: user.userId,
        organisationId: user.organisationId,
        role: user.role,
        credential: "user",
        family,
      };
      return issueAll(deps, principal, refreshTokenId);
    },
  );

  app.post(
    "/auth/public/refresh",
    {
      schema: {
        tags: ["auth"],
        summary: "Exchange a refresh token for new tokens (once: a second use revokes the sign-in)",
        body: Type.Object(
          { refresh_token: Type.String({ minLength: 1, maxLength: MAX_TOKEN_LENGTH }) },
          { additionalProperties: false },
        ),
        response: { 200: TokenResponse, ...errorResponses(400, 401) },
      },
      config: { auth: "public" },
    },
    async (request, reply) => {
      const invalid = () => sendError(reply, "invalid_credentials", "The refresh token is not valid or has expired.");
      const verified = await deps.tokens.verify(request.body.refresh_token, "refresh");
      if (!verified.ok || verified.tokenId === undefined || verified.principal.credential !== "user") return invalid();
      const exchange = await exchangeRefreshToken(deps, verified.tokenId);
      if (!exchange.ok) {
        if (exchange.reason === "reused") {
          deps.credentials.forget();
          request.log.warn({ user: verified.principal.subject }, "refresh token reused; its sign-in is revoked");
          return sendError(
            reply,
            "invalid_credentials",
            "This refresh token was already used; every token of this sign-in is revoked. Sign in again.",
          );
        }
        return invalid();
      }
      return issueAll(deps, exchange.principal, exchange.refreshTokenId);
    },
  );
};
