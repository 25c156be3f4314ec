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
import type { FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
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
import type { UseCaseContext } from "../context.js";
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

/** What signing in and refreshing need besides the context: tokens and their lifetimes run on real time. */
interface TokenInput {
  readonly tokens: Deps["tokens"];
  readonly refreshTokenTtlSeconds: number;
}

/**
 * The context of an authentication request: its `now` is the wall clock's, never the market clock's (a simulated
 * market day must not expire or extend a token).
 */
const authContextOf = (deps: Deps): UseCaseContext => ({ db: deps.db, now: deps.wallClock.now() });

const tokenInputOf = (deps: Deps): TokenInput => ({
  tokens: deps.tokens,
  refreshTokenTtlSeconds: deps.config.refreshTokenTtlSeconds,
});

/** Records the refresh token's id in its family (with `db`, the transaction of the sign-in or the exchange). */
async function recordRefreshToken(
  ctx: UseCaseContext,
  input: TokenInput,
  db: Executor,
  familyId: string,
): Promise<string> {
  const id = newShortId(24);
  await insertRefreshToken(db, {
    id,
    familyId,
    issuedAt: toIso(ctx.now),
    expiresAt: toIso(ctx.now + input.refreshTokenTtlSeconds * 1000),
  });
  return id;
}

async function issueAll(input: TokenInput, principal: Principal, refreshTokenId: string): Promise<TokenAnswer> {
  const { tokens } = input;
  const access = await tokens.issue(principal, "access");
  const refresh = await tokens.issue(principal, "refresh", { tokenId: refreshTokenId });
  return {
    access_token: access.token,
    expires_in: access.expiresIn,
    // The id token identifies the user to the client; it is not accepted as an access token.
    id_token: (await tokens.issue(principal, "id")).token,
    refresh_token: refresh.token,
    scope: "openid profile offline_access",
    token_type: "Bearer" as const,
  };
}

type TokenAnswer = Static<typeof TokenResponse>;

type Exchange =
  | { ok: true; principal: Principal; refreshTokenId: string }
  | { ok: false; reason: "invalid" | "reused" };

/**
 * Exchanges a verified refresh token (its id and family) in one transaction: unknown, revoked family or user gone →
 * invalid; already used → the family is revoked (committed) and the answer is `reused`; else it is marked used and a
 * new refresh token of the family is recorded.
 */
async function exchangeRefreshToken(ctx: UseCaseContext, input: TokenInput, tokenId: string): Promise<Exchange> {
  const at = toIso(ctx.now);
  return ctx.db.kysely.transaction().execute(async (tx): Promise<Exchange> => {
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
    return { ok: true, principal, refreshTokenId: await recordRefreshToken(ctx, input, tx, row.familyId) };
  });
}

/**
 * Signs a user in: a new token family with its first refresh token, and the tokens; `undefined` for an unknown
 * username or a wrong password (verified against a dummy hash then, so timing does not reveal which users exist).
 * The request is the address a first sign-in from it is audited with.
 */
export async function signIn(
  ctx: UseCaseContext,
  input: TokenInput & { username: string; password: string; hashCost: Deps["hashCost"]; request: FastifyRequest },
): Promise<TokenAnswer | undefined> {
  const user = await findUserByUsername(ctx.db.kysely, input.username);
  const valid = await verifySecret(user?.passwordHash ?? (await DUMMY_HASH(input.hashCost)), input.password);
  if (!user || !valid) return undefined;
  await noteSignInAddress(ctx.db, input.request, {
    type: "user",
    id: user.userId,
    organisationId: user.organisationId,
  });
  const family = newShortId(24);
  const refreshTokenId = await ctx.db.kysely.transaction().execute(async (tx) => {
    await insertTokenFamily(tx, { id: family, userId: user.userId, createdAt: toIso(ctx.now) });
    return recordRefreshToken(ctx, input, tx, family);
  });
  const principal: Principal = {
    subject: user.userId,
    organisationId: user.organisationId,
    role: user.role,
    credential: "user",
    family,
  };
  return issueAll(input, principal, refreshTokenId);
}

/**
 * Exchanges a refresh token once for new tokens of its sign-in. `invalid`: not a valid refresh token of a user, or
 * its family is revoked or its user gone; `reused`: it was exchanged before, so the whole sign-in is now revoked.
 */
export async function refreshSignIn(
  ctx: UseCaseContext,
  input: TokenInput & { refreshToken: string },
): Promise<{ ok: true; answer: TokenAnswer } | { ok: false; reason: "invalid" | "reused"; subject?: string }> {
  const verified = await input.tokens.verify(input.refreshToken, "refresh");
  if (!verified.ok || verified.tokenId === undefined || verified.principal.credential !== "user") {
    return { ok: false, reason: "invalid" };
  }
  const exchange = await exchangeRefreshToken(ctx, input, verified.tokenId);
  if (!exchange.ok) return { ...exchange, subject: verified.principal.subject };
  return { ok: true, answer: await issueAll(input, exchange.principal, exchange.refreshTokenId) };
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
      const { username, password } = request.body;
      const answer = await signIn(authContextOf(deps), {
        ...tokenInputOf(deps),
        username,
        password,
        hashCost: deps.hashCost,
        request,
      });
      return answer ?? sendError(reply, "invalid_credentials", "Unknown username or wrong password.");
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
      const refreshed = await refreshSignIn(authContextOf(deps), {
        ...tokenInputOf(deps),
        refreshToken: request.body.refresh_token,
      });
      if (refreshed.ok) return refreshed.answer;
      if (refreshed.reason === "reused") {
        deps.credentials.forget();
        request.log.warn({ user: refreshed.subject }, "refresh token reused; its sign-in is revoked");
        return sendError(
          reply,
          "invalid_credentials",
          "This refresh token was already used; every token of this sign-in is revoked. Sign in again.",
        );
      }
      return sendError(reply, "invalid_credentials", "The refresh token is not valid or has expired.");
    },
  );
};
