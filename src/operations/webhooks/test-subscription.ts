/**
 * `POST /webhooks/v1/{id}/test` — queue a `ping` event for this subscription (whatever its event types): 202 with
 * the delivery, which the worker sends like any other (signed, retried). Another organisation's → 404.
 */

import { emitPing } from "../../db/repositories/webhooks.js";
import { findDelivery } from "../../db/repositories/webhooks-deliveries.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { errorResponses } from "../../http/schemas.js";
import { DeliveryBody, deliveryToWire, SubscriptionParams } from "../../wire/webhooks.js";
import { loadSubscription } from "./subscriptions.js";

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
      const delivery = await deps.db.kysely.transaction().execute(async (tx) => {
        const sub = await loadSubscription(tx, organisationId, request.params.id, { lock: true });
        const { deliveryId } = await emitPing(tx, {
          organisationId,
          subscriptionId: sub.id,
          at: deps.clock.now(),
        });
        return findDelivery(tx, organisationId, sub.id, deliveryId);
      });
      reply.code(202);
      return deliveryToWire(delivery!);
    },
  );
};
