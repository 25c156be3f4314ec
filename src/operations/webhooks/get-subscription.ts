/** `GET /webhooks/v1/{id}/` — one of the caller's subscriptions (no secret); another organisation's → 404. */

import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { SubscriptionBody, SubscriptionParams, subscriptionToWire } from "../../wire/webhooks.js";
import { loadSubscription } from "./subscriptions.js";

export const getSubscription: Operation = (app, deps) => {
  app.get(
    "/webhooks/v1/:id/",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Get a webhook subscription",
        params: SubscriptionParams,
        response: { 200: SubscriptionBody, ...errorResponses(401, 404) },
      },
      config: { auth: "any" },
    },
    async (request) => {
      const { organisationId } = principalOf(request);
      return subscriptionToWire(await loadSubscription(deps.db.kysely, organisationId, request.params.id));
    },
  );
};
