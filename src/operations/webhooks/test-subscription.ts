/**
 * `POST /webhooks/v1/{id}/test` — queue a `ping` event for this subscription (whatever its event types): 202 with
 * the delivery, which the worker sends like any other (signed, retried). Another organisation's → 404.
 */

import { emitPing } from "../../db/repositories/webhooks.js";
import { findDelivery, type WebhookDelivery } from "../../db/repositories/webhooks-deliveries.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { DeliveryBody, deliveryToWire, SubscriptionParams } from "../../wire/webhooks.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { loadSubscription } from "./subscriptions.js";

/** Queues a `ping` event for one of the organisation's subscriptions (404 when it has none by that id). */
export async function pingWebhookSubscription(
  ctx: UseCaseContext,
  input: { organisationId: string; subscriptionId: string },
): Promise<WebhookDelivery> {
  const { organisationId } = input;
  const delivery = await ctx.db.kysely.transaction().execute(async (tx) => {
    const sub = await loadSubscription(tx, organisationId, input.subscriptionId, { lock: true });
    const { deliveryId } = await emitPing(tx, { organisationId, subscriptionId: sub.id, at: ctx.now });
    return findDelivery(tx, organisationId, sub.id, deliveryId);
  });
  return delivery!;
}

export const testSubscription: Operation = (app, deps) => {
  app.post(
    "/webhooks/v1/:id/test",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Send a ping event to a webhook subscription",
        params: SubscriptionParams,
        response: { 202: DeliveryBody, ...errorResponses(401, 404) },
      },
      config: { auth: "any" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const delivery = await pingWebhookSubscription(contextOf(deps), {
        organisationId,
        subscriptionId: request.params.id,
      });
      reply.code(202);
      return deliveryToWire(delivery);
    },
  );
};
