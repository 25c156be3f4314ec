/** `GET /webhooks/v1/{id}/` — one of the caller's subscriptions (no secret); another organisation's → 404. */
import type { WebhookSubscription } from "../../db/repositories/webhooks.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { SubscriptionBody, SubscriptionParams, subscriptionToWire } from "../../wire/webhooks.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { loadSubscription } from "./subscriptions.js";

/** One of the organisation's subscriptions, or 404. */
export async function getWebhookSubscription(
  ctx: UseCaseContext,
  input: { organisationId: string; subscriptionId: string },
): Promise<WebhookSubscription> {
  return loadSubscription(ctx.db.kysely, input.organisationId, input.subscriptionId);
}

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
      const sub = await getWebhookSubscription(contextOf(deps), { organisationId, subscriptionId: request.params.id });
      return subscriptionToWire(sub);
    },
  );
};
