/**
 * Virtual-battery (terralayr style) authentication:
 * `POST /auth/public/authenticate {username, password}` and `POST /auth/public/refresh {refresh_token}` →
 * `{access_token, expires_in, id_token, refresh_token, scope, token_type: "Bearer"}`.
 */
import { Type } from "typebox";
import { findUserById, findUserByUsername } from "../../db/repositories/organisations.js";
import type { Deps } from "../../deps.js";
import type { Operation } from "../../http/app.js";
import { sendError } from "../../http/errors.js";
import { errorResponses } from "../../http/schemas.js";
import { verifySecret } from "../../secrets.js";
import type { Principal } from "../../tokens.js";
import { DUMMY_HASH } from "./dummy-hash.js";
import { noteSignInAddress } from "./sign-in-address.js";

const TokenResponse = Type.Object({
  access_token: Type.String(),
  expires_in: Type.Integer({ description: "Seconds until the access token expires." }),
  id_token: Type.String(),
  refresh_token: Type.String(),
  scope: Type.String(),
  token_type: Type.Literal("Bearer"),
});

async function issueAll(deps: Deps, principal: Principal) {
  const now = deps.clock.now();
  const access = await deps.tokens.issue(principal, "access", now);
  const refresh = await deps.tokens.issue(principal, "refresh", now);
  return {
    access_token: access.token,
    expires_in: access.expiresIn,
    // The id token identifies the user to the client; it is not accepted as an access token.
    id_token: (await deps.tokens.issue(principal, "id", now)).token,
    refresh_token: refresh.token,
    scope: "openid profile offline_access",
    token_type: "Bearer" as const,
  };
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
            username: Type.String({ minLength: 1, maxLength: 200 }),
            password: Type.String({ minLength: 1, maxLength: 500 }),
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
      return issueAll(deps, { subject: user.userId, organisationId: user.organisationId, role: user.role });
    },
  );

  app.post(
    "/auth/public/refresh",
    {
      schema: {
        tags: ["auth"],
        summary: "Exchange a refresh token for new tokens",
        body: Type.Object(
          { refresh_token: Type.String({ minLength: 1, maxLength: 4000 }) },
          { additionalProperties: false },
        ),
        response: { 200: TokenResponse, ...errorResponses(400, 401) },
      },
      config: { auth: "public" },
    },
    async (request, reply) => {
      const result = await deps.tokens.verify(request.body.refresh_token, "refresh", deps.clock.now());
      if (!result.ok) return sendError(reply, "invalid_credentials", "The refresh token is not valid or has expired.");
      // The user may have been removed since; re-read it so a deleted user cannot refresh forever.
      const user = await findUserById(deps.db.kysely, result.principal.subject);
      if (!user) return sendError(reply, "invalid_credentials", "The refresh token is not valid or has expired.");
      return issueAll(deps, { subject: user.userId, organisationId: user.organisationId, role: user.role });
    },
  );
};
