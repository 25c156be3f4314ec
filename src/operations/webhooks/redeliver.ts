/**
 * `POST /webhooks/v1/{id}/deliveries/{deliveryId}/redeliver` — send an event again: 202 with a NEW delivery of the
 * same event (same `webhook-id` and body, a fresh 24 h retry window); the original stays as history.
 */

import { insertRedelivery } from "../../db/repositories/webhooks.js";
import { findDelivery, type WebhookDelivery } from "../../db/repositories/webhooks-deliveries.js";
import { AppError } from "../../domain/errors.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { DeliveryBody, DeliveryParams, deliveryToWire } from "../../wire/webhooks.js";
import { contextOf, type UseCaseContext } from "../context.js";
import { loadSubscription } from "./subscriptions.js";

/** Queues a new delivery of one of the subscription's events (404 for an unknown subscription or delivery). */
export async function redeliverWebhookEvent(
  ctx: UseCaseContext,
  input: { organisationId: string; subscriptionId: string; deliveryId: string },
): Promise<WebhookDelivery> {
  const { organisationId } = input;
  const delivery = await ctx.db.kysely.transaction().execute(async (tx) => {
    const sub = await loadSubscription(tx, organisationId, input.subscriptionId, { lock: true });
    const original = await findDelivery(tx, organisationId, sub.id, input.deliveryId);
    if (!original) throw new AppError("not_found", "No such delivery of this subscription.");
    const id = await insertRedelivery(tx, {
      organisationId,
      subscriptionId: sub.id,
      eventId: original.eventId,
      at: ctx.now,
    });
    return findDelivery(tx, organisationId, sub.id, id);
  });
  return delivery!;
}

export const redeliver: Operation = (app, deps) => {
  app.post(
    "/webhooks/v1/:id/deliveries/:deliveryId/redeliver",
    {
      schema: {
        tags: ["webhooks"],
        summary: "Redeliver an event",
        params: DeliveryParams,
        response: { 202: DeliveryBody, ...errorResponses(401, 404) },
      },
      config: { auth: "any" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const delivery = await redeliverWebhookEvent(contextOf(deps), {
        organisationId,
        subscriptionId: request.params.id,
        deliveryId: request.params.deliveryId,
      });
      reply.code(202);
      return deliveryToWire(delivery);
    },
  );
};
