/**
 * `GET /webhooks/v1/{id}/deliveries/` — the subscription's deliveries, newest first (a bare array, total in
 * X-Total-Count): status, attempts, last response code, next attempt. Optional `status` filter.
 */
import { Type } from "typebox";
import type { Page } from "../../db/chunks.js";
import { listDeliveries as listStored, type WebhookDelivery } from "../../db/repositories/webhooks-deliveries.js";
import type { WebhookDeliveryStatus } from "../../db/schema.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { mapChunks, pageOf, sendChunks } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { Paging } from "../../wire/atoms.js";
import { DeliveryBody, deliveryToWire, SubscriptionParams } from "../../wire/webhooks.js";
import { contextOf, type UseCaseContext } from "../context.js";
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

/** One of the organisation's subscriptions' deliveries (404 when it has none by that id), newest first, in chunks. */
export async function listWebhookDeliveries(
  ctx: UseCaseContext,
  input: {
    organisationId: string;
    subscriptionId: string;
    page: Page;
    status: WebhookDeliveryStatus | undefined;
  },
): Promise<{ chunks: AsyncIterable<WebhookDelivery[]>; total: number }> {
  const db = ctx.db.kysely;
  const sub = await loadSubscription(db, input.organisationId, input.subscriptionId);
  return listStored(db, input.organisationId, sub.id, { ...input.page, status: input.status });
}

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
      const { chunks, total } = await listWebhookDeliveries(contextOf(deps), {
        organisationId,
        subscriptionId: request.params.id,
        page: pageOf(request.query),
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
