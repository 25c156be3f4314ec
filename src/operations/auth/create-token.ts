/**
 * `POST /authtoken/v1/` — marketplace (Piclo Flex style) authentication: `{client_id, api_key}` → `{token, expires_in}`.
 */
import { Type } from "typebox";
import { findActiveApiKey } from "../../db/repositories/organisations.js";
import { MAX_SECRET_LENGTH, MAX_USERNAME_LENGTH } from "../../domain/limits.js";
import { sendError } from "../../http/errors.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { verifySecret } from "../../secrets.js";
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
      const key = await findActiveApiKey(deps.db.kysely, client_id);
      // Verify against a dummy hash when the client is unknown, so timing does not reveal which ids exist.
      const valid = await verifySecret(key?.secretHash ?? (await DUMMY_HASH(deps.hashCost)), api_key);
      if (!key || !valid) return sendError(reply, "invalid_credentials", "Unknown client_id or wrong api_key.");
      await noteSignInAddress(deps.db, request, {
        type: "credential",
        id: key.clientId,
        organisationId: key.organisationId,
      });
      const { token, expiresIn } = await deps.tokens.issue(
        { subject: key.clientId, organisationId: key.organisationId, role: key.role, credential: "key" },
        "access",
      );
      return { token, expires_in: expiresIn };
    },
  );
};
