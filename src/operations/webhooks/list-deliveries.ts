/**
 * `GET /webhooks/v1/{id}/deliveries/` — the subscription's deliveries, newest first (a bare array, total in
 * X-Total-Count): status, attempts, last response code, next attempt. Optional `status` filter.
 */
import { Type } from "typebox";
import { listDeliveries as listStored } from "../../db/repositories/webhooks-deliveries.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { mapChunks, pageOf, sendChunks } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { Paging } from "../../wire/atoms.js";
import { DeliveryBody, deliveryToWire, SubscriptionParams } from "../../wire/webhooks.js";
import { loadSubscription } from "./subscriptions.js";

const Query = Type.Object(
  {
    ...Paging.properties,
    status: Type.Optional(
      Type.Unsafe<"pending" | "succeeded" | "failed">({ type: "string", enum: ["pending", "succeeded", "failed"] }),
    ),
  },
  { additionalProperties: false },
);

export const listDeliveries: Operation = (app, deps) => {
  app.get(
    "/webhooks/v1/:id/deliveries/",
    {
      schema: {
        tags: ["webhooks"],
        summary: "List a webhook subscription's deliveries",
        params: SubscriptionParams,
        querystring: Query,
        response: { 200: Type.Array(DeliveryBody), ...errorResponses(400, 401, 404) },
      },
      config: { auth: "any" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const db = deps.db.kysely;
      const sub = await loadSubscription(db, organisationId, request.params.id);
      const { chunks, total } = await listStored(db, organisationId, sub.id, {
        ...pageOf(request.query),
        status: request.query.status,
      });
      return sendChunks(
        reply,
        mapChunks(chunks, (deliveries) => deliveries.map(deliveryToWire)),
        total,
        DeliveryBody,
      );
    },
  );
};
