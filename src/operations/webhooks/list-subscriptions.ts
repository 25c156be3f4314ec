/** `GET /webhooks/v1/` — the caller's subscriptions (a bare array, oldest first, no secrets), total in X-Total-Count. */
import { Type } from "typebox";
import type { Page } from "../../db/chunks.js";
import { listSubscriptions as listStored, type WebhookSubscription } from "../../db/repositories/webhooks.js";
import { principalOf } from "../../http/auth.js";
import type { Operation } from "../../http/operation.js";
import { mapChunks, pageOf, sendChunks } from "../../http/paging.js";
import { errorResponses } from "../../http/schemas.js";
import { Paging } from "../../wire/atoms.js";
import { SubscriptionBody, subscriptionToWire } from "../../wire/webhooks.js";
import { contextOf, type UseCaseContext } from "../context.js";

/** The organisation's subscriptions, oldest first, in chunks, with the total. */
export async function listWebhookSubscriptions(
  ctx: UseCaseContext,
  input: { organisationId: string; page: Page },
): Promise<{ chunks: AsyncIterable<WebhookSubscription[]>; total: number }> {
  return listStored(ctx.db.kysely, input.organisationId, input.page);
}

export const listSubscriptions: Operation = (app, deps) => {
  app.get(
    "/webhooks/v1/",
    {
      schema: {
        tags: ["webhooks"],
        summary: "List webhook subscriptions",
        querystring: Type.Object({ ...Paging.properties }, { additionalProperties: false }),
        response: { 200: Type.Array(SubscriptionBody), ...errorResponses(400, 401) },
      },
      config: { auth: "any" },
    },
    async (request, reply) => {
      const { organisationId } = principalOf(request);
      const { chunks, total } = await listWebhookSubscriptions(contextOf(deps), {
        organisationId,
        page: pageOf(request.query),
      });
      return sendChunks(
        reply,
        mapChunks(chunks, (subs) => subs.map(subscriptionToWire)),
        total,
        SubscriptionBody,
      );
    },
  );
};
