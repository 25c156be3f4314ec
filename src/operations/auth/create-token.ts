/**
 * `POST /authtoken/v1/` — marketplace (Piclo Flex style) authentication: `{client_id, api_key}` → `{token, expires_in}`.
 */
import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import { findActiveApiKey } from "../../db/repositories/organisations.js";
import type { Deps } from "../../deps.js";
import { MAX_SECRET_LENGTH, MAX_USERNAME_LENGTH } from "../../domain/limits.js";
import { sendError } from "../../http/errors.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { verifySecret } from "../../secrets.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { DUMMY_HASH } from "./dummy-hash.js";
import { noteSignInAddress } from "./sign-in-address.js";

const Body = Type.Object(
  {
    client_id: Type.String({ minLength: 1, maxLength: MAX_USERNAME_LENGTH }),
    api_key: Type.String({ minLength: 1, maxLength: MAX_SECRET_LENGTH }),
  },
  { additionalProperties: false },
);
const Response = Type.Object({
  token: Type.String({ description: "A JWT; send it as `Authorization: Bearer <token>`." }),
  expires_in: Type.Integer({ description: "Seconds until the token expires." }),
});

/**
 * Exchanges an API key for an access token; `undefined` for an unknown client or a wrong key. Tokens and the hash
 * cost come in the input (they run on real time, not the market clock), and the request, whose address a first
 * sign-in from it is audited with.
 */
export async function exchangeApiKey(
  ctx: UseCaseContext,
  input: {
    clientId: string;
    apiKey: string;
    tokens: Deps["tokens"];
    hashCost: Deps["hashCost"];
    request: FastifyRequest;
  },
): Promise<{ token: string; expiresIn: number } | undefined> {
  const key = await findActiveApiKey(ctx.db.kysely, input.clientId);
  // Verify against a dummy hash when the client is unknown, so timing does not reveal which ids exist.
  const valid = await verifySecret(key?.secretHash ?? (await DUMMY_HASH(input.hashCost)), input.apiKey);
  if (!key || !valid) return undefined;
  await noteSignInAddress(ctx.db, input.request, {
    type: "credential",
    id: key.clientId,
    organisationId: key.organisationId,
  });
  return input.tokens.issue(
    { subject: key.clientId, organisationId: key.organisationId, role: key.role, credential: "key" },
    "access",
  );
}

export const createToken: Operation = (app, deps) => {
  app.post(
    "/authtoken/v1/",
    {
      schema: {
        tags: ["auth"],
        summary: "Exchange an API key for a bearer token",
        body: Body,
        response: { 200: Response, ...errorResponses(400, 401) },
      },
      config: { auth: "public" },
    },
    async (request, reply) => {
      const { client_id, api_key } = request.body;
      const issued = await exchangeApiKey(contextOf(deps), {
        clientId: client_id,
        apiKey: api_key,
        tokens: deps.tokens,
        hashCost: deps.hashCost,
        request,
      });
      if (!issued) return sendError(reply, "invalid_credentials", "Unknown client_id or wrong api_key.");
      const { token, expiresIn } = issued;
      return { token, expires_in: expiresIn };
    },
  );
};
